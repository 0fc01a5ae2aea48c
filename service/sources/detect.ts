/**
 * Which source reads a folder (docs/sources.md):
 * - a folder with `fleet.yaml` → the fleet format;
 * - a folder with `teams/` (a Claude Code root such as `~/.claude`) → its teams;
 * - `<root>/teams/<team>` (a folder with `config.json` or `inboxes/` under a `teams` folder) →
 *   that team, with the rest of the root's teams listed;
 * - `<root>/teams` → the root's teams;
 * - anything else → the fleet format (which explains what is missing).
 * A new source adds its test here, before the fleet format's fallback.
 */
import { lstat, realpath } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { homedir } from 'node:os';

export type DetectedSource =
  | { kind: 'fleet'; root: string }
  | { kind: 'claude'; root: string; team: string | null };

async function isDir(path: string): Promise<boolean> {
  try {
    return (await lstat(path)).isDirectory();
  } catch {
    return false;
  }
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await lstat(path)).isFile();
  } catch {
    return false;
  }
}

export async function detectSource(dir: string): Promise<DetectedSource> {
  let root = dir;
  try {
    root = await realpath(dir);
  } catch {
    return { kind: 'fleet', root: dir };
  }
  if (await isFile(join(root, 'fleet.yaml'))) return { kind: 'fleet', root };
  if (await isDir(join(root, 'teams'))) return { kind: 'claude', root, team: null };
  if (basename(root) === 'teams' && !(await isDir(join(root, 'inbox')))) return { kind: 'claude', root: dirname(root), team: null };
  const parent = dirname(root);
  if (basename(parent) === 'teams' && ((await isFile(join(root, 'config.json'))) || (await isDir(join(root, 'inboxes'))))) {
    return { kind: 'claude', root: dirname(parent), team: basename(root) };
  }
  return { kind: 'fleet', root };
}

/** The Claude Code root on this computer: `$CLAUDE_CONFIG_DIR`, else `~/.claude`. */
export function claudeRoot(env: NodeJS.ProcessEnv = process.env): string {
  return env.CLAUDE_CONFIG_DIR && env.CLAUDE_CONFIG_DIR.trim() !== '' ? env.CLAUDE_CONFIG_DIR : join(homedir(), '.claude');
}

/** Whether this computer has Claude Code teams to offer (the desktop app's start screen). */
export async function hasClaudeTeams(env: NodeJS.ProcessEnv = process.env): Promise<string | null> {
  const root = claudeRoot(env);
  return (await isDir(join(root, 'teams'))) ? root : null;
}
