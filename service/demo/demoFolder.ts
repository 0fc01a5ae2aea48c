/**
 * The live demo's temp folder: made fresh for each run, removed when the run ends, and swept on the
 * next start when a run crashed before it could remove its own.
 *
 * Only folders Seatmap made are ever removed: the name starts with `seatmap-demo-`, the folder is
 * a real directory owned by this user (not a symlink), and it holds our marker file
 * (`.seatmap/demo-folder.json`, written before anything else) naming the process that made it. A
 * folder whose process is still running is left alone; so is anything that does not match exactly.
 */
import { rmSync } from 'node:fs';
import { lstat, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { OWN_FOLDER } from '../../shared/fleetLayout';

export const DEMO_FOLDER_PREFIX = 'seatmap-demo-';
/** The marker, relative to the demo folder. */
export const DEMO_MARKER = `${OWN_FOLDER}/demo-folder.json`;

const markerSchema = z.object({
  madeBy: z.literal('seatmap'),
  kind: z.literal('live-demo'),
  pid: z.number().int().positive(),
  createdAt: z.string(),
});
type DemoMarker = z.infer<typeof markerSchema>;

export interface DemoFolderOptions {
  /** Where demo folders live (default: the OS temp folder); tests pass their own. */
  parent?: string;
  /** The process that owns the new folder (default: this one). */
  pid?: number;
  /** Whether a process is still running (default: signal 0); tests inject one. */
  isAlive?: (pid: number) => boolean;
  now?: number;
}

export interface DemoFolder {
  root: string;
  /** Removes the folder (idempotent). Also done at process exit if nobody called it. */
  remove(): Promise<void>;
}

/** Folders to remove at exit, when their run ended without calling remove() (one listener for all). */
const removeAtExit = new Set<string>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const root of removeAtExit) {
      try {
        rmSync(root, { recursive: true, force: true });
      } catch {
        // Exiting: the next start sweeps what is left (sweepStaleDemoFolders).
      }
    }
  });
}

export function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else, so it is alive.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Makes a fresh demo folder with its marker (after sweeping stale ones) and arranges for it to be
 * removed when this process exits. The caller writes the fleet into `root`.
 */
export async function makeDemoFolder(options: DemoFolderOptions = {}): Promise<DemoFolder> {
  const parent = options.parent ?? tmpdir();
  await sweepStaleDemoFolders(options).catch(() => undefined);
  const root = await mkdtemp(join(parent, DEMO_FOLDER_PREFIX));
  const marker: DemoMarker = { madeBy: 'seatmap', kind: 'live-demo', pid: options.pid ?? process.pid, createdAt: new Date(options.now ?? Date.now()).toISOString() };
  await mkdir(join(root, OWN_FOLDER));
  await writeFile(join(root, DEMO_MARKER), `${JSON.stringify(marker, null, 2)}\n`);
  installExitHook();
  removeAtExit.add(root);
  return {
    root,
    remove: async () => {
      removeAtExit.delete(root);
      await rm(root, { recursive: true, force: true });
    },
  };
}

/** Whether `root` is a demo folder Seatmap made, and which process made it (null: not ours). */
async function demoMarker(root: string): Promise<DemoMarker | null> {
  const folder = await lstat(root).catch(() => null);
  if (!folder?.isDirectory()) return null;
  if (typeof process.getuid === 'function' && folder.uid !== process.getuid()) return null;
  const markerPath = join(root, DEMO_MARKER);
  const file = await lstat(markerPath).catch(() => null);
  if (!file?.isFile() || file.size > 4096) return null;
  try {
    const parsed = markerSchema.safeParse(JSON.parse(await readFile(markerPath, 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/**
 * Removes demo folders left by runs that ended without cleaning up (a crash, kill -9, power loss).
 * Returns the folders removed.
 */
export async function sweepStaleDemoFolders(options: DemoFolderOptions = {}): Promise<string[]> {
  const parent = options.parent ?? tmpdir();
  const isAlive = options.isAlive ?? processIsAlive;
  const removed: string[] = [];
  let names: string[];
  try {
    names = await readdir(parent);
  } catch {
    return removed;
  }
  for (const name of names) {
    if (!name.startsWith(DEMO_FOLDER_PREFIX)) continue;
    const root = join(parent, name);
    const marker = await demoMarker(root);
    if (!marker || removeAtExit.has(root) || isAlive(marker.pid)) continue;
    await rm(root, { recursive: true, force: true }).catch(() => undefined);
    removed.push(root);
  }
  return removed;
}
