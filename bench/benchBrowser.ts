/**
 * What the browser benches share (bench/ui.ts, bench/uiProfile.ts): where the repository and
 * Debian's Chromium are, and a fleet served by the real `seatmap serve` on a free port.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Fleet sizes to measure (BENCH_SIZES) and messages per seat (BENCH_MESSAGES_PER_SEAT). */
export const SIZES = (process.env.BENCH_SIZES ?? '14,200,1000').split(',').map(Number);
export const PER_SEAT = Number(process.env.BENCH_MESSAGES_PER_SEAT ?? 100);

export const chromiumPath = [process.env.CHROMIUM_PATH, '/usr/lib/chromium/chromium', '/usr/bin/chromium'].find((p): p is string => Boolean(p && existsSync(p)));

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** `seatmap serve dir` in a child process; resolves with the address it prints (token included). */
export async function serveFleet(dir: string): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [join(REPO, 'bin', 'seatmap.mjs'), 'serve', dir, '--port', '0'], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`seatmap serve printed no URL:\n${output}`)), 120_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /^(http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)$/m.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolveUrl(match[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', (code) => reject(new Error(`seatmap serve exited with ${code}:\n${output}`)));
  });
  return { url, child };
}
