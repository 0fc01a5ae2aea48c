/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * What the browser benches share (bench/ui.ts, bench/uiProfile.ts): where the repository and
 * Debian's Chromium are, a fleet served by the real `seatmap serve` on a free port, and one drag
 * measured frame by frame.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import type { Page } from '@playwright/test';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Fleet sizes to measure (BENCH_SIZES) and messages per seat (BENCH_MESSAGES_PER_SEAT). */
export const SIZES = (process.env.BENCH_SIZES ?? '14,200,1000').split(',').map(Number);
export const PER_SEAT = Number(process.env.BENCH_MESSAGES_PER_SEAT ?? 100);

export const chromiumPath = [process.env.CHROMIUM_PATH, '/usr/lib/chromium/chromium', '/usr/bin/chromium'].find((p): p is string => Boolean(p && existsSync(p)));

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * `seatmap serve dir` in a child process; resolves with the address it prints (token included) and
 * `stop`, which ends the server and waits until it has exited.
 */
export async function serveFleet(dir: string): Promise<{ url: string; child: ChildProcess; stop(): Promise<void> }> {
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
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  };
  return { url, child, stop };
}

export const quantile = (values: number[], q: number) => {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
};

const DRAG_MOVES = 40;

/**
 * Drags the node matching `selector` nearest the canvas centre in DRAG_MOVES mouse moves, one per
 * frame or so; returns the frames drawn meanwhile, their interval p50/p95, and the long tasks.
 */
export async function measureDrag(page: Page, selector: string): Promise<{ frames: number; p50: number; p95: number; longTasks: number }> {
  await page.evaluate(() => {
    const w = window as unknown as { __frames: number[]; __long: number; __rec: boolean };
    w.__frames = [];
    w.__long = 0;
    w.__rec = true;
    new PerformanceObserver((list) => {
      if (w.__rec) w.__long += list.getEntries().length;
    }).observe({ type: 'longtask' });
    const tick = (t: number) => {
      if (!w.__rec) return;
      w.__frames.push(t);
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  const box = await page.evaluate((sel) => {
    const cx = innerWidth / 2;
    const cy = innerHeight / 2;
    let best: { x: number; y: number; d: number } | null = null;
    for (const el of Array.from(document.querySelectorAll(sel))) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.top < 80 || r.bottom > innerHeight - 140) continue;
      const x = r.left + r.width / 2;
      const y = r.top + Math.min(20, r.height / 2);
      const d = Math.hypot(x - cx, y - cy);
      if (!best || d < best.d) best = { x, y, d };
    }
    return best;
  }, selector);
  if (!box) throw new Error(`nothing to drag at ${selector}`);
  await page.mouse.move(box.x, box.y);
  await page.mouse.down();
  for (let i = 1; i <= DRAG_MOVES; i++) {
    await page.mouse.move(box.x + i * 6, box.y + i * 3);
    await sleep(16);
  }
  await page.mouse.up();
  const { frames, long } = await page.evaluate(() => {
    const w = window as unknown as { __frames: number[]; __long: number; __rec: boolean };
    w.__rec = false;
    return { frames: w.__frames, long: w.__long };
  });
  const deltas = frames.slice(1).map((t, i) => t - frames[i]!);
  return { frames: frames.length, p50: quantile(deltas, 0.5), p95: quantile(deltas, 0.95), longTasks: long };
}
