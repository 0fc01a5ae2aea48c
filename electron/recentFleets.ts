/**
 * The Open Recent list: `recent-fleets.json` in Electron's userData folder, newest first, at most
 * ten. The file is read as untrusted input (validated with zod; anything odd reads as an empty or
 * shortened list) and written atomically. Plain Node: main.ts passes the folder in.
 */
import { readFile } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../service/atomicWrite';

export const RECENT_FLEETS_FILE = 'recent-fleets.json';
export const MAX_RECENT_FLEETS = 10;

const recentFileSchema = z.object({
  version: z.literal(1),
  fleets: z.array(z.string()).max(1000),
});

/** Keeps absolute, reasonably short paths without NULs, first occurrence wins, at most ten. */
function normalise(paths: readonly string[]): string[] {
  const kept: string[] = [];
  for (const path of paths) {
    if (path.length === 0 || path.length > 4096 || path.includes('\0') || !isAbsolute(path)) continue;
    if (!kept.includes(path)) kept.push(path);
    if (kept.length === MAX_RECENT_FLEETS) break;
  }
  return kept;
}

export class RecentFleets {
  private fleets: string[] = [];
  /** Writes run one after another, so the file always ends with the latest list. */
  private writing: Promise<void> = Promise.resolve();

  private constructor(private readonly file: string) {}

  /** Reads the list from `dir`; a missing, unreadable or invalid file is an empty list. */
  static async load(dir: string): Promise<RecentFleets> {
    const recent = new RecentFleets(join(dir, RECENT_FLEETS_FILE));
    try {
      const parsed = recentFileSchema.safeParse(JSON.parse(await readFile(recent.file, 'utf8')));
      if (parsed.success) recent.fleets = normalise(parsed.data.fleets);
    } catch {
      // Missing or not JSON: start empty; the next add() rewrites it.
    }
    return recent;
  }

  list(): string[] {
    return [...this.fleets];
  }

  has(path: string): boolean {
    return this.fleets.includes(path);
  }

  /** Moves `path` to the front. */
  add(path: string): Promise<void> {
    return this.replace(normalise([path, ...this.fleets]));
  }

  remove(path: string): Promise<void> {
    return this.replace(this.fleets.filter((p) => p !== path));
  }

  clear(): Promise<void> {
    return this.replace([]);
  }

  /** Resolves when every write asked for so far has finished. */
  flushed(): Promise<void> {
    return this.writing;
  }

  private replace(next: string[]): Promise<void> {
    this.fleets = next;
    const body = `${JSON.stringify({ version: 1, fleets: next }, null, 2)}\n`;
    this.writing = this.writing.then(
      () => writeFileAtomic(this.file, body),
      () => writeFileAtomic(this.file, body),
    );
    return this.writing;
  }
}
