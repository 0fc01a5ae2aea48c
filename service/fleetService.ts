/**
 * The fleet service: watcher → file cache → derive → revisioned snapshot → patches.
 * Plain Node with no electron import; the desktop app, `seatmap serve` and the CLI all use it.
 * Disk is the only truth: our own writes come back through the watcher like anyone's.
 */
import type { z } from 'zod';
import { randomUUID } from 'node:crypto';
import { constants } from 'node:fs';
import { lstat, readFile, realpath, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { layoutSchema, type FleetEvent, type LayoutPositions } from '../shared/api';
import { derive } from '../shared/derive';
import type { DeriveInputs } from '../shared/deriveInputs';
import { diagnostic, type Diagnostic } from '../shared/diagnostics';
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
import { describeIoError, writeFileAtomic } from './atomicWrite';
import { recoverInterruptedSwap, runFleetCommand, type SwapRecovery } from './commandRunner';
import { InboxReader } from './inboxReader';
import { ChangeQueue } from './changeQueue';
import { FleetFiles, isMissing, statKey, type FleetReadIO } from './fleetFiles';
import { scanFleet } from './fleetScan';
import { FleetWatcher, type FleetWatcherOptions } from './fleetWatcher';
import type { FleetSourceService, RetireOperations } from './sources/types';
import type { RetireApplyResult, RetirePlanResult, RetireRequest, RetireUndoRequest } from '../shared/retire/types';
import { LateForwarder } from './retire/lateForward';
import { planOnDisk } from './retire/planOnDisk';
import { applyRetirePlan, lastCommitted, recoverTransactions, transactionNotes, undoRetire } from './retire/transaction';

/** The start of the watcher message shown while reading the fleet fails. */
const READ_FAILED = 'Reading the fleet failed';
/** After a failed read, the first rescan comes this soon; each further failure doubles it, up to the max. */
const READ_RETRY_FIRST_MS = 500;
const READ_RETRY_MAX_MS = 60_000;

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
  /** The watcher's factory, restart delays and start timeout; tests inject faults here. */
  watcher?: FleetWatcherOptions;
  /** While the fleet folder is missing, how often to look whether it is back. */
  missingFolderCheckMs?: number;
  /** How fleet files are read (tests inject faults here); the real file system by default. */
  readIO?: FleetReadIO;
}

/** The folder can't be opened at all; the message is for people. */
export class FleetOpenError extends Error {}

/** More changed paths than this in one batch counts as a burst: rescan afterwards. */
const BURST = 500;
/** How long a changed fleet.yaml or state file is left to settle before it is read. */
const REWRITE_SETTLE_MS = 10;

/** Inbox and activity files only grow by appends, so a change to them can be read at once. */
function isAppendOnly(rel: string): boolean {
  const kind = classifyFleetPath(rel).kind;
  return kind === 'inbox' || kind === 'activity';
}
const PROGRESS_EVERY_MS = 250;

export class FleetService implements FleetSourceService {
  /** Retire and merge: this service itself (a fleet directory can be edited). */
  get retire(): RetireOperations {
    return this;
  }
  private readonly files: FleetFiles;
  private readonly clock: () => number;
  private readonly fleetKey = randomUUID();
  private current!: FleetSnapshot;
  private watcher: FleetWatcher | null = null;
  private watcherState: WatcherState = { status: 'starting', message: null, files: 0 };
  /** What the watcher itself last said; shown again when a deleted fleet folder comes back. */
  private watcherReport: WatcherState = { status: 'starting', message: null, files: 0 };
  private scanTruncated = false;
  /** What repairing an interrupted fleet.yaml swap did (on open or before an edit); shown as diagnostics. */
  private readonly recoveries: Diagnostic[] = [];
  /** Looks for a deleted fleet folder to come back (the old watcher watches nothing then). */
  private missingFolderTimer: NodeJS.Timeout | null = null;
  private missingFolderCheckMs = 2_000;
  private readRetryTimer: NodeJS.Timeout | null = null;
  private readRetryMs = READ_RETRY_FIRST_MS;
  private readonly listeners = new Set<(event: FleetEvent) => void>();
  /** Changed paths and rescans, read in one serialized drain; rechecks recently changed paths. */
  private readonly changes: ChangeQueue;
  private readonly timers: NodeJS.Timeout[] = [];
  private closed = false;
  /** How long the last derive took, to pace progress updates. */
  private lastDeriveMs = 0;
  /**
   * The clock reading time is judged by (ages, staleness, quiet windows, the snapshot's `now`). It
   * moves on the re-derive timer, not with every file change: a change re-derived at the same clock
   * changes only what that file changed, so one appended line re-sends a few records, not every
   * backlog and stale-state signal of the fleet with its age a few milliseconds on
   * (docs/architecture.md, "One direction of flow"). Null until the first derive; a service that does
   * not watch reads the clock for every derive.
   */
  private judgedAt: number | null = null;
  /** The re-derive timer's period; a change later than this after the last tick reads the clock too. */
  private rederiveEveryMs = 15_000;
  /** The background indexing of deferred big inboxes, while it runs. */
  private indexing: Promise<void> | null = null;

  private readonly inboxReader: InboxReader;
  /** Retire transactions: interrupted ones recovered on open, and notes about them (docs/fleet-format.md). */
  private retireNotes: ReturnType<typeof diagnostic>[] = [];
  private lateForwarder: LateForwarder | null = null;
  private forwarding: Promise<void> | null = null;

  private constructor(
    readonly root: string,
    readonly isDemo: boolean,
    clock: () => number,
    readIO?: FleetReadIO,
  ) {
    this.files = new FleetFiles(root, readIO);
    this.inboxReader = new InboxReader(root, () => this.files.inboxList());
    this.clock = clock;
    this.changes = new ChangeQueue(
      {
        read: (rel) => this.files.refresh(rel),
        rescan: () => this.rescan(),
        publish: () => this.publish(),
        currentKey: (rel) => this.currentKey(rel),
        readKey: (rel) => this.files.seen.get(rel) ?? null,
        isRelevant: (rel) => classifyFleetPath(rel).kind !== 'other',
        afterPublish: () => {
          this.readRetryMs = READ_RETRY_FIRST_MS;
          if (this.watcherState.message?.startsWith(READ_FAILED)) {
            // Reading works again: the pill goes back to what the watcher says.
            this.watcherState = this.watcherReport;
            this.publish();
          }
          this.startIndexing();
          this.forwardLateTraffic();
        },
        // A drain runs from timers: a failure must never become an unhandled rejection (that would
        // end the host). Show it in the watcher pill, keep the last good view, and let the next
        // change or the minute's reconcile rescan try again.
        onError: (error) => {
          this.watcherState = { ...this.watcherState, status: 'error', message: `${READ_FAILED} (${error instanceof Error ? error.message : String(error)}); showing what was last read, and trying again` };
          // The failed round read nothing, and a change event that came meanwhile may have been
          // dropped (docs/platform-notes.md): rescan soon, then less often while it keeps failing.
          this.retryReadAfterFailure();
          try {
            this.publish();
          } catch {
            // Deriving is what failed: the pill updates with the next good publish.
          }
        },
      },
      // An inbox or activity append is read at once: the tailer keeps a torn last line back, and
      // the 10 ms wait was a third of an append's way to the screen at 200 seats. fleet.yaml and
      // state files are rewritten whole, often in place (truncate, then write): a short wait lets
      // such a write finish, so a half-written file does not flash up as an error
      // (docs/architecture.md, "One direction of flow").
      { burst: BURST, flushDelayFor: (rel) => (isAppendOnly(rel) ? 0 : REWRITE_SETTLE_MS) },
    );
  }

  /** Opens a fleet folder: reads everything once, then watches it. */
  static async open(options: FleetServiceOptions): Promise<FleetService> {
    const root = await resolveRoot(options.root);
    const service = new FleetService(root, options.isDemo ?? false, options.now ?? Date.now, options.readIO);
    // A swap a crash interrupted is restored or finished before anything reads fleet.yaml.
    try {
      const recovery = await recoverInterruptedSwap(root);
      if (recovery) service.noteRecovery(recovery);
    } catch (error) {
      service.noteRecovery({ outcome: 'lost', message: `An earlier edit to ${FLEET_FILE} was interrupted, and Seatmap could not repair it (${describeIoError(error)}); the record is in .seatmap/journal/fleet-swap.json.` });
    }
    // Interactive hosts show the graph at once and read big inboxes after; one-shot readers wait.
    service.files.deferLargeInboxes = options.watch !== false;
    service.missingFolderCheckMs = options.missingFolderCheckMs ?? service.missingFolderCheckMs;
    if (options.watch !== false) await service.recoverRetires();
    await service.loadRetireNotes();
    await service.rescan();
    service.rederiveEveryMs = options.rederiveEveryMs ?? service.rederiveEveryMs;
    service.current = service.deriveNow(0, true);
    if (options.watch !== false) {
      service.watcher = new FleetWatcher(root, {
        onPath: (rel) => service.markDirty(rel),
        onRescan: () => service.requestRescan(),
        onState: (state) => service.setWatcherState(state),
      }, options.watcher);
      await service.watcher.start();
      // Files written between the first scan and the watcher's start are caught here.
      service.requestRescan();
      const reconcile = options.reconcileEveryMs ?? 60_000;
      service.timers.push(setInterval(() => service.publish(true), service.rederiveEveryMs));
      service.timers.push(setInterval(() => service.requestRescan(), reconcile));
      for (const timer of service.timers) timer.unref();
      service.startIndexing();
      service.lateForwarder = new LateForwarder(root, service.clock);
    }
    return service;
  }

  /** Finishes or rolls back a retire transaction that a crash interrupted. */
  private async recoverRetires(): Promise<void> {
    try {
      await recoverTransactions(this.root, { now: this.clock });
    } catch (error) {
      this.retireNotes.push(diagnostic('.seatmap/journal', 'error', `Seatmap could not recover an interrupted retire: ${(error as Error).message}`));
    }
  }

  private async loadRetireNotes(): Promise<void> {
    const notes = await transactionNotes(this.root, this.clock());
    this.retireNotes = [...this.retireNotes.filter((d) => d.file === '.seatmap/journal'), ...notes.map((n) => diagnostic(n.file, n.severity, n.message))];
  }

  private readForPlan() {
    const inputs = this.inputs();
    return { inboxes: inputs.inboxes, stateFiles: inputs.stateFiles, activity: inputs.activity, now: inputs.now };
  }

  /** The impact, suggestions and preview of retiring (or merging) a seat; nothing is written. */
  async planRetire(request: RetireRequest): Promise<RetirePlanResult> {
    return planOnDisk(this.root, this.readForPlan(), request);
  }

  /** Plans again on the current files and applies the plan as one journaled transaction. */
  async applyRetire(request: RetireRequest): Promise<RetireApplyResult> {
    const planned = await this.planRetire(request);
    if (!planned.ok) return { ok: false, refusal: planned.refusal };
    // Another process's transaction usually takes a second or two: wait for it rather than refuse at once.
    const result = await applyRetirePlan(this.root, planned.plan, { now: this.clock, lockWaitMs: 3000 });
    await this.afterRetireWrite();
    return result;
  }

  /** Undoes a retire or merge (the newest one when no id is given) when nothing changed since. */
  async undoRetire(request: RetireUndoRequest): Promise<RetireApplyResult> {
    const result = await undoRetire(this.root, request.txId, { now: this.clock });
    await this.afterRetireWrite();
    return result;
  }

  /** The newest retire or merge that undo can take back, if any. */
  async lastRetire(): Promise<{ txId: string; seat: string; kind: 'retire' | 'merge' } | null> {
    const tx = await lastCommitted(this.root);
    return tx ? { txId: tx.id, seat: tx.seat, kind: tx.kind } : null;
  }

  private async afterRetireWrite(): Promise<void> {
    await this.loadRetireNotes();
    this.requestRescan();
    await this.settled();
  }

  /** Forwards traffic that still arrives for retired seats (one run at a time). */
  private forwardLateTraffic(): void {
    const registry = this.files.registry;
    if (!this.lateForwarder || !registry || this.forwarding || this.closed) return;
    if (!registry.seats.some((s) => s.status === 'retired')) return;
    this.forwarding = this.lateForwarder
      .run(registry)
      .catch(() => 0)
      .then(() => undefined)
      .finally(() => {
        this.forwarding = null;
      });
  }

  snapshot(): FleetSnapshot {
    return this.current;
  }

  /** What derive needs, as of now (also used by one-shot readers). */
  inputs(): DeriveInputs {
    const fileDiagnostics = [...this.files.fileDiagnostics(), ...this.retireNotes];
    if (this.scanTruncated) {
      fileDiagnostics.push(diagnostic('.', 'warning', 'The fleet folder holds more than 50,000 files; only the first 50,000 are read'));
    }
    fileDiagnostics.push(...this.recoveries);
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
    const onRecovered = (recovery: SwapRecovery) => this.noteRecovery(recovery);
    const result = await runFleetCommand(this.root, request.command, request.baseHash ? { baseHash: request.baseHash, onRecovered } : { onRecovered });
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
    return (await this.readOwnJson('layout.json', layoutSchema)) ?? {};
  }

  async saveLayout(positions: LayoutPositions): Promise<void> {
    await this.writeOwnJson('layout.json', layoutSchema.parse(positions));
  }

  async getView(): Promise<ViewState> {
    return (await this.readOwnJson('view.json', viewStateSchema)) ?? {};
  }

  async saveView(view: ViewState): Promise<void> {
    await this.writeOwnJson('view.json', viewStateSchema.parse(view));
  }

  /** One of Seatmap's own files in `.seatmap/`, or null when it is missing, broken or not ours. */
  private async readOwnJson<T>(name: string, schema: z.ZodType<T>): Promise<T | null> {
    try {
      // Never through a link, and never blocking on a FIFO put in its place.
      const text = await readFile(join(this.root, OWN_FOLDER, name), { encoding: 'utf8', flag: constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK });
      const parsed = schema.safeParse(JSON.parse(text));
      return parsed.success ? parsed.data : null;
    } catch {
      return null;
    }
  }

  private async writeOwnJson(name: string, value: unknown): Promise<void> {
    await writeFileAtomic(join(this.root, OWN_FOLDER, name), `${JSON.stringify(value, null, 2)}\n`);
  }

  /** Resolves once every change seen so far has been read and published. */
  settled(): Promise<void> {
    return this.changes.settled();
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const timer of this.timers) clearInterval(timer);
    if (this.missingFolderTimer) clearInterval(this.missingFolderTimer);
    if (this.readRetryTimer) clearTimeout(this.readRetryTimer);
    this.changes.close();
    await this.watcher?.close();
    await this.changes.running();
    await this.forwarding;
    this.listeners.clear();
  }

  /**
   * Starts indexing deferred big inboxes unless it is running. Called at open and after every read:
   * a big inbox can also appear while the fleet is open (copied in, or written between the first
   * scan and the watcher's start), and must not stay "indexing" for ever.
   */
  private startIndexing(): void {
    if (this.indexing || this.closed || !this.files.hasDeferred()) return;
    this.indexing = this.indexInBackground().finally(() => {
      this.indexing = null;
      // One deferred while the last run was finishing up.
      this.startIndexing();
    });
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

  private retryReadAfterFailure(): void {
    if (this.closed || this.readRetryTimer) return;
    const delay = this.readRetryMs;
    this.readRetryMs = Math.min(delay * 2, READ_RETRY_MAX_MS);
    this.readRetryTimer = setTimeout(() => {
      this.readRetryTimer = null;
      this.requestRescan();
    }, delay);
    this.readRetryTimer.unref();
  }

  private markDirty(relPath: string): void {
    this.changes.markDirty(relPath);
  }

  private requestRescan(): void {
    this.changes.requestRescan();
  }

  private noteRecovery(recovery: SwapRecovery): void {
    this.recoveries.push(diagnostic(FLEET_FILE, recovery.outcome === 'lost' ? 'error' : 'warning', recovery.message));
    // The repair may have changed fleet.yaml (the first scan reads it anyway when opening).
    if (this.current) this.markDirty(FLEET_FILE);
    this.publish();
  }

  private setWatcherState(state: WatcherState): void {
    this.watcherReport = state;
    // The watcher says 'starting' right after the first derive; re-deriving a big fleet for a
    // state it already shows would freeze the host twice in a row (bench/eventLoopStall.ts).
    const same = state.status === this.watcherState.status && state.message === this.watcherState.message;
    this.watcherState = state;
    if (this.current && !same) this.publish();
  }

  /** Compares the folder with what was read and re-reads what differs (catches dropped events). */
  private async rescan(): Promise<void> {
    try {
      const info = await lstat(this.root);
      if (!info.isDirectory()) throw Object.assign(new Error('not a folder'), { code: 'ENOTDIR' });
      if (this.missingFolderTimer) {
        // The folder is back: a watcher on the old one sees nothing, so start a new one.
        clearInterval(this.missingFolderTimer);
        this.missingFolderTimer = null;
        this.watcher?.restart();
      }
      if (this.watcherState.status === 'error' && this.watcherState.message?.startsWith('The fleet folder')) {
        this.watcherState = this.watcherReport;
      }
    } catch (error) {
      if (isMissing(error)) {
        this.watcherState = { status: 'error', message: `The fleet folder ${this.root} was deleted or moved; showing what was last read`, files: 0 };
        if (this.watcher && !this.missingFolderTimer && !this.closed) {
          this.missingFolderTimer = setInterval(() => this.requestRescan(), this.missingFolderCheckMs);
          this.missingFolderTimer.unref();
        }
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

  /** Derives at the judged clock; `tick` (opening, the re-derive timer) reads the clock first. */
  private deriveNow(revision: number, tick = false): FleetSnapshot {
    const started = Date.now();
    const inputs = this.inputs();
    inputs.revision = revision;
    inputs.now = this.judgedNow(inputs.now, tick);
    inputs.watcher = { ...this.watcherState, files: this.files.seen.size };
    const snapshot = derive(inputs, deriveSignals);
    this.lastDeriveMs = Date.now() - started;
    return snapshot;
  }

  /**
   * The clock to judge by: the reading at the last tick, unless this is a tick, there is no timer
   * (a service that does not watch), the timer is late, or the clock went back.
   */
  private judgedNow(clock: number, tick: boolean): number {
    const last = this.judgedAt;
    if (tick || last === null || this.timers.length === 0 || clock - last >= this.rederiveEveryMs || clock < last) this.judgedAt = clock;
    return this.judgedAt ?? clock;
  }

  /** Re-derives and, when anything but the clock changed, emits a numbered patch; `tick` moves the judged clock. */
  private publish(tick = false): void {
    if (this.closed || !this.current) return;
    const next = this.deriveNow(this.current.revision + 1, tick);
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
