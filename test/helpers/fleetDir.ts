/** Real temp fleet folders for tests (no fs mocks), and waiting for a condition instead of sleeping. */
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const FIXTURES = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures');

export async function makeFleetDir(files: Record<string, string> = {}): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'seatmap-test-'));
  await writeFiles(dir, files);
  return dir;
}

export async function writeFiles(dir: string, files: Record<string, string>): Promise<void> {
  for (const [rel, content] of Object.entries(files)) {
    await mkdir(dirname(join(dir, rel)), { recursive: true });
    await writeFile(join(dir, rel), content);
  }
}

/** Copies a fixture fleet (test/fixtures/<name>) to a temp folder, so tests may change it. */
export async function copyFixture(name: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), `seatmap-${name}-`));
  await cp(join(FIXTURES, name), dir, { recursive: true });
  return dir;
}

export async function removeDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}

/**
 * Resolves when `check` returns a truthy value, re-checking when `subscribe` reports a change (and
 * every 50 ms as a fallback); fails with `describe()` after `timeoutMs`.
 */
type Found<T> = Exclude<T, undefined | null | false | 0 | ''>;

export async function waitFor<T>(
  check: () => T,
  options: { timeoutMs?: number; describe?: () => string; subscribe?: (wake: () => void) => () => void } = {},
): Promise<Found<T>> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const first = check();
  if (first) return first as Found<T>;
  return new Promise<Found<T>>((resolvePromise, reject) => {
    let done = false;
    const finish = (fn: () => void) => {
      if (done) return;
      done = true;
      clearInterval(poll);
      clearTimeout(timer);
      unsubscribe?.();
      fn();
    };
    const attempt = () => {
      const value = check();
      if (value) finish(() => resolvePromise(value as Found<T>));
    };
    const unsubscribe = options.subscribe?.(attempt);
    const poll = setInterval(attempt, 50);
    const timer = setTimeout(() => finish(() => reject(new Error(`Timed out after ${timeoutMs} ms waiting for ${options.describe?.() ?? 'a condition'}`))), timeoutMs);
  });
}
