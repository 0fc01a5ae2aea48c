/**
 * Everything Seatmap has seen of one Claude Code team, built from a stream of events. The same
 * events come from reading the live files (diffed against what was seen before) and from Seatmap's
 * own history file, so a team opened from history is the team that was shown live. Claude Code
 * prunes delivered messages and deletes the team folder at the end; here nothing is dropped: a
 * message no longer in Claude's file is marked `goneAt`, a member removed from config.json `leftAt`.
 *
 * Cost: applying a rewritten inbox array is proportional to that array (identities in a Map), never
 * to the history kept. The `InboxData` records derive reads only grow by push (the contract of
 * shared/signals/inboxIndex.ts), so derivations stay incremental too.
 */
import type { InboxAck, InboxData, InboxMessage } from '../records';
import type { FleetPath } from '../ids';
import { decodeMessage, type DecodedMessage } from './protocol';
import { messageIdentity, seatIdFor } from './identity';
import type { RawInboxMessage, TeamConfig, TeamMember, TeamTask } from './format';

export type TeamEvent =
  | { e: 'config'; at: number; config: TeamConfig }
  | { e: 'msg'; at: number; inbox: string; key: string; m: RawInboxMessage }
  | { e: 'read'; at: number; inbox: string; key: string; read: boolean }
  | { e: 'gone'; at: number; inbox: string; key: string }
  | { e: 'back'; at: number; inbox: string; key: string }
  | { e: 'task'; at: number; task: TeamTask; mtime?: number }
  | { e: 'taskGone'; at: number; id: string }
  | { e: 'ended'; at: number }
  | { e: 'live'; at: number };

/** The seat id of the person at the keyboard, who runs the lead session. */
export const HUMAN_SEAT = 'you';

export interface TeamMessage {
  key: string;
  /** The recipient: the inbox file's name. */
  inbox: string;
  raw: RawInboxMessage;
  decoded: DecodedMessage;
  ts: number;
  firstSeen: number;
  read: boolean;
  /** When Seatmap first saw it read; null while unread. */
  readAt: number | null;
  /** When it was first missing from Claude's file (pruned); null while it is there. */
  goneAt: number | null;
  /** 1-based position in the order Seatmap saw messages of this inbox (the "line"). */
  line: number;
}

export interface MemberRecord {
  name: string;
  seat: string;
  member: TeamMember;
  firstSeen: number;
  /** When it was removed from config.json; null while it is a member. */
  leftAt: number | null;
}

export interface TaskRecord {
  task: TeamTask;
  firstSeen: number;
  changedAt: number;
  goneAt: number | null;
}

export interface InboxLog {
  name: string;
  seat: string;
  messages: TeamMessage[];
  byKey: Map<string, TeamMessage>;
  /** Sender + timestamp (or msg_id) → the messages with it: a re-read array finds its known messages by a string compare, without hashing their text again. */
  byStamp: Map<string, TeamMessage[]>;
  /** Identities in Claude's file as last read. */
  present: Set<string>;
  /** Every message, for derive (only grows by push; rebuilt if a read flag goes back). */
  all: InboxData;
  /** The same without idle notifications: the traffic the graph counts by default. */
  traffic: InboxData;
}

/**
 * Running aggregates the plan, the seat details and the warnings read, kept up to date by `apply`,
 * so a derivation never scans the whole history (a rewritten array costs what the file holds).
 */
export interface TeamStats {
  /** Sender name → its latest message time. */
  lastSent: Map<string, number>;
  /** Sender name → its latest idle notification. */
  lastIdle: Map<string, TeamMessage>;
  /** Sender name → the time of its latest message that is not an idle notification (a report). */
  lastReport: Map<string, number>;
  /** `from\nto` (names) → task ids assigned along that pair. */
  assignments: Map<string, Set<string>>;
  /** Messages that wait for an answer (permission, plan, shutdown requests). */
  requests: TeamMessage[];
  /** `<response kind>:<request id>` of every response seen. */
  answered: Set<string>;
  /** Inbox name → its unread messages from others that are still in Claude's file (idle notifications aside). */
  unread: Map<string, Set<TeamMessage>>;
  /** `from\nto` (names) → messages other than idle notifications, and the latest. */
  pairs: Map<string, { from: string; to: string; count: number; last: TeamMessage }>;
}

export class TeamModel {
  readonly stats: TeamStats = { lastSent: new Map(), lastIdle: new Map(), lastReport: new Map(), assignments: new Map(), requests: [], answered: new Set(), unread: new Map(), pairs: new Map() };
  config: TeamConfig | null = null;
  readonly members = new Map<string, MemberRecord>();
  readonly inboxes = new Map<string, InboxLog>();
  readonly tasks = new Map<string, TaskRecord>();
  firstSeen: number | null = null;
  lastChange: number | null = null;
  endedAt: number | null = null;
  /** Bumped on every event that changed something (the views' cache key). */
  version = 0;
  private readonly seatIds = new Map<string, string>();
  private readonly takenSeats = new Set<string>([HUMAN_SEAT]);

  constructor(readonly team: string) {}

  /** The seat id for a name (members, inbox names, senders), stable once given. */
  seatOf(name: string): string {
    let id = this.seatIds.get(name);
    if (id === undefined) {
      id = seatIdFor(name, this.takenSeats);
      this.takenSeats.add(id);
      this.seatIds.set(name, id);
    }
    return id;
  }

  /** The member name behind a seat id, when there is one. */
  nameOfSeat(seat: string): string | null {
    for (const [name, id] of this.seatIds) if (id === seat) return name;
    return null;
  }

  get leadName(): string | null {
    const leadId = this.config?.leadAgentId;
    const lead = this.config?.members.find((m) => m.agentId === leadId) ?? null;
    if (lead) return lead.name;
    if (leadId) return leadId.split('@')[0] ?? null;
    return null;
  }

  get live(): boolean {
    return this.endedAt === null && this.firstSeen !== null;
  }

  totalMessages(): number {
    let n = 0;
    for (const inbox of this.inboxes.values()) n += inbox.messages.length;
    return n;
  }

  private inbox(name: string): InboxLog {
    let log = this.inboxes.get(name);
    if (!log) {
      const seat = this.seatOf(name);
      const path = `teams/${this.team}/inboxes/${name}.json` as FleetPath;
      const data = (): InboxData => ({ seat, path, messages: [], acks: [], problems: [], bytes: 0 });
      log = { name, seat, messages: [], byKey: new Map(), byStamp: new Map(), present: new Set(), all: data(), traffic: data() };
      this.inboxes.set(name, log);
    }
    return log;
  }

  /** Applies one event; returns whether anything changed. */
  apply(event: TeamEvent): boolean {
    if (this.firstSeen === null) this.firstSeen = event.at;
    const changed = this.applyInner(event);
    if (changed) {
      this.version++;
      if (event.e !== 'ended' && event.e !== 'live' && event.e !== 'read') this.lastChange = Math.max(this.lastChange ?? 0, event.at);
    }
    return changed;
  }

  private applyInner(event: TeamEvent): boolean {
    switch (event.e) {
      case 'config':
        return this.applyConfig(event.config, event.at);
      case 'msg': {
        const log = this.inbox(event.inbox);
        if (log.byKey.has(event.key)) return false;
        const ts = Date.parse(event.m.timestamp);
        const message: TeamMessage = {
          key: event.key,
          inbox: event.inbox,
          raw: event.m,
          decoded: decodeMessage(event.m.text, event.m.summary),
          ts,
          firstSeen: event.at,
          read: event.m.read,
          readAt: event.m.read ? event.at : null,
          goneAt: null,
          line: log.messages.length + 1,
        };
        log.messages.push(message);
        log.byKey.set(event.key, message);
        const stamp = stampOf(event.m);
        const same = log.byStamp.get(stamp);
        if (same) same.push(message);
        else log.byStamp.set(stamp, [message]);
        log.present.add(event.key);
        const record = this.toInboxMessage(message, log);
        log.all.messages.push(record);
        log.all.bytes += event.m.text.length;
        if (message.decoded.kind !== 'idle_notification') log.traffic.messages.push(record);
        if (message.read) this.pushAck(log, message);
        this.count(message);
        return true;
      }
      case 'read': {
        const log = this.inboxes.get(event.inbox);
        const message = log?.byKey.get(event.key);
        if (!log || !message || message.read === event.read) return false;
        message.read = event.read;
        this.trackUnread(message);
        if (event.read) {
          message.readAt = event.at;
          this.pushAck(log, message);
        } else {
          // Rare (a read flag going back): the ack lists are rebuilt as new arrays, which the
          // incremental index takes as "start again".
          message.readAt = null;
          this.rebuildAcks(log);
        }
        return true;
      }
      case 'gone': {
        const message = this.inboxes.get(event.inbox)?.byKey.get(event.key);
        if (!message || message.goneAt !== null) return false;
        message.goneAt = event.at;
        this.inboxes.get(event.inbox)!.present.delete(event.key);
        this.trackUnread(message);
        return true;
      }
      case 'back': {
        const message = this.inboxes.get(event.inbox)?.byKey.get(event.key);
        if (!message || message.goneAt === null) return false;
        message.goneAt = null;
        this.inboxes.get(event.inbox)!.present.add(event.key);
        this.trackUnread(message);
        return true;
      }
      case 'task': {
        const prev = this.tasks.get(event.task.id);
        if (prev && prev.goneAt === null && JSON.stringify(prev.task) === JSON.stringify(event.task)) return false;
        // The file's time when known: a task opened for the first time did not change just now.
        this.tasks.set(event.task.id, { task: event.task, firstSeen: prev?.firstSeen ?? event.at, changedAt: event.mtime ?? event.at, goneAt: null });
        return true;
      }
      case 'taskGone': {
        const prev = this.tasks.get(event.id);
        if (!prev || prev.goneAt !== null) return false;
        prev.goneAt = event.at;
        return true;
      }
      case 'ended':
        if (this.endedAt !== null) return false;
        this.endedAt = event.at;
        return true;
      case 'live':
        if (this.endedAt === null) return false;
        this.endedAt = null;
        return true;
    }
  }

  private applyConfig(config: TeamConfig, at: number): boolean {
    if (this.config && JSON.stringify(this.config) === JSON.stringify(config)) return false;
    this.config = config;
    const names = new Set(config.members.map((m) => m.name));
    for (const member of config.members) {
      const prev = this.members.get(member.name);
      this.members.set(member.name, { name: member.name, seat: this.seatOf(member.name), member, firstSeen: prev?.firstSeen ?? at, leftAt: null });
    }
    for (const record of this.members.values()) if (!names.has(record.name) && record.leftAt === null) record.leftAt = at;
    return true;
  }

  /** Adds a new message to the running aggregates. */
  private count(message: TeamMessage): void {
    const s = this.stats;
    const { from } = message.raw;
    const { kind, requestId, taskId } = message.decoded;
    if (Number.isFinite(message.ts) && !(message.ts <= (s.lastSent.get(from) ?? -Infinity))) s.lastSent.set(from, message.ts);
    if (kind === 'idle_notification') {
      const prev = s.lastIdle.get(from);
      if (!prev || !(message.ts < prev.ts)) s.lastIdle.set(from, message);
      return;
    }
    if (Number.isFinite(message.ts) && !(message.ts <= (s.lastReport.get(from) ?? -Infinity))) s.lastReport.set(from, message.ts);
    if (kind === 'task_assignment') {
      const key = `${from}\n${message.inbox}`;
      const ids = s.assignments.get(key) ?? new Set<string>();
      ids.add(taskId ?? '?');
      s.assignments.set(key, ids);
    }
    if (kind === 'permission_request' || kind === 'plan_approval_request' || kind === 'shutdown_request') s.requests.push(message);
    else if (requestId) s.answered.add(`${kind}:${requestId}`);
    this.trackUnread(message);
    if (from === message.inbox) return;
    const key = `${from}\n${message.inbox}`;
    const pair = s.pairs.get(key) ?? { from, to: message.inbox, count: 0, last: message };
    pair.count++;
    if (!(message.ts < pair.last.ts)) pair.last = message;
    s.pairs.set(key, pair);
  }

  /** Keeps `stats.unread` right for one message after it arrived, was read, pruned or came back. */
  private trackUnread(message: TeamMessage): void {
    if (message.decoded.kind === 'idle_notification' || message.raw.from === message.inbox) return;
    let set = this.stats.unread.get(message.inbox);
    if (!set) {
      set = new Set();
      this.stats.unread.set(message.inbox, set);
    }
    if (!message.read && message.goneAt === null) set.add(message);
    else set.delete(message);
  }

  private toInboxMessage(message: TeamMessage, log: InboxLog): InboxMessage {
    return {
      id: message.key,
      ts: message.ts,
      from: this.seatOf(message.raw.from),
      to: log.seat,
      type: message.decoded.kind,
      subject: message.decoded.subject,
      re: null,
      entities: [],
      line: message.line,
      offset: 0,
    };
  }

  private pushAck(log: InboxLog, message: TeamMessage): void {
    const ack: InboxAck = { ack: message.key, ts: message.readAt ?? message.firstSeen, by: log.seat, line: message.line };
    log.all.acks.push(ack);
    if (message.decoded.kind !== 'idle_notification') log.traffic.acks.push(ack);
  }

  private rebuildAcks(log: InboxLog): void {
    const acks = (traffic: boolean): InboxAck[] =>
      log.messages
        .filter((m) => m.read && (!traffic || m.decoded.kind !== 'idle_notification'))
        .map((m) => ({ ack: m.key, ts: m.readAt ?? m.firstSeen, by: log.seat, line: m.line }));
    log.all = { ...log.all, messages: [...log.all.messages], acks: acks(false) };
    log.traffic = { ...log.traffic, messages: [...log.traffic.messages], acks: acks(true) };
  }
}

/**
 * The events that turn what Seatmap knew of an inbox into what Claude's file holds now: new
 * messages, read flags that changed, messages pruned from the file (kept, marked gone) and pruned
 * ones that came back. A message seen again is not new. Proportional to the array's length.
 */
export function diffInbox(model: TeamModel, inbox: string, messages: readonly RawInboxMessage[], at: number): TeamEvent[] {
  const log = model.inboxes.get(inbox);
  const events: TeamEvent[] = [];
  const now = new Set<string>();
  const matched = new Set<TeamMessage>();
  for (const m of messages) {
    // A known message: same sender and time (or msg_id), same text, not matched yet in this array
    // (identical twins pair up in order).
    const known = log?.byStamp.get(stampOf(m))?.find((c) => c.raw.text === m.text && !matched.has(c));
    if (!known) {
      const base = messageIdentity(m);
      let key = base;
      for (let n = 1; log?.byKey.has(key) || now.has(key); n++) key = `${base}~${n}`;
      now.add(key);
      events.push({ e: 'msg', at, inbox, key, m });
      continue;
    }
    matched.add(known);
    const key = known.key;
    now.add(key);
    if (known.goneAt !== null) events.push({ e: 'back', at, inbox, key });
    if (known.read !== m.read) events.push({ e: 'read', at, inbox, key, read: m.read });
  }
  if (log) for (const key of log.present) if (!now.has(key)) events.push({ e: 'gone', at, inbox, key });
  return events;
}

/** The events for a task folder as read now (`tasks` by id). */
export function diffTasks(model: TeamModel, tasks: ReadonlyMap<string, { task: TeamTask; mtime: number }>, at: number): TeamEvent[] {
  const events: TeamEvent[] = [];
  for (const [id, { task, mtime }] of tasks) {
    const prev = model.tasks.get(id);
    if (!prev || prev.goneAt !== null || JSON.stringify(prev.task) !== JSON.stringify(task)) events.push({ e: 'task', at, task, mtime });
  }
  for (const [id, record] of model.tasks) if (record.goneAt === null && !tasks.has(id)) events.push({ e: 'taskGone', at, id });
  return events;
}

/** What two reads of one message share before its text is compared. */
function stampOf(m: RawInboxMessage): string {
  return m.msg_id ? `id\u0000${m.msg_id}` : `${m.from}\u0000${m.timestamp}`;
}
