/**
 * Serves the seat panel's inbox views from the service's compact message index, reading
 * bodies from disk only for the message opened and scanning files only for a text search.
 */
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { MAX_LINE_BYTES, parseInboxLine } from '../shared/inboxLine';
import { readNewestLines } from './inboxTailPage';
import {
  BODY_LIMIT,
  buildThreadWithMarks,
  filterCandidates,
  lineMatchesText,
  toRow,
  ackIndex,
  viewCandidates,
  viewFacets,
  threadChanged,
  type BuiltThread,
  type Candidate,
  type InboxWindow,
  type MessageDetail,
  type MessageRow,
  type ParsedInboxQuery,
} from '../shared/inboxQuery';
import type { InboxData } from '../shared/records';
import { inboxIndex } from '../shared/signals/inboxIndex';

const RAW_LIMIT = 64 * 1024;

/** Reads the line that starts at `offset` (without its newline), up to MAX_LINE_BYTES. */
export async function readLineAt(absPath: string, offset: number): Promise<string> {
  const handle = await open(absPath, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  try {
    const parts: Buffer[] = [];
    let total = 0;
    let position = offset;
    const chunk = Buffer.allocUnsafe(64 * 1024);
    while (total < MAX_LINE_BYTES) {
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, position);
      if (bytesRead === 0) break;
      const nl = chunk.subarray(0, bytesRead).indexOf(0x0a);
      const part = chunk.subarray(0, nl === -1 ? bytesRead : nl);
      parts.push(Buffer.from(part));
      total += part.length;
      if (nl !== -1) break;
      position += bytesRead;
    }
    return Buffer.concat(parts).toString('utf8');
  } finally {
    await handle.close();
  }
}

/** Ids (`<inbox>/<id>`) of messages in these inboxes whose line matches the text. Streams each file. */
async function searchFiles(root: string, inboxes: InboxData[], text: string): Promise<Set<string>> {
  const matches = new Set<string>();
  const lower = text.toLowerCase();
  const plainNeedle = /^[\x20-\x7e]*$/.test(text) && !/["\\]/.test(text);
  for (const inbox of inboxes) {
    const byOffset = new Map(inbox.messages.map((m) => [m.offset, m.id]));
    const handle = await open(join(root, inbox.path), constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK).catch(() => null);
    if (!handle) continue;
    try {
      let position = 0;
      let carry = Buffer.alloc(0);
      const chunk = Buffer.allocUnsafe(1024 * 1024);
      for (;;) {
        const { bytesRead } = await handle.read(chunk, 0, chunk.length, position);
        if (bytesRead === 0) break;
        const data = carry.length ? Buffer.concat([carry, chunk.subarray(0, bytesRead)]) : chunk.subarray(0, bytesRead);
        const base = position - carry.length;
        let start = 0;
        for (;;) {
          const nl = data.indexOf(0x0a, start);
          if (nl === -1) break;
          const id = byOffset.get(base + start);
          if (id !== undefined && nl - start <= MAX_LINE_BYTES) {
            const line = data.subarray(start, nl).toString('utf8');
            // The raw line must contain the text unless JSON escaped it (a `\u` escape, or a needle
            // with quotes or backslashes): skip the parse for the many lines that cannot match.
            const mayMatch = !plainNeedle || line.toLowerCase().includes(lower) || line.includes('\\u');
            try {
              if (mayMatch && lineMatchesText(JSON.parse(line) as Record<string, unknown>, text)) matches.add(`${inbox.seat}/${id}`);
            } catch {
              /* broken lines are listed as problems elsewhere */
            }
          }
          start = nl + 1;
        }
        carry = Buffer.from(data.subarray(start));
        if (carry.length > MAX_LINE_BYTES) carry = Buffer.alloc(0);
        position += bytesRead;
      }
    } finally {
      await handle.close();
    }
  }
  return matches;
}

export class InboxReader {
  /** The last text search, reused while the inboxes did not grow (paging through results). */
  private searchCache: { key: string; matches: Set<string> } | null = null;
  private readonly sortedCache = new Map<string, Candidate[]>();
  /**
   * The last messages opened, with their threads: a message line never changes (inboxes are only
   * appended to), so an open message is re-read only when new lines touch its thread.
   */
  private readonly openedCache = new Map<string, { detail: MessageDetail; thread: BuiltThread }>();

  constructor(
    private readonly root: string,
    private readonly inboxes: () => InboxData[],
  ) {}

  async query(query: ParsedInboxQuery): Promise<InboxWindow> {
    const all = this.inboxes();
    const own = all.find((inbox) => inbox.seat === query.seat);
    const plain = !query.text?.trim() && !query.types?.length && !query.senders?.length && !query.unreadOnly;
    if (own?.indexing && query.view === 'inbox' && plain) return this.tailWindow(own, query);
    const candidates = this.candidates(all, query);
    let textMatches: Set<string> | undefined;
    const text = query.text?.trim();
    if (text) {
      const scope = query.view === 'inbox' ? (own ? [own] : []) : all.filter((inbox) => inbox.seat !== query.seat);
      const key = `${query.view}:${query.seat}:${text}:${scope.map((i) => `${i.seat}@${i.bytes}`).join(',')}`;
      if (this.searchCache?.key !== key) this.searchCache = { key, matches: await searchFiles(this.root, scope, text) };
      textMatches = this.searchCache.matches;
    }
    const matching = filterCandidates(candidates, query, textMatches);
    // Ack times come from each inbox's incremental index, and only for the inboxes on this page.
    const bySeat = new Map(all.map((inbox) => [inbox.seat, inbox]));
    const rows = matching.slice(query.start, query.start + query.count).map((c) => {
      const data = bySeat.get(c.inbox);
      return toRow(c.message, c.inbox, data ? ackIndex(data) : new Map());
    });
    return {
      seat: query.seat,
      view: query.view,
      total: matching.length,
      start: query.start,
      rows,
      // The counts and the filter bar's choices cover the whole view, before its filters.
      ...viewFacets(candidates, query.view),
      problems: (own?.problems ?? []).slice(0, 200).map((p) => ({ line: p.line, message: p.message })),
      problemsMore: problemsBeyond(own, 200),
      complete: !own?.indexing,
    };
  }

  /**
   * While a big inbox is still being indexed, the newest rows come straight from the file's end, so
   * opening the seat costs the same whatever the inbox's size. Counts are what is indexed so far.
   */
  private async tailWindow(own: InboxData, query: ParsedInboxQuery): Promise<InboxWindow> {
    const lines = await readNewestLines(join(this.root, own.path), query.start + query.count);
    const acks = ackIndex(own);
    const rows: MessageRow[] = [];
    for (const line of lines.slice(query.start)) {
      const parsed = parseInboxLine(line.text, 0, line.offset);
      if (parsed.kind === 'message') rows.push(toRow(parsed.message, own.seat, acks));
    }
    return {
      seat: own.seat,
      view: 'inbox',
      total: Math.max(own.messages.length, query.start + rows.length),
      start: query.start,
      rows,
      unread: own.messages.filter((m) => !acks.has(m.id)).length,
      oldestUnreadTs: null,
      types: [...new Set(rows.map((r) => r.type))].sort(),
      senders: [...new Set(rows.map((r) => r.from))].sort(),
      problems: own.problems.slice(0, 200).map((p) => ({ line: p.line, message: p.message })),
      problemsMore: problemsBeyond(own, 200),
      complete: false,
    };
  }

  /**
   * The view's messages, newest first, sorted once per change of the inboxes it reads (paging and
   * filtering a 200,000-message inbox then costs a filter, not a sort).
   */
  private candidates(all: InboxData[], query: ParsedInboxQuery): Candidate[] {
    const scope = query.view === 'inbox' ? all.filter((inbox) => inbox.seat === query.seat) : all;
    const key = `${query.view}:${query.seat}:${scope.map((i) => `${i.seat}@${i.messages.length}/${i.acks.length}/${i.bytes}`).join(',')}`;
    const cached = this.sortedCache.get(key);
    if (cached) return cached;
    const sorted = viewCandidates(scope, query);
    this.sortedCache.set(key, sorted);
    // A few views stay cached (the open seat's inbox and outbox, and the last ones before them).
    if (this.sortedCache.size > 4) this.sortedCache.delete(this.sortedCache.keys().next().value!);
    return sorted;
  }

  messageAtLine(inboxSeat: string, line: number): MessageRow | null {
    const inbox = this.inboxes().find((data) => data.seat === inboxSeat);
    const message = inbox?.messages.find((m) => m.line === line);
    return inbox && message ? toRow(message, inbox.seat, ackIndex(inbox)) : null;
  }

  async message(inboxSeat: string, id: string): Promise<MessageDetail | null> {
    const all = this.inboxes();
    const key = `${inboxSeat}/${id}`;
    const opened = this.openedCache.get(key);
    // The thread's marks cover every inbox, this one included: a replaced file counts as a change.
    if (opened && !threadChanged(all, opened.thread)) return opened.detail;
    const inbox = all.find((data) => data.seat === inboxSeat);
    const message = inbox ? inboxIndex(inbox).byId.get(id) : undefined;
    if (!inbox || !message) {
      this.openedCache.delete(key);
      return null;
    }
    const raw = await readLineAt(join(this.root, inbox.path), message.offset);
    let body = '';
    try {
      const value = JSON.parse(raw) as Record<string, unknown>;
      body = typeof value.body === 'string' ? value.body : value.body === undefined ? '' : JSON.stringify(value.body, null, 2);
    } catch {
      body = '';
    }
    const thread = buildThreadWithMarks(all, inbox.seat, id);
    const detail: MessageDetail = {
      row: toRow(message, inbox.seat, ackIndex(inbox)),
      body: body.slice(0, BODY_LIMIT),
      bodyTruncated: body.length > BODY_LIMIT,
      raw: raw.slice(0, RAW_LIMIT),
      thread: thread.rows,
    };
    this.openedCache.delete(key);
    this.openedCache.set(key, { detail, thread });
    if (this.openedCache.size > 8) this.openedCache.delete(this.openedCache.keys().next().value!);
    return detail;
  }
}

/** How many of an inbox's problems are not among the first `listed` (kept ones past it, plus those only counted). */
function problemsBeyond(inbox: InboxData | undefined, listed: number): number {
  if (!inbox) return 0;
  return Math.max(0, inbox.problems.length - listed) + (inbox.problemsOmitted ?? 0);
}
