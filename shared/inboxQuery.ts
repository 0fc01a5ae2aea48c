/**
 * Reading a seat's inbox (issue 3): the rows of a filtered, newest-first view, fetched by window so
 * a 200,000-message inbox only ever parses the rows on screen. Pure: filtering and thread building
 * work on compact message records; bodies are read from disk by the host on demand.
 */
import { z } from 'zod';
import { SEAT_ID_PATTERN } from './ids';
import type { InboxData, InboxMessage } from './records';

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
  /** Broken lines of this inbox file. */
  problems: Array<{ line: number | null; message: string }>;
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

/** Ack times by message id for one inbox. */
export function ackIndex(inbox: InboxData): Map<string, number> {
  const acks = new Map<string, number>();
  for (const ack of inbox.acks) if (!acks.has(ack.ack)) acks.set(ack.ack, ack.ts);
  return acks;
}

export function toRow(message: InboxMessage, inbox: string, acks: Map<string, number>): MessageRow {
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

/**
 * The thread of a message: follow `re` up to the root, then every message answering any message in
 * the chain (both ways, across inboxes). Oldest first. Cycles and missing links are tolerated.
 */
export function buildThread(inboxes: InboxData[], inbox: string, id: string): MessageRow[] {
  const byId = new Map<string, { message: InboxMessage; inbox: string }[]>();
  const children = new Map<string, { message: InboxMessage; inbox: string }[]>();
  const acksByInbox = new Map(inboxes.map((data) => [data.seat, ackIndex(data)]));
  for (const data of inboxes) {
    for (const message of data.messages) {
      const entry = { message, inbox: data.seat };
      byId.set(message.id, [...(byId.get(message.id) ?? []), entry]);
      if (message.re) children.set(message.re, [...(children.get(message.re) ?? []), entry]);
    }
  }
  const start = byId.get(id)?.find((entry) => entry.inbox === inbox) ?? byId.get(id)?.[0];
  if (!start) return [];
  // Up to the root.
  let root = start;
  const up = new Set<string>([root.message.id]);
  while (root.message.re && !up.has(root.message.re)) {
    const parent = byId.get(root.message.re)?.[0];
    if (!parent) break;
    up.add(parent.message.id);
    root = parent;
  }
  // Down from the root, breadth first.
  const seen = new Set<string>();
  const thread: { message: InboxMessage; inbox: string }[] = [];
  const queue = [...(byId.get(root.message.id) ?? [root])];
  while (queue.length && thread.length < 500) {
    const entry = queue.shift()!;
    const key = `${entry.inbox}/${entry.message.id}`;
    if (seen.has(key)) continue;
    seen.add(key);
    thread.push(entry);
    queue.push(...(children.get(entry.message.id) ?? []));
  }
  return thread
    .sort((a, b) => -newestFirst(a.message, b.message))
    .map((entry) => toRow(entry.message, entry.inbox, acksByInbox.get(entry.inbox) ?? new Map()));
}
