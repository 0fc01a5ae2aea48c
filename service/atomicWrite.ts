/**
 * Atomic file replacement: a temp file in the same folder,
 * fsync, rename over the target, fsync the folder. Readers see the old bytes or the new, never half.
 * Temp names end in `.seatmap-tmp-<random>`, which the watcher ignores.
 *
 * Every file-system step of the write path calls a `WriteHook` first. Production passes none;
 * tests pass one that throws an errno error at a step (the disk is full, permission denied) or
 * kills the process there (a crash), which is exactly what the OS failing that call looks like.
 */
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** The named steps of the write path, in the order a fleet.yaml edit takes them. */
export type WriteStep =
  | 'history-dir' // create / resolve .seatmap/history
  | 'journal-write' // record the swap in .seatmap/journal before it starts
  | 'temp-open'
  | 'temp-write'
  | 'temp-sync'
  | 'aside' // rename fleet.yaml → .seatmap/history/<entry>
  | 'link' // link temp → fleet.yaml
  | 'put-back' // link the moved-aside file back after a failed swap
  | 'temp-unlink'
  | 'rename' // rename temp → target (plain atomic writes)
  | 'dir-open' // open a folder to fsync it
  | 'dir-sync'
  | 'journal-clear';

/** Called before each step with the path it acts on; throwing makes the step fail. */
export type WriteHook = (step: WriteStep, path: string) => void;

export const noHook: WriteHook = () => undefined;

export function tempNameFor(target: string): string {
  return join(dirname(target), `.${basename(target)}.seatmap-tmp-${randomBytes(6).toString('hex')}`);
}

/**
 * Codes with which opening or fsyncing a folder fails where the OS or file system cannot do it
 * (Windows: EISDIR / EPERM; some network and FUSE file systems: EINVAL, ENOTSUP). The rename is
 * done by then; there is nothing more to make durable from here, so these are not failures.
 */
const DIR_SYNC_UNSUPPORTED = new Set(['EISDIR', 'EPERM', 'EACCES', 'EINVAL', 'ENOTSUP', 'EOPNOTSUPP', 'EBADF', 'ENOSYS']);

/**
 * Makes a rename or link in `dir` durable, where the OS supports that: returns false when it does
 * not (see DIR_SYNC_UNSUPPORTED). Any other error (EIO, ...) is thrown.
 */
export async function fsyncDir(dir: string, hook: WriteHook = noHook): Promise<boolean> {
  let handle;
  try {
    hook('dir-open', dir);
    handle = await open(dir, constants.O_RDONLY);
  } catch (error) {
    if (DIR_SYNC_UNSUPPORTED.has(errorCode(error) ?? '')) return false;
    throw error;
  }
  try {
    hook('dir-sync', dir);
    await handle.sync();
    return true;
  } catch (error) {
    if (DIR_SYNC_UNSUPPORTED.has(errorCode(error) ?? '')) return false;
    throw error;
  } finally {
    await handle.close();
  }
}

export interface TempOptions {
  mode?: number;
  hook?: WriteHook;
  /** The temp path to use (from `tempNameFor`), when the caller recorded it beforehand. */
  temp?: string;
}

/**
 * Writes `data` to a new temp file beside `target`, with `mode`, fsynced; returns its path. On any
 * failure the temp file is removed and the error thrown: nothing is left behind.
 */
export async function writeSyncedTemp(target: string, data: string | Uint8Array, options: TempOptions = {}): Promise<string> {
  const hook = options.hook ?? noHook;
  const temp = options.temp ?? tempNameFor(target);
  hook('temp-open', temp);
  const handle = await open(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
  try {
    hook('temp-write', temp);
    await handle.writeFile(data);
    await handle.chmod(options.mode ?? 0o644);
    hook('temp-sync', temp);
    await handle.sync();
  } catch (error) {
    await handle.close();
    await rm(temp, { force: true });
    throw error;
  }
  await handle.close();
  return temp;
}

export async function writeFileAtomic(target: string, data: string | Uint8Array, hook: WriteHook = noHook): Promise<void> {
  await mkdir(dirname(target), { recursive: true });
  const temp = await writeSyncedTemp(target, data, { hook });
  try {
    hook('rename', target);
    await rename(temp, target);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  await fsyncDir(dirname(target), hook);
}

export function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error ? String((error as { code: unknown }).code) : undefined;
}

const CODE_WORDS: Record<string, string> = {
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
  EACCES: 'permission denied',
  EPERM: 'the operation is not permitted',
  EROFS: 'the file system is read-only',
  EIO: 'an input/output error',
  EMFILE: 'too many files are open',
  ENFILE: 'too many files are open',
  EBUSY: 'the file is busy',
  ENOENT: 'a file or folder is missing',
};

/** A file-system error in plain words, keeping its code for whoever needs to look it up. */
export function describeIoError(error: unknown): string {
  const code = errorCode(error);
  const words = code ? CODE_WORDS[code] : undefined;
  if (words) return `${words} (${code})`;
  return error instanceof Error ? error.message : String(error);
}
