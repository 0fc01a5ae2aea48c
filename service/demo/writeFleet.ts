/**
 * Writes a generated fleet (shared/demo) into a folder: the demo at start-up, big fleets for tests
 * and benchmarks. Plain Node; mtimes are set so files without an internal time age correctly.
 */
import { mkdir, stat, utimes, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { generateDemoFleet, type GeneratedFile } from '../../shared/demo';
import { toFleetPath } from '../../shared/ids';
import { makeDemoFolder, type DemoFolder, type DemoFolderOptions } from './demoFolder';

/** Writes every file under `dir` (creating folders) and sets its mtime when the file gives one. */
export async function writeFleet(dir: string, files: readonly GeneratedFile[]): Promise<void> {
  for (const file of files) {
    // Generated paths are ours, but a writer never trusts a path to stay inside its folder.
    if (toFleetPath(file.path) !== file.path) throw new Error(`Not a fleet-relative path: ${JSON.stringify(file.path)}`);
    const target = join(dir, file.path);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, file.content);
    if (file.mtime !== undefined) {
      const time = new Date(file.mtime);
      await utimes(target, time, time);
    }
  }
}

/**
 * Writes the live demo into a fresh temp folder that is removed when the run ends (call `remove`;
 * process exit does it otherwise), after sweeping folders that crashed runs left (./demoFolder.ts).
 */
export async function createTempDemoFleet(now: number = Date.now(), seed?: number, folder: DemoFolderOptions = {}): Promise<DemoFolder> {
  const demo = await makeDemoFolder({ ...folder, now });
  try {
    await writeFleet(demo.root, generateDemoFleet({ now, ...(seed === undefined ? {} : { seed }) }).files);
  } catch (error) {
    await demo.remove();
    throw error;
  }
  return demo;
}

/**
 * Writes the demo fleet with every time relative to `now`, into `dir` or (without one) a fresh
 * temp folder (see createTempDemoFleet; removed at process exit), and returns the folder's absolute
 * path. Refuses a folder that already holds a fleet.yaml: the demo must never overwrite someone's
 * fleet.
 */
export async function createDemoFleet(dir?: string, now: number = Date.now(), seed?: number): Promise<string> {
  if (dir === undefined) return (await createTempDemoFleet(now, seed)).root;
  const root = resolve(dir);
  await mkdir(root, { recursive: true });
  const existing = await stat(join(root, 'fleet.yaml')).catch(() => null);
  if (existing) throw new Error(`${root} already holds a fleet (fleet.yaml); write the demo into an empty folder`);
  await writeFleet(root, generateDemoFleet({ now, ...(seed === undefined ? {} : { seed }) }).files);
  return root;
}
