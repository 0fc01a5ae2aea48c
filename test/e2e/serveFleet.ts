/**
 * Starts the real `seatmap serve` command on a fleet folder (port 0) and reads its URL line, so
 * end-to-end tests exercise the same path a user does.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const FIXTURES = join(REPO, 'test', 'fixtures');

export interface ServedFleet {
  url: string;
  dir: string;
  stop(): Promise<void>;
}

export async function copyFixtureFleet(name: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), `seatmap-e2e-${name}-`));
  await cp(join(FIXTURES, name), dir, { recursive: true });
  return dir;
}

export async function writeDemoFleet(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'seatmap-e2e-demo-'));
  await runCli(['demo', dir]);
  return dir;
}

export function runCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [join(REPO, 'bin', 'seatmap.mjs'), ...args], { cwd: REPO });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('exit', (code) => resolvePromise({ code: code ?? -1, stdout, stderr }));
  });
}

/** Serves `dir` (or the live demo when `dir` is null) and resolves with the printed URL. */
export async function serveFleet(dir: string | null, options: { ownsDir?: boolean; extraArgs?: string[] } = {}): Promise<ServedFleet> {
  const args = [...(dir ? ['serve', dir, '--port', '0'] : ['serve', '--demo', '--port', '0']), ...(options.extraArgs ?? [])];
  const child: ChildProcess = spawn(process.execPath, [join(REPO, 'bin', 'seatmap.mjs'), ...args], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const url = await new Promise<string>((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error(`seatmap serve printed no URL in 20 s:\n${output}`)), 20_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /^(http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)$/m.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolvePromise(match[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`seatmap serve exited with ${code}:\n${output}`));
    });
  });
  return {
    url,
    dir: dir ?? '',
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      if (dir && options.ownsDir !== false) await rm(dir, { recursive: true, force: true });
    },
  };
}
