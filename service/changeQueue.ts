/**
 * The change queue a watching source runs on: paths the watcher reported (and requests for a full
 * rescan) are collected, read after a short debounce in one serialized drain, and published as one
 * patch per round. Each path read is looked at once more shortly after, because chokidar drops a
 * `change` that follows another within ~50 ms (docs/platform-notes.md): an agent's second quick
 * append is not missed. The fleet service and the Claude Code teams source both use it.
 */

export interface ChangeQueueHooks {
  /** Reads one changed path (relative to the source's root). */
  read(path: string): Promise<unknown>;
  /** Compares the whole folder with what was read and re-reads what differs. */
  rescan(): Promise<void>;
  /** Re-derives and emits a patch; called once per drain round, after reading. */
  publish(): void;
  /** The path's key (size, mtime, inode) now, or null when it is gone. */
  currentKey(path: string): Promise<string | null>;
  /** The path's key as last read, or null when it was not read (or is broken). */
  readKey(path: string): string | null;
  /** Whether a path is one the source reads at all (others are not rechecked). */
  isRelevant(path: string): boolean;
  /** Called at the end of every drain round, after publishing. */
  afterPublish?(): void;
  /**
   * Reports a drain that failed; the host is never thrown at. Without it, the failure rejects the
   * running flush (and so `settled()`), as the fleet service always did.
   */
  onError?(error: unknown): void;
}

export interface ChangeQueueOptions {
  /** Debounce between the first change and the drain. */
  flushDelayMs?: number;
  /**
   * The debounce for one path, when paths differ: the drain runs at the earliest deadline of the
   * paths waiting. Defaults to `flushDelayMs` for every path.
   */
  flushDelayFor?: (path: string) => number;
  /** How long after a read a path is looked at once more. */
  recheckDelayMs?: number;
  /** More changed paths than this in one round counts as a burst: rescan afterwards too. */
  burst?: number;
}

const FLUSH_DELAY_MS = 10;
const RECHECK_DELAY_MS = 120;

export class ChangeQueue {
  private readonly dirty = new Set<string>();
  private rescanWanted = false;
  private flushTimer: NodeJS.Timeout | null = null;
  /** When the pending flush timer fires (ms since the epoch), so an urgent path can bring it forward. */
  private flushAt = Infinity;
  private flushing: Promise<void> | null = null;
  private readonly recheck = new Set<string>();
  private recheckTimer: NodeJS.Timeout | null = null;
  private closed = false;
  private readonly flushDelayMs: number;
  private readonly flushDelayFor: ((path: string) => number) | undefined;
  private readonly recheckDelayMs: number;
  private readonly burst: number;

  constructor(
    private readonly hooks: ChangeQueueHooks,
    options: ChangeQueueOptions = {},
  ) {
    this.flushDelayMs = options.flushDelayMs ?? FLUSH_DELAY_MS;
    this.flushDelayFor = options.flushDelayFor;
    this.recheckDelayMs = options.recheckDelayMs ?? RECHECK_DELAY_MS;
    this.burst = options.burst ?? Infinity;
  }

  markDirty(path: string): void {
    this.dirty.add(path);
    this.schedule(this.flushDelayFor ? this.flushDelayFor(path) : this.flushDelayMs);
  }

  requestRescan(): void {
    this.rescanWanted = true;
    this.schedule();
  }

  /** Resolves once every change seen so far has been read and published (a pending debounce runs now). */
  async settled(): Promise<void> {
    while (this.flushTimer || this.flushing) {
      if (this.flushTimer) {
        clearTimeout(this.flushTimer);
        this.flushTimer = null;
        this.flushAt = Infinity;
        void this.flush();
      }
      await this.flushing;
    }
  }

  /** Stops the timers and takes no more work; a drain already running ends at its next round. */
  close(): void {
    this.closed = true;
    if (this.flushTimer) clearTimeout(this.flushTimer);
    if (this.recheckTimer) clearTimeout(this.recheckTimer);
  }

  /** The drain running now, if any (awaited when closing). */
  running(): Promise<void> | null {
    return this.flushing;
  }

  private schedule(delayMs = this.flushDelayMs): void {
    if (this.closed) return;
    const at = Date.now() + delayMs;
    if (this.flushTimer) {
      if (at >= this.flushAt) return;
      clearTimeout(this.flushTimer); // an urgent path brings the drain forward
    }
    this.flushAt = at;
    this.flushTimer = setTimeout(() => {
      this.flushTimer = null;
      this.flushAt = Infinity;
      void this.flush();
    }, delayMs);
  }

  /** Reads every dirty path (and rescans when asked), then publishes. Never overlaps itself. */
  private flush(): Promise<void> {
    if (this.flushing) {
      this.schedule();
      return this.flushing;
    }
    const { onError } = this.hooks;
    const drained = onError ? this.drain().catch((error: unknown) => onError(error)) : this.drain();
    // `finally` runs after the assignment below even when there is nothing to do, so `flushing`
    // never stays pointing at a settled run.
    const run = drained.finally(() => {
      if (this.flushing === run) this.flushing = null;
    });
    this.flushing = run;
    return run;
  }

  private async drain(): Promise<void> {
    while ((this.dirty.size || this.rescanWanted) && !this.closed) {
      const paths = [...this.dirty];
      this.dirty.clear();
      if (paths.length > this.burst) this.rescanWanted = true;
      for (const path of paths) await this.hooks.read(path);
      this.scheduleRecheck(paths);
      if (this.rescanWanted) {
        this.rescanWanted = false;
        await this.hooks.rescan();
      }
      this.hooks.publish();
      this.hooks.afterPublish?.();
    }
  }

  private scheduleRecheck(paths: string[]): void {
    for (const path of paths) this.recheck.add(path);
    if (this.recheckTimer || this.closed || this.recheck.size === 0) return;
    this.recheckTimer = setTimeout(() => {
      this.recheckTimer = null;
      void this.runRecheck();
    }, this.recheckDelayMs);
  }

  /** Marks dirty the recently read paths whose key moved since they were read. */
  private async runRecheck(): Promise<void> {
    const paths = [...this.recheck];
    this.recheck.clear();
    for (const path of paths) {
      if (!this.hooks.isRelevant(path)) continue;
      if ((await this.hooks.currentKey(path)) !== this.hooks.readKey(path)) this.markDirty(path);
    }
  }
}
