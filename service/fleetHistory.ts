/**
 * `.seatmap/history/`: the bytes of every fleet.yaml that a Seatmap write replaced, so any write
 * can be recovered. One file per replaced version,
 * named `<ISO time>-<hash8>.yaml` (colons as dashes, so the names sort by time and are valid on
 * every file system); the newest HISTORY_LIMIT are kept.
 */
import { createHash } from 'node:crypto';
import { mkdir, readdir, realpath, rm } from 'node:fs/promises';
import { join, relative, isAbsolute, sep } from 'node:path';
import { OWN_FOLDER } from '../shared/fleetLayout';

export const HISTORY_LIMIT = 200;
/** A history entry's file name. */
export const HISTORY_ENTRY = /^\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}\.\d{3}Z-[0-9a-f]{8}\.yaml$/;

/** sha-256 of the text's UTF-8 bytes (or of raw bytes), lowercase hex: the revision of fleet.yaml. */
export function hashText(text: string | Uint8Array): string {
  return createHash('sha256').update(text).digest('hex');
}

/** `<root>/.seatmap/history`, created when missing; refused when it resolves outside the root. */
export async function historyDir(realRoot: string): Promise<string> {
  const dir = join(realRoot, OWN_FOLDER, 'history');
  await mkdir(dir, { recursive: true });
  const real = await realpath(dir);
  if (!isInside(realRoot, real)) throw new Error(`${OWN_FOLDER}/history resolves outside the fleet folder`);
  return real;
}

export function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

/**
 * The entry name for bytes with `hash` replaced at `now`. Two entries can only share a name when
 * they hold the same bytes (same hash, same millisecond), so reusing a name loses nothing.
 */
export function historyEntryName(hash: string, now: Date = new Date()): string {
  return `${now.toISOString().replace(/:/g, '-')}-${hash.slice(0, 8)}.yaml`;
}

/** History entries, oldest first. */
export async function listHistory(dir: string): Promise<string[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  return names.filter((name) => HISTORY_ENTRY.test(name)).sort();
}

/** Deletes all but the newest `keep` entries. */
export async function pruneHistory(dir: string, keep: number = HISTORY_LIMIT): Promise<void> {
  const names = await listHistory(dir);
  for (const name of names.slice(0, Math.max(0, names.length - keep))) await rm(join(dir, name), { force: true });
}
