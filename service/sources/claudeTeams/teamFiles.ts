/**
 * Reading a Claude Code root's files (docs/sources.md): `teams/<team>/config.json`,
 * `teams/<team>/inboxes/<name>.json`, `tasks/<team>/<n>.json`. Read-only: nothing here writes.
 * Symlinks are not followed (lstat, O_NOFOLLOW); lock files (`*.lock`) and temp files are ignored;
 * huge files are refused with a message instead of being read.
 */
import { constants } from 'node:fs';
import { lstat, open, readdir } from 'node:fs/promises';
import { join } from 'node:path';

/** An inbox of 5,000 long messages is a few MB; anything past this is not an inbox Claude wrote. */
export const MAX_TEAM_FILE_BYTES = 256 * 1024 * 1024;

/** Names Claude Code gives teams and members are plain; anything else is skipped, not trusted. */
export const TEAM_NAME = /^[A-Za-z0-9][A-Za-z0-9._ -]{0,127}$/;

export type TeamFileKind = { kind: 'config'; team: string } | { kind: 'inbox'; team: string; name: string } | { kind: 'task'; team: string; id: string } | { kind: 'other' };

/** What a root-relative path is (forward slashes). */
export function classifyTeamPath(rel: string): TeamFileKind {
  const parts = rel.split('/');
  const last = parts[parts.length - 1] ?? '';
  if (last.endsWith('.lock') || last.endsWith('.tmp') || last.startsWith('.')) return { kind: 'other' };
  if (parts[0] === 'teams' && parts.length === 3 && parts[2] === 'config.json' && TEAM_NAME.test(parts[1]!)) return { kind: 'config', team: parts[1]! };
  if (parts[0] === 'teams' && parts.length === 4 && parts[2] === 'inboxes' && TEAM_NAME.test(parts[1]!) && last.endsWith('.json')) {
    const name = last.slice(0, -'.json'.length);
    if (TEAM_NAME.test(name)) return { kind: 'inbox', team: parts[1]!, name };
  }
  if (parts[0] === 'tasks' && parts.length === 3 && TEAM_NAME.test(parts[1]!) && last.endsWith('.json')) {
    const id = last.slice(0, -'.json'.length);
    if (/^[A-Za-z0-9_-]{1,64}$/.test(id)) return { kind: 'task', team: parts[1]!, id };
  }
  return { kind: 'other' };
}

/** Whether the watcher should skip a root-relative path (anything but team files and their folders). */
export function ignoredTeamPath(rel: string): boolean {
  if (rel === '' || rel.startsWith('..')) return false;
  const parts = rel.split('/');
  const last = parts[parts.length - 1] ?? '';
  if (last.endsWith('.lock') || last.endsWith('.tmp') || last.startsWith('.')) return true;
  if (parts[0] === 'teams') {
    if (parts.length <= 2) return false;
    if (parts.length === 3) return !(parts[2] === 'config.json' || parts[2] === 'inboxes');
    return !(parts.length === 4 && parts[2] === 'inboxes');
  }
  if (parts[0] === 'tasks') return parts.length > 3;
  return true;
}

export async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await lstat(path)).isDirectory();
  } catch {
    return false;
  }
}

/** Folder names under `<root>/teams` that look like teams. */
export async function listTeamFolders(root: string): Promise<string[]> {
  try {
    const entries = await readdir(join(root, 'teams'), { withFileTypes: true });
    return entries.filter((e) => e.isDirectory() && TEAM_NAME.test(e.name)).map((e) => e.name).sort();
  } catch {
    return [];
  }
}

/** `.json` files in a folder, by the name before `.json` (lock and temp files left out). */
export async function listJsonFiles(dir: string): Promise<string[]> {
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    return entries
      .filter((e) => e.isFile() && e.name.endsWith('.json') && !e.name.startsWith('.'))
      .map((e) => e.name.slice(0, -'.json'.length))
      .filter((name) => TEAM_NAME.test(name))
      .sort();
  } catch {
    return [];
  }
}

export type FileRead = { ok: true; text: string; mtimeMs: number; key: string } | { ok: false; missing: boolean; error: string };

/** Reads a file without following symlinks; `key` changes whenever the file may have changed. */
export async function readTeamFile(path: string): Promise<FileRead> {
  let handle;
  try {
    handle = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { ok: false, missing: code === 'ENOENT' || code === 'ENOTDIR', error: code === 'ELOOP' ? 'is a symbolic link (not followed)' : (error as Error).message };
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) return { ok: false, missing: false, error: 'is not a file' };
    if (info.size > MAX_TEAM_FILE_BYTES) return { ok: false, missing: false, error: `is ${Math.round(info.size / 1048576)} MB, more than Seatmap reads` };
    const text = await handle.readFile('utf8');
    return { ok: true, text, mtimeMs: info.mtimeMs, key: `${info.size}:${info.mtimeMs}:${info.ino}` };
  } catch (error) {
    return { ok: false, missing: false, error: (error as Error).message };
  } finally {
    await handle.close();
  }
}

/** The stat key of a path now (as `readTeamFile` gives it), or null when it is gone. */
export async function teamFileKey(path: string): Promise<string | null> {
  try {
    const info = await lstat(path);
    return `${info.size}:${info.mtimeMs}:${info.ino}`;
  } catch {
    return null;
  }
}
