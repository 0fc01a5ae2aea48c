/**
 * Lists the files Seatmap reads in a fleet directory, without following symlinks. Used for the first
 * load and for the reconcile rescan that catches events the watcher dropped (docs/architecture.md).
 */
import type { Dirent } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { classifyFleetPath, isIgnoredFolder, isTransientName } from '../shared/fleetLayout';
import { isSeatId } from '../shared/ids';

/** A fleet bigger than this is not scanned further (the UI says so). */
export const MAX_SCANNED_FILES = 50_000;
const MAX_STATE_DEPTH = 6;

export interface ScanResult {
  files: string[];
  truncated: boolean;
}

async function list(dir: string): Promise<Dirent[]> {
  try {
    return await readdir(dir, { withFileTypes: true });
  } catch {
    return [];
  }
}

export async function scanFleet(root: string): Promise<ScanResult> {
  const files: string[] = [];
  const add = (rel: string) => {
    if (files.length < MAX_SCANNED_FILES && classifyFleetPath(rel).kind !== 'other') files.push(rel);
  };
  // A folder or FIFO where a fleet file belongs is listed too: reading it reports what it is.
  for (const entry of await list(root)) {
    if (entry.name === 'fleet.yaml') add('fleet.yaml');
  }
  for (const folder of ['inbox', 'activity']) {
    for (const entry of await list(join(root, folder))) add(`${folder}/${entry.name}`);
  }
  const walk = async (rel: string, depth: number): Promise<void> => {
    for (const entry of await list(join(root, rel))) {
      if (files.length >= MAX_SCANNED_FILES) return;
      if (isTransientName(entry.name)) continue;
      const child = `${rel}/${entry.name}`;
      // Symlinked folders are never entered; symlinked files are listed so they can be reported.
      if (entry.isDirectory()) {
        if (depth < MAX_STATE_DEPTH && !isIgnoredFolder(entry.name)) await walk(child, depth + 1);
      } else add(child);
    }
  };
  for (const entry of await list(join(root, 'state'))) {
    if (entry.isDirectory() && isSeatId(entry.name)) await walk(`state/${entry.name}`, 1);
  }
  return { files: files.sort(), truncated: files.length >= MAX_SCANNED_FILES };
}
