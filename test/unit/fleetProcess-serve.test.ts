/**
 * `seatmap serve` runs the fleet service in a child process, and that child never outlives it:
 * stopped normally or killed outright, the serve process leaves no fleet process behind.
 * Reads the child's pid from Linux's /proc (skipped elsewhere). Needs the built UI (`npm run build`).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { copyFixture, removeDir, waitFor } from '../helpers/fleetDir';

const REPO = resolve(import.meta.dirname, '../..');
const dirs: string[] = [];
const started: ChildProcess[] = [];
afterEach(async () => {
  for (const child of started.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await Promise.all(dirs.splice(0).map(removeDir));
});

function childrenOf(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

function commandOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return '';
  }
}

/** Alive, and not a zombie waiting for a parent (an orphan's new parent may reap it late). */
function isRunning(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

async function serve(dir: string): Promise<{ serve: ChildProcess; fleetPid: number }> {
  const child = spawn(process.execPath, [join(REPO, 'bin', 'seatmap.mjs'), 'serve', dir, '--port', '0'], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
  started.push(child);
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  await waitFor(() => /token=/.test(output), { timeoutMs: 30_000, describe: () => `the URL from seatmap serve:\n${output}` });
  const fleetPid = childrenOf(child.pid!).find((pid) => commandOf(pid).includes('nodeFleetChild'));
  expect(fleetPid, `a fleet process under seatmap serve (children: ${childrenOf(child.pid!).map(commandOf).join(' | ')})`).toBeDefined();
  return { serve: child, fleetPid: fleetPid! };
}

describe.skipIf(!existsSync('/proc/self/task') || !existsSync(join(REPO, 'out/renderer/index.html')))('seatmap serve and its fleet process', () => {
  it('stops the fleet process when stopped', { timeout: 60_000 }, async () => {
    const dir = await copyFixture('small-agency');
    dirs.push(dir);
    const { serve: host, fleetPid } = await serve(dir);
    const exited = new Promise((resolvePromise) => host.once('exit', resolvePromise));
    host.kill('SIGTERM');
    await exited;
    await waitFor(() => !isRunning(fleetPid), { describe: () => `fleet process ${fleetPid} to end` });
  });

  it('leaves no fleet process behind when it is killed outright', { timeout: 60_000 }, async () => {
    const dir = await copyFixture('small-agency');
    dirs.push(dir);
    const { serve: host, fleetPid } = await serve(dir);
    host.kill('SIGKILL');
    await waitFor(() => !isRunning(fleetPid), { describe: () => `fleet process ${fleetPid} to end after its host was killed` });
  });
});
