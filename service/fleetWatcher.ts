/**
 * Watches a fleet directory with chokidar and turns its events into "this path may have changed"
 * hints. Events are hints, not records: the service re-reads the file, and rescans after errors and
 * bursts. Symlinks are not followed; our own temp files and Seatmap's folder are ignored.
 * Falls back to polling when the OS runs out of watches, and says so.
 */
import { watch, type FSWatcher } from 'chokidar';
import { relative, sep } from 'node:path';
import { isIgnoredFolder, isTransientName } from '../shared/fleetLayout';
import type { WatcherState } from '../shared/snapshot';

export interface FleetWatcherEvents {
  /** A file (fleet-relative path) was added, changed or removed. */
  onPath(relPath: string): void;
  /** Something happened that events cannot describe file by file: rescan everything. */
  onRescan(): void;
  onState(state: WatcherState): void;
}

const TOP_LEVEL = new Set(['fleet.yaml', 'inbox', 'state', 'activity']);

export function toRelative(root: string, abs: string): string {
  return relative(root, abs).split(sep).join('/');
}

export class FleetWatcher {
  private watcher: FSWatcher | null = null;
  private polling = false;
  private closed = false;

  constructor(
    private readonly root: string,
    private readonly events: FleetWatcherEvents,
  ) {}

  /** Whether chokidar should skip a path: anything outside the format's files and folders. */
  private ignored = (abs: string): boolean => {
    const rel = toRelative(this.root, abs);
    if (rel === '' || rel.startsWith('..')) return false;
    const parts = rel.split('/');
    if (!TOP_LEVEL.has(parts[0] ?? '')) return true;
    return parts.some((part) => isIgnoredFolder(part)) || isTransientName(parts[parts.length - 1] ?? '');
  };

  start(): Promise<void> {
    return this.startWith(false);
  }

  private startWith(polling: boolean): Promise<void> {
    this.polling = polling;
    this.events.onState({ status: 'starting', message: null, files: 0 });
    const watcher = watch(this.root, {
      ignoreInitial: true,
      followSymlinks: false,
      ignored: this.ignored,
      depth: 8,
      atomic: false,
      usePolling: polling,
      interval: 1000,
      binaryInterval: 2000,
    });
    this.watcher = watcher;
    const path = (abs: string) => {
      const rel = toRelative(this.root, abs);
      if (rel && !rel.startsWith('..')) this.events.onPath(rel);
    };
    watcher.on('add', path).on('change', path).on('unlink', path);
    watcher.on('addDir', () => this.events.onRescan()).on('unlinkDir', () => this.events.onRescan());
    watcher.on('error', (error) => void this.handleError(error));
    return new Promise((resolve) => {
      watcher.on('ready', () => {
        if (!this.closed) {
          this.events.onState(
            polling
              ? { status: 'polling', message: 'The system ran out of file watches, so Seatmap checks the fleet for changes every second', files: 0 }
              : { status: 'watching', message: null, files: 0 },
          );
        }
        resolve();
      });
    });
  }

  private async handleError(error: unknown): Promise<void> {
    if (this.closed) return;
    const code = (error as NodeJS.ErrnoException | null)?.code;
    if (!this.polling && (code === 'ENOSPC' || code === 'EMFILE')) {
      await this.watcher?.close();
      if (!this.closed) await this.startWith(true);
      this.events.onRescan();
      return;
    }
    this.events.onState({ status: 'error', message: `The file watcher failed: ${(error as Error)?.message ?? String(error)}`, files: 0 });
    this.events.onRescan();
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.watcher?.close();
    this.watcher = null;
  }
}
