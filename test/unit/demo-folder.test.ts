/**
 * The live demo's temp folder (service/demo/demoFolder.ts) on real folders and real processes:
 * removed when the run ends (normally or through process exit), and swept on the next start when a
 * run was killed, touching only folders Seatmap made.
 */
import { spawn } from 'node:child_process';
import { lstat, mkdir, mkdtemp, readFile, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTempDemoFleet, DEMO_MARKER, makeDemoFolder, sweepStaleDemoFolders } from '../../service/demo';
import { removeDir } from '../helpers/fleetDir';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const NOW = Date.parse('2026-11-20T07:30:00Z');
let parent: string;

beforeEach(async () => {
  parent = await mkdtemp(join(tmpdir(), 'seatmap-folders-test-'));
});
afterEach(async () => {
  await removeDir(parent);
});

const exists = (path: string) => lstat(path).then(() => true, () => false);

/** A folder that looks like a demo folder from process `pid`. */
async function fakeDemoFolder(name: string, marker: unknown): Promise<string> {
  const root = join(parent, name);
  await mkdir(join(root, '.seatmap'), { recursive: true });
  await writeFile(join(root, 'fleet.yaml'), 'name: x\n');
  await writeFile(join(root, DEMO_MARKER), typeof marker === 'string' ? marker : JSON.stringify(marker));
  return root;
}

const marker = (pid: number) => ({ madeBy: 'seatmap', kind: 'live-demo', pid, createdAt: new Date(NOW).toISOString() });

/** Runs a script in a child Node process (TypeScript through tsx) with TMPDIR set to `parent`. */
function runChild(script: string, untilLine?: string): Promise<{ stdout: string; kill: () => Promise<void>; exited: Promise<number | null> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: REPO, env: { ...process.env, TMPDIR: parent }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  return new Promise((resolvePromise, reject) => {
    const ready = () => resolvePromise({ stdout, exited, kill: async () => void (child.kill('SIGKILL'), await exited) });
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      if (untilLine && stdout.includes(untilLine)) ready();
    });
    child.stderr.on('data', (chunk) => (stderr += chunk));
    void exited.then((code) => (untilLine && !stdout.includes(untilLine) ? reject(new Error(`child exited with ${code}: ${stderr}`)) : ready()));
  });
}

describe('demo temp folders', () => {
  it('makes a marked folder and removes it on remove()', async () => {
    const demo = await createTempDemoFleet(NOW, undefined, { parent });
    expect(dirname(demo.root)).toBe(parent);
    expect(JSON.parse(await readFile(join(demo.root, DEMO_MARKER), 'utf8'))).toMatchObject({ madeBy: 'seatmap', pid: process.pid });
    expect(await exists(join(demo.root, 'fleet.yaml'))).toBe(true);
    await demo.remove();
    expect(await exists(demo.root)).toBe(false);
  });

  it('sweeps folders of runs that are gone, and nothing else', async () => {
    const dead = await fakeDemoFolder('seatmap-demo-dead', marker(999_999));
    const alive = await fakeDemoFolder('seatmap-demo-alive', marker(4242));
    const noMarker = join(parent, 'seatmap-demo-nomarker');
    await mkdir(noMarker);
    const wrongMarker = await fakeDemoFolder('seatmap-demo-wrong', { ...marker(999_999), madeBy: 'someone' });
    const brokenMarker = await fakeDemoFolder('seatmap-demo-broken', '{ not json');
    const otherName = await fakeDemoFolder('my-fleet', marker(999_999));
    // A symlink named like ours, pointing at a marked folder elsewhere: never followed.
    const elsewhere = await fakeDemoFolder('elsewhere', marker(999_999));
    await symlink(elsewhere, join(parent, 'seatmap-demo-link'));
    // A marker that is itself a symlink to a real marker.
    const linkedMarker = join(parent, 'seatmap-demo-linkedmarker');
    await mkdir(join(linkedMarker, '.seatmap'), { recursive: true });
    await symlink(join(dead, DEMO_MARKER), join(linkedMarker, DEMO_MARKER));

    const removed = await sweepStaleDemoFolders({ parent, isAlive: (pid) => pid === 4242 });

    expect(removed).toEqual([dead]);
    expect(await exists(dead)).toBe(false);
    for (const kept of [alive, noMarker, wrongMarker, brokenMarker, otherName, elsewhere, join(parent, 'seatmap-demo-link'), linkedMarker]) {
      expect(await exists(kept), kept).toBe(true);
    }
    expect(await exists(join(elsewhere, 'fleet.yaml'))).toBe(true);
  });

  it('never sweeps a folder this process still uses', async () => {
    const demo = await makeDemoFolder({ parent, pid: 999_999 });
    expect(await sweepStaleDemoFolders({ parent, isAlive: () => false })).toEqual([]);
    expect(await exists(demo.root)).toBe(true);
    await demo.remove();
  });

  it('removes the folder when the process exits without calling remove()', async () => {
    const child = await runChild(
      `import { createTempDemoFleet } from './service/demo/index.ts';
       const demo = await createTempDemoFleet();
       console.log('ROOT=' + demo.root);
       process.exit(0);`,
    );
    expect(await child.exited).toBe(0);
    const root = /ROOT=(.*)/.exec(child.stdout)?.[1] ?? '';
    expect(dirname(root)).toBe(parent);
    expect(await exists(root)).toBe(false);
  });

  it('sweeps the folder of a killed run on the next start', async () => {
    const child = await runChild(
      `import { createTempDemoFleet } from './service/demo/index.ts';
       const demo = await createTempDemoFleet();
       console.log('ROOT=' + demo.root);
       setInterval(() => undefined, 1000);`,
      '\n',
    );
    const root = /ROOT=(.*)/.exec(child.stdout)?.[1] ?? '';
    expect(await exists(join(root, 'fleet.yaml'))).toBe(true);
    // While its run lives, a new start leaves it alone.
    const second = await createTempDemoFleet(NOW, undefined, { parent });
    expect(await exists(root)).toBe(true);
    await child.kill();
    expect(await exists(root)).toBe(true);
    const third = await createTempDemoFleet(NOW, undefined, { parent });
    expect(await exists(root)).toBe(false);
    expect(await exists(second.root)).toBe(true);
    await second.remove();
    await third.remove();
  });
});
