/**
 * The fleet service: watcher → file cache → derive → revisioned snapshot → patches.
 * Plain Node with no electron import; the desktop app, `seatmap serve` and the CLI all use it.
 * Disk is the only truth: our own writes come back through the watcher like anyone's.
 */
import { randomUUID } from 'node:crypto';
import { lstat, readFile, realpath, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { layoutSchema, type FleetEvent, type LayoutPositions } from '../shared/api';
import { derive } from '../shared/derive';
import type { DeriveInputs } from '../shared/deriveInputs';
import { diagnostic } from '../shared/diagnostics';
import { classifyFleetPath, OWN_FOLDER } from '../shared/fleetLayout';
import { viewStateSchema, type ViewState } from '../shared/viewState';
import { FLEET_FILE } from '../shared/parseFleet';
import { diffSnapshots } from '../shared/patch';
import type { FleetSnapshot, WatcherState } from '../shared/snapshot';
import { deriveSignals } from '../shared/signals';
import {
  inboxQuerySchema,
  type InboxQuery,
  type InboxWindow,
  type MessageAtLine,
  type MessageDetail,
  type MessageRequest,
  type MessageRow,
} from '../shared/inboxQuery';
import type { CommandRequest, CommandResult } from '../shared/api';
import { writeFileAtomic } from './atomicWrite';
import { runFleetCommand } from './commandRunner';
import { InboxReader } from './inboxReader';
import { FleetFiles, isMissing, statKey } from './fleetFiles';
import { scanFleet } from './fleetScan';
import { FleetWatcher } from './fleetWatcher';

export interface FleetServiceOptions {
  root: string;
  /** The clock (epoch ms); tests inject one. */
  now?: () => number;
  isDemo?: boolean;
  /** How often to re-derive with no file event, so files turn stale as time passes. */
  rederiveEveryMs?: number;
  /** How often to rescan the folder to catch events the OS dropped. */
  reconcileEveryMs?: number;
  /** Don't start a watcher (one-shot readers such as `seatmap check`). */
  watch?: boolean;
}

/** The folder can't be opened at all; the message is for people. */
export class FleetOpenError extends Error {}

/** More changed paths than this in one batch counts as a burst: rescan afterwards. */
const BURST = 500;
const FLUSH_DELAY_MS = 10;
/**
 * chokidar drops `change` events that follow another within ~50 ms (TOOLCHAIN.md), so a path that
 * changed is looked at once more after this delay; an agent's second quick append is not missed.
 */
const RECHECK_DELAY_MS = 120;
const PROGRESS_EVERY_MS = 250;

export class FleetService {
  private readonly files: FleetFiles;
  private readonly clock: () => number;
  private readonly fleetKey = randomUUID();
  private current!: FleetSnapshot;
  private watcher: FleetWatcher | null = null;
  private watcherState: WatcherState = { status: 'starting', message: null, files: 0 };
  private scanTruncated = false;
  private readonly listeners = new Set<(event: FleetEvent) => void>();
  private readonly dirty = new Set<string>();
  private rescanWanted = false;
  private flushTimer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> | null = null;
  private readonly recheck = new Set<string>();
  private recheckTimer: NodeJS.Timeout | null = null;
  private readonly timers: NodeJS.Timeout[] = [];
  private closed = false;
  /** How long the last derive took, to pace progress updates. */
  private lastDeriveMs = 0;

  private readonly inboxReader: InboxReader;

  private constructor(
    readonly root: string,
    readonly isDemo: boolean,
    clock: () => number,
  ) {
    this.files = new FleetFiles(root);
    this.inboxReader = new InboxReader(root, () => this.files.inboxList());
    this.clock = clock;
  }

  /** Opens a fleet folder: reads everything once, then watches it. */
  static async open(options: FleetServiceOptions): Promise<FleetService> {
    const root = await resolveRoot(options.root);
    const service = new FleetService(root, options.isDemo ?? false, options.now ?? Date.now);
    // Interactive hosts show the graph at once and read big inboxes after; one-shot readers wait.
    service.files.deferLargeInboxes = options.watch !== false;
    await service.rescan();
    service.current = service.deriveNow(0);
    if (options.watch !== false) {
      service.watcher = new FleetWatcher(root, {
        onPath: (rel) => service.markDirty(rel),
        onRescan: () => service.requestRescan(),
        onState: (state) => service.setWatcherState(state),
      });
      await service.watcher.start();
      // Files written between the first scan and the watcher's start are caught here.
      service.requestRescan();
      const rederive = options.rederiveEveryMs ?? 15_000;
      const reconcile = options.reconcileEveryMs ?? 60_000;
      service.timers.push(setInterval(() => service.publish(), rederive));
      service.timers.push(setInterval(() => service.requestRescan(), reconcile));
      for (const timer of service.timers) timer.unref();
      if (service.files.hasDeferred()) void service.indexInBackground();
    }
    return service;
  }

  snapshot(): FleetSnapshot {
    return this.current;
  }

  /** What derive needs, as of now (also used by one-shot readers). */
  inputs(): DeriveInputs {
    const fileDiagnostics = this.files.fileDiagnostics();
    if (this.scanTruncated) {
      fileDiagnostics.push(diagnostic('.', 'warning', 'The fleet folder holds more than 50,000 files; only the first 50,000 are read'));
    }
    return {
      fleetKey: this.fleetKey,
      revision: this.current?.revision ?? 0,
      root: this.root,
      now: this.clock(),
      registry: this.files.registry,
      registryDiagnostics: this.files.registryDiagnostics,
      fleetError: this.files.fleetError,
      fleetHash: this.files.fleetHash || null,
      inboxes: this.files.inboxList(),
      stateFiles: this.files.stateList(),
      activity: this.files.activityList(),
      fileDiagnostics,
      watcher: this.watcherState,
    };
  }

  /**
   * Applies an edit to fleet.yaml (planned on the current text, written atomically, replaced bytes
   * kept in .seatmap/history). The change comes back through the watcher like anyone's; this waits
   * until it has been read, so the caller's next snapshot already shows it.
   */
  async runCommand(request: CommandRequest): Promise<CommandResult> {
    const result = await runFleetCommand(this.root, request.command, request.baseHash ? { baseHash: request.baseHash } : {});
    if (result.ok && result.changed) {
      this.markDirty(FLEET_FILE);
      await this.settled();
    }
    return result;
  }

  /** The message on a line of an inbox file, or null. */
  messageAtLine(request: MessageAtLine): MessageRow | null {
    return this.inboxReader.messageAtLine(request.inbox, request.line);
  }

  /** A window of a seat's inbox or outbox, filtered (the seat panel). */
  queryInbox(query: InboxQuery): Promise<InboxWindow> {
    return this.inboxReader.query(inboxQuerySchema.parse(query));
  }

  /** One message in full: body, raw line and thread; null when it is not (or no longer) there. */
  getMessage(request: MessageRequest): Promise<MessageDetail | null> {
    return this.inboxReader.message(request.inbox, request.id);
  }

  subscribe(listener: (event: FleetEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async getLayout(): Promise<LayoutPositions> {
    try {
      const text = await readFile(join(this.root, OWN_FOLDER, 'layout.json'), 'utf8');
      const parsed = layoutSchema.safeParse(JSON.parse(text));
      return parsed.success ? parsed.data : {};
    } catch {
      return {};
    }
  }

  async saveLayout(positions: LayoutPositions): Promise<void> {
    const valid = layoutSchema.parse(positions);
    await writeFileAtomic(join(this.root, OWN_FOLDER, 'layout.json'), `${JSON.stringify(valid, null, 2)}\n`);
  }

  async getView(): Promise<ViewState> {
    try {
      const text = await readFile(join(this.root, OWN_FOLDER, 'view.json'), 'utf8');
      const parsed = viewStateSchema.safeParse(JSON.parse(text));
      return parsed.success ? parsed.data : {};
    } catch {
      return {};
    }
  }

  async saveView(view: ViewState): Promise<void> {
    const valid = viewStateSchema.parse(view);
    await writeFileAtomic(join(this.root, OWN_FOLDER, 'view.json'), `${JSON.stringify(valid, null, 2)}\n`);
  }

  /** Resolves once every change seen so far has been read and published. */
  async settled(): Promise<void> {
    while (this.flushTimer || this.flushing) {
      if (this.flushTimer) {
        clearTimeout(this.flushTimer);
        this.flushTimer = null;
        void this.flush();
      }
      await this.flushing;
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const timer of this.timers) clearInterval(timer);
    if (this.flushTimer) clearTimeout(this.flushTimer);
    if (this.recheckTimer) clearTimeout(this.recheckTimer);
    await this.watcher?.close();
    await this.flushing;
    this.listeners.clear();
  }

  /** Reads deferred big inboxes, publishing progress at most every PROGRESS_EVERY_MS. */
  private async indexInBackground(): Promise<void> {
    let last = 0;
    await this.files.indexDeferred(
      () => {
        // Progress costs a derive; keep it to a small share of the indexing time.
        if (Date.now() - last < Math.max(PROGRESS_EVERY_MS, 4 * this.lastDeriveMs)) return;
        last = Date.now();
        this.publish();
      },
      () => this.closed,
    );
    this.publish();
  }

  private markDirty(relPath: string): void {
    this.dirty.add(relPath);
    this.schedule();
  }

  private requestRescan(): void {
    this.rescanWanted = true;
    this.schedule();
  }

  private setWatcherState(state: WatcherState): void {
    this.watcherState = state;
    if (this.current) this.publish();
  }

  private schedule(): void {
    if (this.closed || this.flushTimer) return;
    this.flushTimer = setTimeout(() => {
      this.flushTimer = null;
      void this.flush();
    }, FLUSH_DELAY_MS);
  }

  /** Reads every dirty path (and rescans when asked), then publishes one patch. Never overlaps itself. */
  private flush(): Promise<void> {
    if (this.flushing) {
      this.schedule();
      return this.flushing;
    }
    // `finally` runs after the assignment below even when there is nothing to do, so `flushing`
    // never stays pointing at a settled run.
    const run = this.drain().finally(() => {
      if (this.flushing === run) this.flushing = null;
    });
    this.flushing = run;
    return run;
  }

  private async drain(): Promise<void> {
    while ((this.dirty.size || this.rescanWanted) && !this.closed) {
      const paths = [...this.dirty];
      this.dirty.clear();
      if (paths.length > BURST) this.rescanWanted = true;
      for (const path of paths) await this.files.refresh(path);
      this.scheduleRecheck(paths);
      if (this.rescanWanted) {
        this.rescanWanted = false;
        await this.rescan();
      }
      this.publish();
    }
  }

  private scheduleRecheck(paths: string[]): void {
    for (const path of paths) this.recheck.add(path);
    if (this.recheckTimer || this.closed || this.recheck.size === 0) return;
    this.recheckTimer = setTimeout(() => {
      this.recheckTimer = null;
      void this.runRecheck();
    }, RECHECK_DELAY_MS);
  }

  /** Marks dirty the recently changed paths whose size, mtime or inode moved since they were read. */
  private async runRecheck(): Promise<void> {
    const paths = [...this.recheck];
    this.recheck.clear();
    for (const rel of paths) {
      if (classifyFleetPath(rel).kind === 'other') continue;
      if ((await this.currentKey(rel)) !== (this.files.seen.get(rel) ?? null)) this.markDirty(rel);
    }
  }

  /** Compares the folder with what was read and re-reads what differs (catches dropped events). */
  private async rescan(): Promise<void> {
    try {
      const info = await lstat(this.root);
      if (!info.isDirectory()) throw Object.assign(new Error('not a folder'), { code: 'ENOTDIR' });
      if (this.watcherState.status === 'error' && this.watcherState.message?.startsWith('The fleet folder')) {
        this.watcherState = { status: 'watching', message: null, files: 0 };
      }
    } catch (error) {
      if (isMissing(error)) {
        this.watcherState = { status: 'error', message: `The fleet folder ${this.root} was deleted or moved; showing what was last read`, files: 0 };
        return;
      }
    }
    const { files, truncated } = await scanFleet(this.root);
    this.scanTruncated = truncated;
    const present = new Set(files);
    for (const rel of files) {
      const key = await this.currentKey(rel);
      if (key === null || this.files.seen.get(rel) !== key) await this.files.refresh(rel);
    }
    for (const rel of [...this.files.seen.keys()]) if (!present.has(rel)) this.files.forget(rel);
    if (!present.has(FLEET_FILE) && !this.files.fleetError) this.files.forget(FLEET_FILE);
  }

  /** The file's statKey now, or null when it is gone. */
  private async currentKey(rel: string): Promise<string | null> {
    try {
      return statKey(await lstat(join(this.root, rel)));
    } catch {
      return null;
    }
  }

  private deriveNow(revision: number): FleetSnapshot {
    const started = Date.now();
    const inputs = this.inputs();
    inputs.revision = revision;
    inputs.watcher = { ...this.watcherState, files: this.files.seen.size };
    const snapshot = derive(inputs, deriveSignals);
    this.lastDeriveMs = Date.now() - started;
    return snapshot;
  }

  /** Re-derives and, when anything but the clock changed, emits a numbered patch. */
  private publish(): void {
    if (this.closed || !this.current) return;
    const next = this.deriveNow(this.current.revision + 1);
    const patch = diffSnapshots(this.current, next, ['now']);
    if (!patch) return;
    patch.scalars.now = next.now;
    this.current = next;
    for (const listener of this.listeners) listener({ kind: 'patch', patch });
  }
}

async function resolveRoot(dir: string): Promise<string> {
  let root: string;
  try {
    root = await realpath(dir);
  } catch (error) {
    if (isMissing(error)) throw new FleetOpenError(`No folder at ${dir}`);
    throw new FleetOpenError(`Cannot open ${dir}: ${(error as Error).message}`);
  }
  const info = await stat(root);
  if (!info.isDirectory()) throw new FleetOpenError(`${dir} is a file, not a fleet folder`);
  return root;
}
