/**
 * The Claude Code teams source (docs/sources.md): watches a Claude Code root (`~/.claude` or
 * `$CLAUDE_CONFIG_DIR`), keeps a TeamModel per team it has seen, records every change in
 * Seatmap's own history (never inside the Claude folder), and serves one team at a time as the
 * same FleetSnapshot the fleet format gives.
 *
 * Claude Code rewrites inbox files whole, sometimes in place, so a read can catch an empty or
 * half-written file: the last good read stays shown, the file is read again shortly, and only a
 * file that stays broken gets a diagnostic. Nothing here throws on bad input.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { watch, type FSWatcher } from 'chokidar';
import { layoutSchema, type CommandRequest, type CommandResult, type FleetEvent, type LayoutPositions } from '../../../shared/api';
import { diagnostic, type Diagnostic } from '../../../shared/diagnostics';
import { inboxQuerySchema, type InboxQuery, type InboxWindow, type MessageAtLine, type MessageDetail, type MessageRequest, type MessageRow } from '../../../shared/inboxQuery';
import { diffSnapshots } from '../../../shared/patch';
import type { FleetSnapshot, TeamListEntry, WatcherState } from '../../../shared/snapshot';
import { parseConfig, parseInbox, parseTask, type TeamTask } from '../../../shared/claudeTeams/format';
import { diffInbox, diffTasks, TeamModel, type TeamEvent } from '../../../shared/claudeTeams/teamModel';
import { queryTeamInbox, teamMessage, teamMessageAtLine } from '../../../shared/claudeTeams/teamInbox';
import { teamSnapshot, TEAM_READ_ONLY } from '../../../shared/claudeTeams/teamSnapshot';
import { TEAM_DEFAULTS, type TeamThresholds } from '../../../shared/claudeTeams/teamSignals';
import { writeFileAtomic } from '../../atomicWrite';
import { ChangeQueue } from '../../changeQueue';
import type { FleetSourceService } from '../types';
import { DEFAULT_HISTORY_LIMITS, TeamHistory, type HistoryLimits } from './historyStore';
import { classifyTeamPath, ignoredTeamPath, isDirectory, listJsonFiles, listTeamFolders, readTeamFile, teamFileKey } from './teamFiles';

export interface ClaudeTeamsOptions {
  /** The Claude Code root (the folder holding `teams/`), a real path. */
  root: string;
  /** The team to show first; by default the live team that changed last. */
  team?: string | null;
  /** Seatmap's data folder for the history; null keeps none (one-shot readers such as `check`). */
  dataDir: string | null;
  now?: () => number;
  watch?: boolean;
  thresholds?: Partial<TeamThresholds>;
  historyLimits?: HistoryLimits;
  rederiveEveryMs?: number;
  reconcileEveryMs?: number;
  /** A broken file is read again this many times, this far apart, before a diagnostic shows. */
  retries?: number;
  retryDelayMs?: number;
}

interface Broken {
  attempts: number;
  error: string;
}

const toRel = (root: string, abs: string) => relative(root, abs).split(sep).join('/');

export class ClaudeTeamsSource implements FleetSourceService {
  readonly isDemo = false;
  private readonly clock: () => number;
  private readonly thresholds: TeamThresholds;
  private readonly history: TeamHistory | null;
  private readonly models = new Map<string, TeamModel>();
  /** Per team: diagnostics of its history file (bad lines) and of a full history. */
  private readonly historyNotes = new Map<string, Diagnostic[]>();
  /** Root-relative paths as last read (stat key), to skip unchanged files on a rescan. */
  private readonly seen = new Map<string, string>();
  private readonly broken = new Map<string, Broken>();
  private readonly retryTimers = new Map<string, NodeJS.Timeout>();
  private current: string | null = null;
  private fleetKey = randomUUID();
  private snap!: FleetSnapshot;
  private watcher: FSWatcher | null = null;
  private watcherState: WatcherState = { status: 'starting', message: null, files: 0 };
  private readonly listeners = new Set<(event: FleetEvent) => void>();
  /** Changed paths and rescans, read in one serialized drain; rechecks recently changed paths. */
  private readonly changes: ChangeQueue;
  private readonly timers: NodeJS.Timeout[] = [];
  private closed = false;
  private readonly retries: number;
  private readonly retryDelayMs: number;

  private constructor(
    readonly claudeRoot: string,
    private readonly options: ClaudeTeamsOptions,
  ) {
    this.clock = options.now ?? Date.now;
    this.thresholds = { ...TEAM_DEFAULTS, ...options.thresholds };
    this.history = options.dataDir ? new TeamHistory(options.dataDir, claudeRoot, options.historyLimits ?? DEFAULT_HISTORY_LIMITS) : null;
    this.retries = options.retries ?? 5;
    this.retryDelayMs = options.retryDelayMs ?? 60;
    this.changes = new ChangeQueue({
      read: (rel) => this.readPath(rel),
      rescan: () => this.rescan(),
      publish: () => this.publish(),
      currentKey: (rel) => teamFileKey(join(this.claudeRoot, rel)),
      readKey: (rel) => this.seen.get(rel) ?? null,
      isRelevant: (rel) => classifyTeamPath(rel).kind !== 'other',
      onError: (error) => {
        // Never crash the host on a file: say so and keep the last good view.
        this.watcherState = { status: 'error', message: `Reading the Claude folder failed: ${(error as Error).message}`, files: 0 };
      },
    });
  }

  /** The folder shown: the open team's folder, or the root when no team is open. */
  get root(): string {
    return this.current ? join(this.claudeRoot, 'teams', this.current) : this.claudeRoot;
  }

  static async open(options: ClaudeTeamsOptions): Promise<ClaudeTeamsSource> {
    const source = new ClaudeTeamsSource(options.root, options);
    if (source.history) {
      for (const stored of await source.history.list()) await source.model(stored.team);
    }
    await source.rescan();
    if (options.watch === false) await source.settleBroken();
    source.current = source.pickTeam(options.team ?? null);
    source.watcherState = options.watch === false ? { status: 'watching', message: null, files: 0 } : source.watcherState;
    source.snap = source.deriveNow(0);
    if (options.watch !== false) {
      await source.startWatcher();
      source.requestRescan();
      source.timers.push(setInterval(() => source.publish(), options.rederiveEveryMs ?? 15_000));
      source.timers.push(setInterval(() => source.requestRescan(), options.reconcileEveryMs ?? 60_000));
      for (const timer of source.timers) timer.unref();
    }
    return source;
  }

  snapshot(): FleetSnapshot {
    return this.snap;
  }

  subscribe(listener: (event: FleetEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Every team known: live ones (folder present) first, then ended ones from history. */
  teams(): TeamListEntry[] {
    return [...this.models.values()]
      .filter((m) => m.firstSeen !== null)
      .map((m) => ({
        name: m.team,
        live: m.live,
        members: [...m.members.values()].filter((r) => r.leftAt === null).length,
        messages: m.totalMessages(),
        firstSeen: m.firstSeen,
        lastChange: m.lastChange,
      }))
      .sort((a, b) => Number(b.live) - Number(a.live) || (b.lastChange ?? 0) - (a.lastChange ?? 0) || (a.name < b.name ? -1 : 1));
  }

  /** A team's model, for one-shot readers (`seatmap check` of a whole root). */
  teamModel(name: string): TeamModel | undefined {
    return this.models.get(name);
  }

  /** The snapshot of another team than the one shown (one-shot readers). */
  snapshotOf(team: string): FleetSnapshot | null {
    if (!this.models.has(team)) return null;
    const saved = this.current;
    this.current = team;
    const snap = this.deriveNow(0);
    this.current = saved;
    return snap;
  }

  async openTeam(name: string): Promise<{ opened: boolean }> {
    if (!this.models.has(name)) return { opened: false };
    if (this.current === name) return { opened: true };
    this.current = name;
    this.fleetKey = randomUUID();
    this.snap = this.deriveNow(0);
    for (const listener of this.listeners) listener({ kind: 'reset', reason: `Opened the team ${name}` });
    return { opened: true };
  }

  async runCommand(_request: CommandRequest): Promise<CommandResult> {
    return { ok: false, refusal: { code: 'invalid', message: `Editing is off: ${TEAM_READ_ONLY}` } };
  }

  async getLayout(): Promise<LayoutPositions> {
    if (!this.history || !this.current) return {};
    try {
      const parsed = layoutSchema.safeParse(JSON.parse(await readFile(this.history.layoutPath(this.current), 'utf8')));
      return parsed.success ? parsed.data : {};
    } catch {
      return {};
    }
  }

  /** Node positions go beside the history, never into the Claude folder. */
  async saveLayout(positions: LayoutPositions): Promise<void> {
    const valid = layoutSchema.parse(positions);
    if (!this.history || !this.current) return;
    await mkdir(this.history.folder, { recursive: true });
    await writeFileAtomic(this.history.layoutPath(this.current), `${JSON.stringify(valid, null, 2)}\n`);
  }

  async queryInbox(query: InboxQuery): Promise<InboxWindow> {
    const parsed = inboxQuerySchema.parse(query);
    const model = this.current ? this.models.get(this.current) : undefined;
    if (!model) return { seat: parsed.seat, view: parsed.view, total: 0, start: parsed.start, rows: [], unread: 0, oldestUnreadTs: null, types: [], senders: [], problems: [], complete: true };
    return queryTeamInbox(model, parsed);
  }

  async getMessage(request: MessageRequest): Promise<MessageDetail | null> {
    const model = this.current ? this.models.get(this.current) : undefined;
    return model ? teamMessage(model, request.inbox, request.id) : null;
  }

  messageAtLine(request: MessageAtLine): MessageRow | null {
    const model = this.current ? this.models.get(this.current) : undefined;
    return model ? teamMessageAtLine(model, request.inbox, request.line) : null;
  }

  /** Resolves once every change seen so far has been read and published. */
  settled(): Promise<void> {
    return this.changes.settled();
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const timer of this.timers) clearInterval(timer);
    for (const timer of this.retryTimers.values()) clearTimeout(timer);
    this.changes.close();
    await this.watcher?.close();
    await this.changes.running();
    this.listeners.clear();
  }

  /** The team shown first: the one asked for, else the live team that changed last, else the latest ended one. */
  private pickTeam(asked: string | null): string | null {
    if (asked && this.models.has(asked)) return asked;
    return this.teams()[0]?.name ?? asked;
  }

  /** The team's model, replaying its history the first time. */
  private async model(team: string): Promise<TeamModel> {
    let model = this.models.get(team);
    if (model) return model;
    model = new TeamModel(team);
    this.models.set(team, model);
    if (this.history) {
      const replay = await this.history.read(team);
      for (const event of replay.events) model.apply(event);
      // A team on record that was live when Seatmap last stopped: it counts as ended until its folder is seen.
      if (model.endedAt === null && replay.events.length > 0) model.endedAt = replay.events[replay.events.length - 1]!.at;
      if (replay.badLines.length) {
        this.historyNotes.set(team, [diagnostic(this.history.folder, 'warning', `Seatmap's history of ${team} has ${replay.badLines.length} unreadable line(s) (first: line ${replay.badLines[0]}); they were skipped`)]);
      }
    }
    return model;
  }

  /** Applies events to a team and records those that changed something. */
  private async commit(team: string, events: TeamEvent[]): Promise<void> {
    if (events.length === 0) return;
    const model = await this.model(team);
    const changed = events.filter((event) => model.apply(event));
    if (this.history && changed.length) {
      const live = new Set([...this.models.values()].filter((m) => m.live).map((m) => m.team));
      try {
        const kept = await this.history.append(team, changed, live);
        if (!kept) {
          this.historyNotes.set(team, [diagnostic(this.history.folder, 'warning', `Seatmap's history of ${team} reached its size limit; newer changes are shown but not kept`)]);
        }
      } catch (error) {
        this.historyNotes.set(team, [diagnostic(this.history.folder, 'warning', `Could not write Seatmap's history of ${team}: ${(error as Error).message}`)]);
      }
    }
  }

  /** Reads one root-relative path and commits what changed. */
  private async readPath(rel: string): Promise<void> {
    const kind = classifyTeamPath(rel);
    if (kind.kind === 'other') return;
    const abs = join(this.claudeRoot, rel);
    const now = this.clock();
    if (!(await isDirectory(join(this.claudeRoot, 'teams', kind.team)))) {
      this.seen.delete(rel);
      return; // the team folder is gone: the rescan marks the team ended
    }
    const read = await readTeamFile(abs);
    if (!read.ok) {
      if (read.missing) {
        this.seen.delete(rel);
        this.broken.delete(rel);
        if (kind.kind === 'inbox') await this.commit(kind.team, diffInbox(await this.model(kind.team), kind.name, [], now));
        if (kind.kind === 'task') await this.readTasks(kind.team);
        return;
      }
      this.markBroken(rel, read.error);
      return;
    }
    if (kind.kind === 'config') {
      const parsed = parseConfig(read.text);
      if (!parsed.ok) return this.markBroken(rel, parsed.error);
      this.healed(rel, read.key);
      await this.commit(kind.team, [{ e: 'config', at: now, config: parsed.value }]);
    } else if (kind.kind === 'inbox') {
      const parsed = parseInbox(read.text);
      if (!parsed.ok) return this.markBroken(rel, parsed.error);
      this.healed(rel, read.key);
      await this.commit(kind.team, diffInbox(await this.model(kind.team), kind.name, parsed.value.messages, now));
    } else {
      const parsed = parseTask(read.text);
      if (!parsed.ok) return this.markBroken(rel, parsed.error);
      this.healed(rel, read.key);
      await this.readTasks(kind.team);
    }
  }

  /** Reads a team's whole task folder (a removed task file is a task gone). */
  private async readTasks(team: string): Promise<void> {
    const dir = join(this.claudeRoot, 'tasks', team);
    const tasks = new Map<string, { task: TeamTask; mtime: number }>();
    for (const id of await listJsonFiles(dir)) {
      const rel = `tasks/${team}/${id}.json`;
      const read = await readTeamFile(join(dir, `${id}.json`));
      if (!read.ok) {
        if (!read.missing) this.markBroken(rel, read.error);
        continue;
      }
      const parsed = parseTask(read.text);
      if (!parsed.ok) {
        this.markBroken(rel, parsed.error);
        // The last good version stays: a half-written task file is not a deleted task.
        const prev = this.models.get(team)?.tasks.get(id);
        if (prev && prev.goneAt === null) tasks.set(id, { task: prev.task, mtime: prev.changedAt });
        continue;
      }
      this.healed(rel, read.key);
      tasks.set(parsed.value.id, { task: parsed.value, mtime: read.mtimeMs });
    }
    await this.commit(team, diffTasks(await this.model(team), tasks, this.clock()));
  }

  private healed(rel: string, key: string): void {
    this.seen.set(rel, key);
    this.broken.delete(rel);
  }

  /** Keeps the last good read, and reads again shortly; a diagnostic shows once retries run out. */
  private markBroken(rel: string, error: string): void {
    const prev = this.broken.get(rel);
    const attempts = (prev?.attempts ?? 0) + 1;
    this.broken.set(rel, { attempts, error });
    this.seen.delete(rel);
    if (attempts <= this.retries && !this.closed && this.options.watch !== false && !this.retryTimers.has(rel)) {
      const timer = setTimeout(() => {
        this.retryTimers.delete(rel);
        this.markDirty(rel);
      }, this.retryDelayMs);
      timer.unref();
      this.retryTimers.set(rel, timer);
    }
  }

  /** One-shot readers: read broken files again a few times before reporting them. */
  private async settleBroken(): Promise<void> {
    for (let round = 0; round < this.retries && this.broken.size > 0; round++) {
      await new Promise((resolve) => setTimeout(resolve, this.retryDelayMs));
      for (const rel of [...this.broken.keys()]) await this.readPath(rel);
    }
  }

  private diagnostics(team: string | null): Diagnostic[] {
    const out: Diagnostic[] = [];
    for (const [rel, broken] of this.broken) {
      const kind = classifyTeamPath(rel);
      if (kind.kind === 'other' || kind.team !== team || broken.attempts <= this.retries) continue;
      const what = kind.kind === 'config' ? 'The team file' : kind.kind === 'inbox' ? `${kind.name}'s inbox` : `Task #${kind.id}`;
      out.push(diagnostic(rel, kind.kind === 'config' ? 'error' : 'warning', `${what} could not be read: ${broken.error}. Showing what was last read.`));
    }
    if (team) out.push(...(this.historyNotes.get(team) ?? []));
    return out;
  }

  /** Lists the teams and reads whatever changed since it was last read (also catches dropped events). */
  private async rescan(): Promise<void> {
    const folders = await listTeamFolders(this.claudeRoot);
    const present = new Set(folders);
    for (const team of folders) {
      const model = await this.model(team);
      if (model.endedAt !== null) await this.commit(team, [{ e: 'live', at: this.clock() }]);
      const files = [`teams/${team}/config.json`, ...(await listJsonFiles(join(this.claudeRoot, 'teams', team, 'inboxes'))).map((n) => `teams/${team}/inboxes/${n}.json`)];
      for (const rel of files) {
        const key = await teamFileKey(join(this.claudeRoot, rel));
        if (key === null || this.seen.get(rel) !== key) await this.readPath(rel);
      }
      // Inboxes whose file went away.
      const model2 = this.models.get(team)!;
      for (const log of model2.inboxes.values()) {
        const rel = `teams/${team}/inboxes/${log.name}.json`;
        if (log.present.size > 0 && !files.includes(rel)) await this.readPath(rel);
      }
      await this.readTasks(team);
    }
    for (const model of this.models.values()) {
      if (model.live && !present.has(model.team)) await this.commit(model.team, [{ e: 'ended', at: this.clock() }]);
    }
    if (this.current === null && this.models.size > 0) this.current = this.pickTeam(null);
  }

  private async startWatcher(): Promise<void> {
    const watcher = watch(this.claudeRoot, {
      ignoreInitial: true,
      followSymlinks: false,
      ignored: (abs: string) => ignoredTeamPath(toRel(this.claudeRoot, abs)),
      depth: 4,
      atomic: false,
    });
    this.watcher = watcher;
    const onPath = (abs: string) => this.markDirty(toRel(this.claudeRoot, abs));
    watcher.on('add', onPath).on('change', onPath).on('unlink', onPath);
    watcher.on('addDir', () => this.requestRescan()).on('unlinkDir', () => this.requestRescan());
    watcher.on('error', (error) => {
      this.watcherState = { status: 'error', message: `The file watcher failed: ${(error as Error)?.message ?? String(error)}`, files: 0 };
      this.requestRescan();
    });
    await new Promise<void>((resolve) => watcher.on('ready', () => resolve()));
    this.watcherState = { status: 'watching', message: null, files: 0 };
  }

  private markDirty(rel: string): void {
    this.changes.markDirty(rel);
  }

  private requestRescan(): void {
    this.changes.requestRescan();
  }

  private deriveNow(revision: number): FleetSnapshot {
    const model = (this.current ? this.models.get(this.current) : undefined) ?? new TeamModel('');
    const snap = teamSnapshot({
      model,
      fleetKey: this.fleetKey,
      revision,
      root: this.root,
      now: this.clock(),
      thresholds: this.thresholds,
      diagnostics: this.diagnostics(this.current),
      watcher: { ...this.watcherState, files: this.seen.size },
      source: {
        teams: this.teams(),
        history: this.history ? { folder: this.history.folder, note: this.history.note() } : null,
      },
    });
    if (!this.current) snap.name = 'No Claude Code team yet';
    return snap;
  }

  private publish(): void {
    if (this.closed || !this.snap) return;
    const next = this.deriveNow(this.snap.revision + 1);
    const patch = diffSnapshots(this.snap, next, ['now']);
    if (!patch) return;
    patch.scalars.now = next.now;
    this.snap = next;
    for (const listener of this.listeners) listener({ kind: 'patch', patch });
  }
}

/** Deletes Seatmap's history of one Claude root (what the README tells people to do by hand). */
export async function forgetHistory(dataDir: string, claudeRoot: string): Promise<string> {
  const history = new TeamHistory(dataDir, claudeRoot);
  await rm(history.folder, { recursive: true, force: true });
  return history.folder;
}
