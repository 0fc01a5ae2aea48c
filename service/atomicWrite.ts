/**
 * Atomic file replacement (ARCHITECTURE.md, "Files on disk"): a temp file in the same folder,
 * fsync, rename over the target, fsync the folder. Readers see the old bytes or the new, never half.
 * Temp names end in `.seatmap-tmp-<random>`, which the watcher ignores.
 */
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export function tempNameFor(target: string): string {
  return join(dirname(target), `.${basename(target)}.seatmap-tmp-${randomBytes(6).toString('hex')}`);
}

/** Makes a rename or link in `dir` durable. */
export async function fsyncDir(dir: string): Promise<void> {
  const handle = await open(dir, constants.O_RDONLY);
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Writes `data` to a new temp file beside `target`, with `mode`, fsynced; returns its path. */
export async function writeSyncedTemp(target: string, data: string | Uint8Array, mode = 0o644): Promise<string> {
  const temp = tempNameFor(target);
  const handle = await open(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
  try {
    await handle.writeFile(data);
    await handle.chmod(mode);
    await handle.sync();
  } catch (error) {
    await handle.close();
    await rm(temp, { force: true });
    throw error;
  }
  await handle.close();
  return temp;
}

export async function writeFileAtomic(target: string, data: string | Uint8Array): Promise<void> {
  await mkdir(dirname(target), { recursive: true });
  const temp = await writeSyncedTemp(target, data);
  try {
    await rename(temp, target);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  await fsyncDir(dirname(target));
}
