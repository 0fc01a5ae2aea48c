/**
 * Reading a seat's inbox: the rows of a filtered, newest-first view, fetched by window so
 * a 200,000-message inbox only ever parses the rows on screen. Pure: filtering and thread building
 * work on compact message records; bodies are read from disk by the host on demand.
 */
import { z } from 'zod';
import { SEAT_ID_PATTERN } from './ids';
import type { InboxAck, InboxData, InboxMessage } from './records';
import { inboxIndex, type InboxIndex } from './signals/inboxIndex';

/** One row of the list: everything but the body. */
export interface MessageRow {
  id: string;
  /** The seat whose inbox holds the message (the recipient). */
  inbox: string;
  ts: number | null;
  from: string;
  to: string;
  type: string;
  subject: string;
  re: string | null;
  entities: string[];
  acked: boolean;
  ackTs: number | null;
  line: number;
  /**
   * Set by sources whose messages carry a control meaning (docs/sources.md): a short label shown
   * as a chip instead of the raw text ("idle", "task #6 assigned").
   */
  chip?: string | null;
  /** A note on the row, e.g. "no longer in Claude's file". */
  note?: string | null;
  /** This row stands for a run of this many similar messages (collapsed idle notifications). */
  run?: number;
}

export const inboxQuerySchema = z.object({
  seat: z.string().regex(SEAT_ID_PATTERN),
  /** `inbox`: messages to the seat; `outbox`: what it sent to others (from their inboxes). */
  view: z.enum(['inbox', 'outbox']).default('inbox'),
  types: z.array(z.string().max(64)).max(50).optional(),
  senders: z.array(z.string().max(256)).max(500).optional(),
  unreadOnly: z.boolean().optional(),
  /** Case-insensitive text search across subject, body, sender, type and entities. */
  text: z.string().max(500).optional(),
  start: z.number().int().min(0).default(0),
  count: z.number().int().min(1).max(500).default(100),
});
export type InboxQuery = z.input<typeof inboxQuerySchema>;
export type ParsedInboxQuery = z.output<typeof inboxQuerySchema>;

export interface InboxWindow {
  seat: string;
  view: 'inbox' | 'outbox';
  /** Rows matching the filters, in all. */
  total: number;
  start: number;
  rows: MessageRow[];
  /** Unread (unacknowledged) messages in the whole inbox, and the oldest one's time. */
  unread: number;
  oldestUnreadTs: number | null;
  /** Every type and sender seen, for the filter menus. */
  types: string[];
  senders: string[];
  /** Broken lines of this inbox file (the first ones)… */
  problems: Array<{ line: number | null; message: string }>;
  /** …and how many more there are beyond those listed. */
  problemsMore?: number;
  /** False while a text search is still reading the file (the host publishes progress). */
  complete: boolean;
}

export const messageRequestSchema = z.object({
  inbox: z.string().regex(SEAT_ID_PATTERN),
  id: z.string().min(1).max(256),
});
export type MessageRequest = z.infer<typeof messageRequestSchema>;

/** A message by its line in an inbox file (signals and diagnostics point at lines). */
export const messageAtLineSchema = z.object({
  inbox: z.string().regex(SEAT_ID_PATTERN),
  line: z.number().int().min(1),
});
export type MessageAtLine = z.infer<typeof messageAtLineSchema>;

export interface MessageDetail {
  row: MessageRow;
  /** The body as written (markdown, untrusted); capped at BODY_LIMIT characters. */
  body: string;
  bodyTruncated: boolean;
  /** The raw JSON line, capped. */
  raw: string;
  /** The `re` chain both ways, across inboxes, oldest first; includes this message. */
  thread: MessageRow[];
}

export const BODY_LIMIT = 256 * 1024;

/**
 * Ack times by message id for one inbox (the first ack wins). Kept up to date incrementally by the
 * inbox's index (shared/signals/inboxIndex.ts), so asking for it costs nothing when the inbox did
 * not grow.
 */
export function ackIndex(inbox: InboxData): ReadonlyMap<string, number> {
  return inboxIndex(inbox).ackTimes;
}

export function toRow(message: InboxMessage, inbox: string, acks: ReadonlyMap<string, number>): MessageRow {
  const ackTs = acks.get(message.id);
  return {
    id: message.id,
    inbox,
    ts: Number.isNaN(message.ts) ? null : message.ts,
    from: message.from,
    to: message.to,
    type: message.type,
    subject: message.subject,
    re: message.re,
    entities: message.entities,
    acked: ackTs !== undefined,
    ackTs: ackTs === undefined || Number.isNaN(ackTs) ? null : ackTs,
    line: message.line,
  };
}

/** Newest first: by time, then by position in the file (later lines are newer). */
export function newestFirst(a: { ts: number; line: number }, b: { ts: number; line: number }): number {
  const at = Number.isNaN(a.ts) ? -Infinity : a.ts;
  const bt = Number.isNaN(b.ts) ? -Infinity : b.ts;
  return bt - at || b.line - a.line;
}

export interface Candidate {
  message: InboxMessage;
  inbox: string;
  acked: boolean;
}

/** The messages of a view (before filters), newest first. */
export function viewCandidates(inboxes: InboxData[], query: Pick<ParsedInboxQuery, 'seat' | 'view'>): Candidate[] {
  const out: Candidate[] = [];
  for (const inbox of inboxes) {
    if (query.view === 'inbox' && inbox.seat !== query.seat) continue;
    const acks = ackIndex(inbox);
    for (const message of inbox.messages) {
      if (query.view === 'outbox' && (message.from !== query.seat || inbox.seat === query.seat)) continue;
      out.push({ message, inbox: inbox.seat, acked: acks.has(message.id) });
    }
  }
  return out.sort((a, b) => newestFirst(a.message, b.message));
}

/** Applies the type, sender and unread filters; `textMatches` (ids) narrows further when given. */
export function filterCandidates(candidates: Candidate[], query: ParsedInboxQuery, textMatches?: Set<string>): Candidate[] {
  const types = query.types?.length ? new Set(query.types) : null;
  const senders = query.senders?.length ? new Set(query.senders) : null;
  return candidates.filter(({ message, inbox, acked }) => {
    if (types && !types.has(message.type)) return false;
    if (senders && !senders.has(query.view === 'outbox' ? inbox : message.from)) return false;
    if (query.unreadOnly && acked) return false;
    if (textMatches && !textMatches.has(`${inbox}/${message.id}`)) return false;
    return true;
  });
}

/** What the filter bar offers and the header counts for a view, taken before its filters apply. */
export interface ViewFacets {
  unread: number;
  oldestUnreadTs: number | null;
  types: string[];
  senders: string[];
}

/** The unread count, oldest unread time, and the sorted message types and senders of a view's messages. */
export function viewFacets(candidates: readonly Candidate[], view: ParsedInboxQuery['view']): ViewFacets {
  let unread = 0;
  let oldestUnreadTs: number | null = null;
  const types = new Set<string>();
  const senders = new Set<string>();
  for (const c of candidates) {
    types.add(c.message.type);
    senders.add(view === 'outbox' ? c.inbox : c.message.from);
    if (!c.acked) {
      unread++;
      if (!Number.isNaN(c.message.ts) && (oldestUnreadTs === null || c.message.ts < oldestUnreadTs)) oldestUnreadTs = c.message.ts;
    }
  }
  return { unread, oldestUnreadTs, types: [...types].sort(), senders: [...senders].sort() };
}

/** Does a parsed line match a text search? Case-insensitive over the fields people search. */
export function lineMatchesText(value: Record<string, unknown>, needle: string): boolean {
  const lower = needle.toLowerCase();
  for (const key of ['subject', 'body', 'from', 'to', 'type', 'id']) {
    const field = value[key];
    if (typeof field === 'string' && field.toLowerCase().includes(lower)) return true;
  }
  const entities = value.entities;
  return Array.isArray(entities) && entities.some((e) => typeof e === 'string' && e.toLowerCase().includes(lower));
}

interface ThreadEntry {
  message: InboxMessage;
  inbox: string;
}

/** At most this many messages in a thread (a reply storm must not make opening a message slow). */
export const THREAD_LIMIT = 500;

/** How far each inbox had been read when a thread was built; only later lines can change it. */
interface InboxMark {
  messages: readonly InboxMessage[];
  acks: readonly InboxAck[];
  messageCount: number;
  ackCount: number;
}

/** A thread, and what is needed to tell cheaply whether new lines changed it (threadChanged). */
export interface BuiltThread {
  rows: MessageRow[];
  /** Ids in the thread, plus the missing parent of its root (it may still arrive). */
  ids: ReadonlySet<string>;
  marks: ReadonlyMap<string, InboxMark>;
}

/**
 * The thread of a message: follow `re` up to the root, then every message answering any message in
 * the chain (both ways, across inboxes). Oldest first. Cycles and missing links are tolerated.
 *
 * Built from the inboxes' id and reply indexes (shared/signals/inboxIndex.ts): the cost follows the
 * thread's size times the number of inboxes, not the number of messages in the fleet. A `re` is
 * looked up first in the inbox of the message's sender (what it received), then in any inbox.
 */
export function buildThread(inboxes: readonly InboxData[], inbox: string, id: string): MessageRow[] {
  return buildThreadWithMarks(inboxes, inbox, id).rows;
}

export function buildThreadWithMarks(inboxes: readonly InboxData[], inbox: string, id: string): BuiltThread {
  const indexes = inboxes.map((data) => inboxIndex(data));
  const marks = new Map<string, InboxMark>(
    inboxes.map((data) => [data.seat, { messages: data.messages, acks: data.acks, messageCount: data.messages.length, ackCount: data.acks.length }]),
  );
  const withId = (messageId: string): ThreadEntry[] => {
    const found: ThreadEntry[] = [];
    for (const index of indexes) {
      const message = index.byId.get(messageId);
      if (message) found.push({ message, inbox: index.seat });
    }
    return found;
  };
  const bySeat = new Map<string, InboxIndex>(indexes.map((index) => [index.seat, index]));
  // A message answers one its sender received: look in the sender's inbox first, then anywhere.
  const parentOf = (message: InboxMessage, re: string): ThreadEntry | undefined => {
    const received = bySeat.get(message.from)?.byId.get(re);
    return received ? { message: received, inbox: message.from } : withId(re)[0];
  };
  const matches = withId(id);
  const start = matches.find((entry) => entry.inbox === inbox) ?? matches[0];
  if (!start) return { rows: [], ids: new Set([id]), marks };
  // Up to the root.
  let root = start;
  const up = new Set<string>([root.message.id]);
  let missingParent: string | null = null;
  while (root.message.re && !up.has(root.message.re)) {
    const parent = parentOf(root.message, root.message.re);
    if (!parent) {
      missingParent = root.message.re;
      break;
    }
    up.add(parent.message.id);
    root = parent;
  }
  // Down from the root, breadth first (a read position instead of shift(): linear in the thread).
  const seen = new Set<string>();
  const thread: ThreadEntry[] = [];
  const queue: ThreadEntry[] = withId(root.message.id);
  if (queue.length === 0) queue.push(root);
  for (let next = 0; next < queue.length && thread.length < THREAD_LIMIT; next++) {
    const entry = queue[next]!;
    const key = `${entry.inbox}/${entry.message.id}`;
    if (seen.has(key)) continue;
    seen.add(key);
    thread.push(entry);
    for (const index of indexes) {
      for (const position of index.repliesTo.get(entry.message.id) ?? []) queue.push({ message: index.messages[position]!, inbox: index.seat });
    }
  }
  const ids = new Set([id, ...thread.map((entry) => entry.message.id)]);
  if (missingParent) ids.add(missingParent);
  const rows = thread
    .sort((a, b) => -newestFirst(a.message, b.message))
    .map((entry) => toRow(entry.message, entry.inbox, bySeat.get(entry.inbox)?.ackTimes ?? new Map()));
  return { rows, ids, marks };
}

/**
 * Whether lines added since `built` was made can change the thread: a message answering one of its
 * messages (or arriving with one of their ids, or as the root's missing parent), an ack of one of
 * them, or an inbox that appeared, vanished or was replaced. Reads only the new lines.
 */
export function threadChanged(inboxes: readonly InboxData[], built: BuiltThread): boolean {
  if (inboxes.length !== built.marks.size) return true;
  for (const data of inboxes) {
    const mark = built.marks.get(data.seat);
    if (!mark || mark.messages !== data.messages || mark.acks !== data.acks) return true;
    if (data.messages.length < mark.messageCount || data.acks.length < mark.ackCount) return true;
    for (let i = mark.messageCount; i < data.messages.length; i++) {
      const message = data.messages[i]!;
      if (built.ids.has(message.id) || (message.re !== null && built.ids.has(message.re))) return true;
    }
    for (let i = mark.ackCount; i < data.acks.length; i++) if (built.ids.has(data.acks[i]!.ack)) return true;
  }
  return false;
}
