/**
 * The live demo's temp folder through the real `seatmap serve --demo` (service/demo/demoFolder.ts):
 * removed when the server stops, and a folder left by a crashed run swept on the next start, while
 * anything Seatmap did not make stays.
 */
import { spawn } from 'node:child_process';
import { lstat, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { REPO } from './serveFleet';

const exists = (path: string) => lstat(path).then(() => true, () => false);

test('seatmap serve --demo removes its folder when it stops, and sweeps one a crashed run left', async () => {
  const parent = await mkdtemp(join(tmpdir(), 'seatmap-e2e-tmp-'));
  try {
    // A crashed run's folder (its process is long gone), and a look-alike without our marker.
    const crashed = join(parent, 'seatmap-demo-crashed');
    await mkdir(join(crashed, '.seatmap'), { recursive: true });
    await writeFile(join(crashed, '.seatmap/demo-folder.json'), JSON.stringify({ madeBy: 'seatmap', kind: 'live-demo', pid: 2 ** 22 + 1, createdAt: '2026-01-01T00:00:00Z' }));
    const lookAlike = join(parent, 'seatmap-demo-mine');
    await mkdir(lookAlike);

    const child = spawn(process.execPath, [join(REPO, 'bin', 'seatmap.mjs'), 'serve', '--demo', '--port', '0'], { cwd: REPO, env: { ...process.env, TMPDIR: parent }, stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    let output = '';
    const root = await new Promise<string>((resolve, reject) => {
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        const match = /live demo fleet at (\S+)/.exec(output);
        if (match?.[1] && /\?token=/.test(output)) resolve(match[1]);
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
      void exited.then((code) => reject(new Error(`seatmap serve exited with ${code}:\n${output}`)));
    });
    expect(root.startsWith(join(parent, 'seatmap-demo-'))).toBe(true);
    expect(await exists(join(root, 'fleet.yaml'))).toBe(true);
    expect(await exists(crashed)).toBe(false);
    expect(await exists(lookAlike)).toBe(true);

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(await exists(root)).toBe(false);
  } finally {
    await rm(parent, { recursive: true, force: true });
  }
});
