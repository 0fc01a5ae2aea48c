/**
 * Seatmap's own record of the Claude Code teams it has seen: one append-only JSONL file of team
 * events per team (shared/claudeTeams/teamModel.ts), under Seatmap's data folder, never inside
 * the Claude folder. Claude Code deletes a session's team when it ends and prunes delivered
 * messages; replaying this file gives back everything that was shown.
 *
 * - Append-only: lines are only ever added (O_APPEND, fsynced per batch). A crash mid-write leaves
 *   a torn last line, which replay ignores; the next append starts on a fresh line.
 * - Bounded: a team's file stops growing at `perTeamMaxBytes` (the team is still shown live, and a
 *   diagnostic says newer events are not kept); past `totalMaxBytes` the files of ended teams are
 *   deleted, oldest first. Live teams are never dropped.
 * - Per Claude root: files live in `claude-teams/<hash of the root's path>/`, so two roots with a
 *   team of the same name do not mix.
 */
import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import { mkdir, open, readdir, readFile, rm, stat } from 'node:fs/promises';
import { homedir, platform } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../../atomicWrite';
import { configSchema, inboxMessageSchema, taskSchema } from '../../../shared/claudeTeams/format';
import type { TeamEvent } from '../../../shared/claudeTeams/teamModel';

export interface HistoryLimits {
  perTeamMaxBytes: number;
  totalMaxBytes: number;
}

export const DEFAULT_HISTORY_LIMITS: HistoryLimits = { perTeamMaxBytes: 64 * 1024 * 1024, totalMaxBytes: 512 * 1024 * 1024 };

/** The platform's folder for an app's data: `$XDG_DATA_HOME/seatmap`, `~/Library/Application Support/seatmap`, `%APPDATA%\seatmap`. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.SEATMAP_DATA_DIR) return env.SEATMAP_DATA_DIR;
  if (platform() === 'darwin') return join(homedir(), 'Library', 'Application Support', 'seatmap');
  if (platform() === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'seatmap');
  return join(env.XDG_DATA_HOME || join(homedir(), '.local', 'share'), 'seatmap');
}

const at = z.number().finite();
const eventSchema = z.discriminatedUnion('e', [
  z.object({ e: z.literal('config'), at, config: configSchema }),
  z.object({ e: z.literal('msg'), at, inbox: z.string().min(1).max(256), key: z.string().min(1).max(256), m: inboxMessageSchema }),
  z.object({ e: z.literal('read'), at, inbox: z.string(), key: z.string(), read: z.boolean() }),
  z.object({ e: z.literal('gone'), at, inbox: z.string(), key: z.string() }),
  z.object({ e: z.literal('back'), at, inbox: z.string(), key: z.string() }),
  z.object({ e: z.literal('task'), at, task: taskSchema, mtime: z.number().optional() }),
  z.object({ e: z.literal('taskGone'), at, id: z.string() }),
  z.object({ e: z.literal('ended'), at }),
  z.object({ e: z.literal('live'), at }),
]);

/** A team name as a file name: itself when plainly safe, else a readable prefix and a hash. */
export function teamFileName(team: string): string {
  if (/^[A-Za-z0-9][A-Za-z0-9._-]{0,100}$/.test(team) && !team.endsWith('.jsonl')) return `${team}.jsonl`;
  const safe = team.replace(/[^A-Za-z0-9_-]+/g, '-').slice(0, 40);
  return `${safe}--${createHash('sha256').update(team).digest('hex').slice(0, 16)}.jsonl`;
}

export interface ReplayResult {
  events: TeamEvent[];
  /** Lines that did not parse, apart from a torn last line (which a crash mid-write leaves). */
  badLines: number[];
  tornTail: boolean;
}

/** Parses a history file's text. Never throws. */
export function parseHistory(text: string): ReplayResult {
  const events: TeamEvent[] = [];
  const badLines: number[] = [];
  const lines = text.split('\n');
  const endsClean = text.endsWith('\n') || text === '';
  let tornTail = false;
  lines.forEach((line, i) => {
    if (line === '') return;
    const last = i === lines.length - 1;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      if (last && !endsClean) tornTail = true;
      else badLines.push(i + 1);
      return;
    }
    const parsed = eventSchema.safeParse(value);
    if (parsed.success) events.push(parsed.data as TeamEvent);
    else if (last && !endsClean) tornTail = true;
    else badLines.push(i + 1);
  });
  return { events, badLines, tornTail };
}

export interface StoredTeam {
  team: string;
  file: string;
  bytes: number;
  mtimeMs: number;
}

export class TeamHistory {
  readonly folder: string;
  private readonly sizes = new Map<string, number>();
  /** Files that may end in a torn line: the next append starts with a newline. */
  private readonly needsNewline = new Set<string>();
  private readonly full = new Set<string>();

  constructor(
    dataDir: string,
    claudeRoot: string,
    readonly limits: HistoryLimits = DEFAULT_HISTORY_LIMITS,
  ) {
    this.folder = join(dataDir, 'claude-teams', createHash('sha256').update(claudeRoot).digest('hex').slice(0, 16));
  }

  /** What to tell the user about the folder. */
  note(): string {
    return `Seatmap keeps its own copy of every team it has seen in ${this.folder} (never inside the Claude folder). Delete that folder to forget them; it holds at most ${Math.round(this.limits.totalMaxBytes / 1048576)} MB, oldest ended teams dropped first.`;
  }

  isFull(team: string): boolean {
    return this.full.has(team);
  }

  /** The teams on record (name from the file's first lines is not needed: the index file maps names). */
  async list(): Promise<StoredTeam[]> {
    let names: string[];
    try {
      names = await readdir(this.folder);
    } catch {
      return [];
    }
    const index = await this.readIndex();
    const out: StoredTeam[] = [];
    for (const file of names) {
      if (!file.endsWith('.jsonl')) continue;
      const team = index.get(file) ?? file.slice(0, -'.jsonl'.length);
      try {
        const info = await stat(join(this.folder, file));
        out.push({ team, file, bytes: info.size, mtimeMs: info.mtimeMs });
      } catch {
        /* removed meanwhile */
      }
    }
    return out;
  }

  /** Team names of hashed file names, kept in `names.json` (written atomically). */
  private async readIndex(): Promise<Map<string, string>> {
    try {
      const parsed = z.record(z.string(), z.string()).safeParse(JSON.parse(await readFile(join(this.folder, 'names.json'), 'utf8')));
      return new Map(parsed.success ? Object.entries(parsed.data) : []);
    } catch {
      return new Map();
    }
  }

  async read(team: string): Promise<ReplayResult> {
    const path = join(this.folder, teamFileName(team));
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch {
      return { events: [], badLines: [], tornTail: false };
    }
    this.sizes.set(team, Buffer.byteLength(text));
    if (text !== '' && !text.endsWith('\n')) this.needsNewline.add(team);
    return parseHistory(text);
  }

  /** Appends a batch of events as lines, fsynced. Returns false when the team's file is full. */
  async append(team: string, events: readonly TeamEvent[], activeTeams: ReadonlySet<string> = new Set([team])): Promise<boolean> {
    if (events.length === 0) return true;
    const file = teamFileName(team);
    const path = join(this.folder, file);
    await mkdir(this.folder, { recursive: true });
    if (!this.sizes.has(team)) {
      try {
        const info = await stat(path);
        this.sizes.set(team, info.size);
        if (info.size > 0) {
          const handle = await open(path, constants.O_RDONLY);
          try {
            const last = Buffer.alloc(1);
            await handle.read(last, 0, 1, info.size - 1);
            if (last[0] !== 0x0a) this.needsNewline.add(team);
          } finally {
            await handle.close();
          }
        }
      } catch {
        this.sizes.set(team, 0);
      }
      if (!file.startsWith(team)) await this.remember(file, team);
    }
    const size = this.sizes.get(team) ?? 0;
    let text = `${this.needsNewline.has(team) ? '\n' : ''}${events.map((event) => JSON.stringify(event)).join('\n')}\n`;
    if (size + Buffer.byteLength(text) > this.limits.perTeamMaxBytes) {
      // Keep the team's end: an `ended` event always fits (it is what makes history openable).
      const ended = events.filter((event) => event.e === 'ended' || event.e === 'live');
      this.full.add(team);
      if (ended.length === 0) return false;
      text = `${this.needsNewline.has(team) ? '\n' : ''}${ended.map((event) => JSON.stringify(event)).join('\n')}\n`;
    }
    const handle = await open(path, constants.O_WRONLY | constants.O_CREAT | constants.O_APPEND, 0o600);
    try {
      await handle.write(text);
      await handle.datasync();
    } finally {
      await handle.close();
    }
    this.needsNewline.delete(team);
    this.sizes.set(team, size + Buffer.byteLength(text));
    await this.enforceTotal(activeTeams);
    return !this.full.has(team);
  }

  private async remember(file: string, team: string): Promise<void> {
    const index = await this.readIndex();
    if (index.get(file) === team) return;
    index.set(file, team);
    await writeFileAtomic(join(this.folder, 'names.json'), `${JSON.stringify(Object.fromEntries(index), null, 2)}\n`);
  }

  /** Deletes ended teams' files, oldest first, while the folder is over its total limit. */
  private async enforceTotal(activeTeams: ReadonlySet<string>): Promise<void> {
    let total = 0;
    for (const size of this.sizes.values()) total += size;
    if (total <= this.limits.totalMaxBytes) return;
    const stored = await this.list();
    total = stored.reduce((sum, s) => sum + s.bytes, 0);
    const candidates = stored.filter((s) => !activeTeams.has(s.team)).sort((a, b) => a.mtimeMs - b.mtimeMs);
    for (const old of candidates) {
      if (total <= this.limits.totalMaxBytes) break;
      await rm(join(this.folder, old.file), { force: true });
      await rm(join(this.folder, old.file.replace(/\.jsonl$/, '.layout.json')), { force: true });
      total -= old.bytes;
      this.sizes.delete(old.team);
    }
  }

  /** Where a team's saved node positions live (beside its history). */
  layoutPath(team: string): string {
    return join(this.folder, teamFileName(team).replace(/\.jsonl$/, '.layout.json'));
  }
}
