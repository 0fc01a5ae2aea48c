/**
 * The Open Recent list: `recent-fleets.json` in Electron's userData folder, newest first, at most
 * ten. The file is read as untrusted input (validated with zod; anything odd reads as an empty or
 * shortened list) and written atomically. Every change is applied to the list as it is on disk
 * right then, so two app instances (or two windows of time) sharing the file add to each other's
 * list instead of overwriting it. Plain Node: main.ts passes the folder in.
 */
import { lstat, readFile } from 'node:fs/promises';
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

/** The list in `file`; a missing, unreadable or invalid file is an empty list. */
async function readList(file: string): Promise<string[]> {
  try {
    const parsed = recentFileSchema.safeParse(JSON.parse(await readFile(file, 'utf8')));
    return parsed.success ? normalise(parsed.data.fleets) : [];
  } catch {
    // Missing or not JSON: start empty; the next change rewrites it.
    return [];
  }
}

export class RecentFleets {
  private fleets: string[] = [];
  /** Changes run one after another, so the file always ends with the latest list. */
  private writing: Promise<void> = Promise.resolve();
  private changes = 0;

  private constructor(private readonly file: string) {}

  /** Reads the list from `dir` (which need not exist yet). */
  static async load(dir: string): Promise<RecentFleets> {
    const recent = new RecentFleets(join(dir, RECENT_FLEETS_FILE));
    recent.fleets = await readList(recent.file);
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
    return this.change((fleets) => [path, ...fleets]);
  }

  remove(path: string): Promise<void> {
    return this.change((fleets) => fleets.filter((p) => p !== path));
  }

  clear(): Promise<void> {
    return this.change(() => []);
  }

  /**
   * Drops `path` from the list when its folder no longer exists (a recent fleet that was moved or
   * deleted); true when it did. Any other error (no permission) keeps it: the folder may be back.
   */
  async forgetIfMissing(path: string): Promise<boolean> {
    try {
      await lstat(path);
      return false;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT' && (error as NodeJS.ErrnoException).code !== 'ENOTDIR') return false;
    }
    await this.remove(path);
    return true;
  }

  /** Resolves when every change asked for so far has been written. */
  flushed(): Promise<void> {
    return this.writing;
  }

  /**
   * Applies `edit` to the list in memory at once (the menu shows it), then, in turn with other
   * changes, to the list on disk as another instance may have left it, and writes the result.
   */
  private change(edit: (fleets: string[]) => string[]): Promise<void> {
    this.fleets = normalise(edit(this.fleets));
    const mine = ++this.changes;
    const apply = async () => {
      const next = normalise(edit(await readList(this.file)));
      // A later change already shows in memory; it will take the disk's list in its turn.
      if (mine === this.changes) this.fleets = next;
      await writeFileAtomic(this.file, `${JSON.stringify({ version: 1, fleets: next }, null, 2)}\n`);
    };
    this.writing = this.writing.then(apply, apply);
    return this.writing;
  }
}
