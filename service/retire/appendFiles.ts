/**
 * Files that agents append to (inboxes) are never rewritten in place. To change one, it is renamed
 * aside (appenders that open the path afresh then create a new file), drained (read to the end,
 * a grace period, read again until it stops growing), and the new content is linked in; bytes
 * that still land in the aside file afterwards (a writer holding it open) are appended, O_APPEND.
 */
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { link, open, readFile, rename, rm, stat, unlink } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { fsyncDir, writeSyncedTemp } from '../atomicWrite';

export const DEFAULT_GRACE_MS = 150;
const MAX_DRAIN_ROUNDS = 100;

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | null)?.code === 'ENOENT';
}

/** Reads `path` until it has not grown for one grace period. */
export async function drainFile(path: string, graceMs: number): Promise<Buffer> {
  let bytes = await readFile(path);
  for (let round = 0; round < MAX_DRAIN_ROUNDS; round++) {
    await sleep(graceMs);
    const size = (await stat(path)).size;
    if (size === bytes.length) return bytes;
    bytes = await readFile(path);
  }
  return bytes;
}

/** Appends with O_APPEND (one write, so lines of other appenders are never interleaved with it) and fsyncs. */
export async function appendSynced(path: string, data: string | Buffer): Promise<void> {
  if (data.length === 0) return;
  const handle = await open(path, constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT, 0o644);
  try {
    await handle.write(typeof data === 'string' ? Buffer.from(data) : data);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Replaces an append-only file's content with `transform(content)`, losing no line any writer
 * appends meanwhile. Returns false when the file does not exist (nothing to do).
 */
export async function replaceAppendFile(path: string, transform: (text: string) => string, graceMs: number, asideDir: string): Promise<boolean> {
  const asides: Array<{ path: string; read: number }> = [];
  const moveAside = async (): Promise<string | null> => {
    const aside = join(asideDir, `${basename(path)}.${randomBytes(4).toString('hex')}.aside`);
    try {
      await rename(path, aside);
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
    const bytes = await drainFile(aside, graceMs);
    asides.push({ path: aside, read: bytes.length });
    return transform(bytes.toString('utf8'));
  };
  const first = await moveAside();
  if (first === null) return false;
  let content = first;
  for (;;) {
    const temp = await writeSyncedTemp(path, content);
    try {
      await link(temp, path);
      await unlink(temp);
      break;
    } catch (error) {
      await rm(temp, { force: true });
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      // A writer created a fresh file in the gap: take its lines too.
      const more = await moveAside();
      if (more !== null) content += more;
    }
  }
  await fsyncDir(join(path, '..'));
  await sleep(graceMs);
  for (const aside of asides) {
    const bytes = await readFile(aside.path);
    if (bytes.length > aside.read) await appendSynced(path, bytes.subarray(aside.read));
    await rm(aside.path, { force: true });
  }
  return true;
}
