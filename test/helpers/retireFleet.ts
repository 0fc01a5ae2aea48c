/** Helpers for retire tests: snapshots of a fleet's files, and the message ids they hold. */
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';

/** Every file under `root` (relative path → bytes as text), `.seatmap/` left out unless asked. */
export async function fleetFiles(root: string, withOwn = false): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const walk = async (dir: string) => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      const rel = relative(root, path);
      if (!withOwn && rel.startsWith('.seatmap')) continue;
      if (entry.isDirectory()) await walk(path);
      else out.set(rel, await readFile(path, 'utf8'));
    }
  };
  await walk(root);
  return out;
}

export interface IdCount {
  /** Original message ids (forwarded copies left out), with how often each occurs. */
  originals: Map<string, number>;
  /** Ids of forwarded copies (lines with `forwardedFrom`). */
  forwarded: string[];
}

/** Message ids across every inbox and the archive. */
export async function messageIds(root: string): Promise<IdCount> {
  const files = await fleetFiles(root, true);
  const originals = new Map<string, number>();
  const forwarded: string[] = [];
  for (const [rel, text] of files) {
    const inInbox = rel.startsWith('inbox/') || rel.startsWith('.seatmap/archive/');
    if (!inInbox || !rel.endsWith('.jsonl')) continue;
    for (const line of text.split('\n')) {
      if (!line.trim()) continue;
      const value = JSON.parse(line) as { id?: string; forwardedFrom?: string };
      if (typeof value.id !== 'string') continue;
      if (value.forwardedFrom) forwarded.push(value.id);
      else originals.set(value.id, (originals.get(value.id) ?? 0) + 1);
    }
  }
  return { originals, forwarded: forwarded.sort() };
}
