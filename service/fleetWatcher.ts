/**
 * Watches a fleet directory with chokidar and turns its events into "this path may have changed"
 * hints. Events are hints, not records: the service re-reads the file, and rescans after errors and
 * bursts. Symlinks are not followed; our own temp files and Seatmap's folder are ignored.
 *
 * It never leaves its owner waiting and never gives up for good:
 * - the OS running out of watches (ENOSPC, EMFILE) switches to polling, and the state says so;
 * - any other error restarts the watcher after a growing delay (the state says when), and once
 *   the new one is ready the state says it recovered and the owner rescans for what was missed;
 * - `start()` resolves when the first watcher is ready, when it fails (a restart is then
 *   scheduled), when `close()` is called, or after `readyTimeoutMs`, whichever comes first.
 * Every chokidar instance is one "generation"; events of a closed generation are ignored, so a
 * late event of a replaced watcher cannot undo the state of its successor.
 */
import { watch, type ChokidarOptions, type FSWatcher } from 'chokidar';
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

/** Creates the chokidar watcher; tests pass one that injects errors into a real watcher. */
export type WatchFactory = (root: string, options: ChokidarOptions) => FSWatcher;

export interface FleetWatcherOptions {
  factory?: WatchFactory;
  /** Delays before the 1st, 2nd, … restart after an error; the last one repeats. */
  retryDelaysMs?: readonly number[];
  /** A watcher that ran this long without an error starts the delays from the beginning again. */
  stableAfterMs?: number;
  /** `start()` resolves after this long even when the first scan is not done yet. */
  readyTimeoutMs?: number;
  now?: () => number;
}

export const DEFAULT_RETRY_DELAYS_MS = [1_000, 2_000, 5_000, 10_000, 30_000, 60_000] as const;
/** Why the watcher polls, by the error that made it: ENOSPC is out of watches (inotify), EMFILE out of open files. */
function pollingMessage(code: string): string {
  const what = code === 'EMFILE' ? 'open files' : 'file watches';
  return `The system ran out of ${what}, so Seatmap checks the fleet for changes every second`;
}
const TOP_LEVEL = new Set(['fleet.yaml', 'inbox', 'state', 'activity']);

export function toRelative(root: string, abs: string): string {
  return relative(root, abs).split(sep).join('/');
}

/** An error in a few plain words, with its code when it has one. */
export function describeWatchError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  return code && !message.includes(code) ? `${code}: ${message}` : message;
}

function secondsText(ms: number): string {
  const seconds = Math.max(1, Math.round(ms / 1000));
  return `${seconds} s`;
}

export class FleetWatcher {
  private watcher: FSWatcher | null = null;
  private generation = 0;
  private polling = false;
  /** Why the watcher polls (set when it falls back). */
  private pollingReason = '';
  private closed = false;
  private readonly factory: WatchFactory;
  private readonly retryDelays: readonly number[];
  private readonly stableAfterMs: number;
  private readonly readyTimeoutMs: number;
  private readonly now: () => number;
  /** Restarts since the watcher last ran stably; picks the next delay. */
  private failures = 0;
  private readyAt: number | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  /** What the last recovery was from, shown until the next problem. */
  private recoveredFrom: string | null = null;
  private started = false;
  private resolveStart: (() => void) | null = null;
  private startTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly root: string,
    private readonly events: FleetWatcherEvents,
    options: FleetWatcherOptions = {},
  ) {
    this.factory = options.factory ?? ((path, chokidarOptions) => watch(path, chokidarOptions));
    this.retryDelays = options.retryDelaysMs?.length ? options.retryDelaysMs : DEFAULT_RETRY_DELAYS_MS;
    this.stableAfterMs = options.stableAfterMs ?? 60_000;
    this.readyTimeoutMs = options.readyTimeoutMs ?? 30_000;
    this.now = options.now ?? Date.now;
  }

  /** Whether chokidar should skip a path: anything outside the format's files and folders. */
  private ignored = (abs: string): boolean => {
    const rel = toRelative(this.root, abs);
    if (rel === '' || rel.startsWith('..')) return false;
    const parts = rel.split('/');
    if (!TOP_LEVEL.has(parts[0] ?? '')) return true;
    return parts.some((part) => isIgnoredFolder(part)) || isTransientName(parts[parts.length - 1] ?? '');
  };

  /** Starts watching; never waits longer than `readyTimeoutMs` and never forever. */
  start(): Promise<void> {
    const done = new Promise<void>((resolve) => {
      this.resolveStart = resolve;
    });
    this.startTimer = setTimeout(() => this.finishStart(), this.readyTimeoutMs);
    this.startTimer.unref?.();
    this.launch(false, null);
    return done;
  }

  private finishStart(): void {
    if (this.startTimer) clearTimeout(this.startTimer);
    this.startTimer = null;
    const resolve = this.resolveStart;
    this.resolveStart = null;
    this.started = true;
    resolve?.();
  }

  /** Creates a new watcher generation; `after` is the error that made it necessary, if any. */
  private launch(polling: boolean, after: string | null): void {
    if (this.closed) return;
    const generation = ++this.generation;
    this.polling = polling;
    this.readyAt = null;
    this.events.onState({ status: 'starting', message: after ? `Restarting the file watcher after an error (${after})` : null, files: 0 });
    let watcher: FSWatcher;
    try {
      watcher = this.factory(this.root, {
        ignoreInitial: true,
        followSymlinks: false,
        ignored: this.ignored,
        depth: 8,
        atomic: false,
        // An unreadable folder is reported by the scan (with its path); for the watcher it is no reason to restart.
        ignorePermissionErrors: true,
        usePolling: polling,
        interval: 1000,
        binaryInterval: 2000,
      });
    } catch (error) {
      this.fail(generation, error);
      return;
    }
    this.watcher = watcher;
    const current = () => generation === this.generation && !this.closed;
    const path = (abs: string) => {
      if (!current()) return;
      const rel = toRelative(this.root, abs);
      if (rel && !rel.startsWith('..')) this.events.onPath(rel);
    };
    watcher.on('add', path).on('change', path).on('unlink', path);
    const rescan = () => {
      if (current()) this.events.onRescan();
    };
    watcher.on('addDir', rescan).on('unlinkDir', rescan);
    watcher.on('error', (error) => this.fail(generation, error));
    watcher.on('ready', () => this.ready(generation, after));
  }

  private ready(generation: number, after: string | null): void {
    if (generation !== this.generation || this.closed) return;
    this.readyAt = this.now();
    if (after) this.recoveredFrom = after;
    const recovered = this.recoveredFrom ? `recovered after an error (${this.recoveredFrom})` : null;
    this.events.onState(
      this.polling
        ? { status: 'polling', message: recovered ? `${this.pollingReason}; ${recovered}` : this.pollingReason, files: 0 }
        : { status: 'watching', message: recovered, files: 0 },
    );
    // A watcher that replaced another (or came up after `start` gave up waiting) may have missed changes.
    if (this.started) this.events.onRescan();
    this.finishStart();
  }

  /** An error of `generation`: fall back to polling, or restart after a delay. Never throws. */
  private fail(generation: number, error: unknown): void {
    if (generation !== this.generation || this.closed) return;
    // Later errors of this generation change nothing: it is already being replaced.
    this.generation++;
    const old = this.watcher;
    this.watcher = null;
    void old?.close().catch(() => undefined);
    const code = (error as NodeJS.ErrnoException | null)?.code;
    const what = describeWatchError(error);
    if (!this.polling && (code === 'ENOSPC' || code === 'EMFILE')) {
      this.pollingReason = pollingMessage(code);
      this.launch(true, null);
      return;
    }
    if (this.readyAt !== null && this.now() - this.readyAt >= this.stableAfterMs) this.failures = 0;
    const delay = this.retryDelays[Math.min(this.failures, this.retryDelays.length - 1)] ?? 1_000;
    this.failures++;
    this.recoveredFrom = null;
    this.events.onState({ status: 'error', message: `The file watcher failed (${what}); restarting it in ${secondsText(delay)}`, files: 0 });
    this.events.onRescan();
    // The owner can go on with what the scan read; the restart follows on its own.
    this.finishStart();
    const polling = this.polling;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.launch(polling, what);
    }, delay);
  }

  /** Replaces the watcher with a new one (its folder was deleted and has come back). */
  restart(): void {
    if (this.closed) return;
    this.generation++;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    const old = this.watcher;
    this.watcher = null;
    void old?.close().catch(() => undefined);
    this.launch(this.polling, null);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.generation++;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.finishStart();
    const watcher = this.watcher;
    this.watcher = null;
    await watcher?.close().catch(() => undefined);
  }
}
