/**
 * One line of an inbox (`inbox/<seat>.jsonl`) or activity file → a typed record or a problem.
 * Agents write these lines, so every field is checked with zod and nothing is trusted.
 */
import { z } from 'zod';
import { parseIsoTime } from './isoTime';
import type { ActivityRecord, InboxAck, InboxMessage } from './records';

/** Lines longer than this are reported and skipped unparsed (a 2 MB line must not freeze anything). */
export const MAX_LINE_BYTES = 1024 * 1024;

const messageSchema = z.looseObject({
  id: z.string().min(1).max(256),
  ts: z.string().max(64).optional(),
  from: z.string().min(1).max(256),
  to: z.string().max(256).optional(),
  type: z.string().max(64).optional(),
  subject: z.string().optional(),
  re: z.string().max(256).nullish(),
  entities: z.array(z.string().max(256)).max(1000).optional(),
});

const ackSchema = z.looseObject({
  ack: z.string().min(1).max(256),
  ts: z.string().max(64).optional(),
  by: z.string().max(256).optional(),
});

const activitySchema = z.looseObject({
  ts: z.string().max(64),
  entity: z.string().min(1).max(256),
  action: z.string().optional(),
});

export type InboxLine =
  | { kind: 'message'; message: InboxMessage }
  | { kind: 'ack'; ack: InboxAck }
  | { kind: 'blank' }
  | { kind: 'problem'; problem: string };

/** Epoch ms of an ISO time, NaN when it is not one. */
export function parseTime(value: unknown): number {
  return typeof value === 'string' ? parseIsoTime(value) : Number.NaN;
}

/** Parses JSON, or says in plain words why the line is not a JSON object. */
function parseObject(text: string): { ok: true; value: Record<string, unknown> } | { ok: false; problem: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    // JSON allows no raw NUL anywhere, so a line with one always lands here: looking for NULs only
    // in lines that failed keeps a scan of every good line off the hot path.
    if (text.includes('\u0000')) return { ok: false, problem: 'binary data (NUL bytes), not a JSON line' };
    const reason = error instanceof Error ? error.message : String(error);
    return { ok: false, problem: `not valid JSON (${reason.slice(0, 120)})` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, problem: 'not a JSON object' };
  }
  return { ok: true, value: value as Record<string, unknown> };
}

function issueText(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join('.') || 'line'}: ${issue.message}`).join('; ');
}

/*
 * Fast paths: the same checks as `messageSchema` / `ackSchema`, written out by hand, because zod
 * was about a third of the time of indexing a big inbox. They return null on anything they do not
 * accept, and the zod schema then decides (and words the problem), so a line the fast path accepts
 * gives exactly what the schema would give. test/unit/properties-inboxLine.test.ts compares the two.
 */
function isText(value: unknown, max: number, min = 0): value is string {
  return typeof value === 'string' && value.length >= min && value.length <= max;
}

/**
 * The entities of every message that lists none: one shared, frozen empty list rather than one
 * new list per message, which a big inbox keeps hundreds of thousands of (nothing adds to a
 * message's entities; a frozen list would throw if anything tried).
 */
const NO_ENTITIES = Object.freeze([]) as unknown as string[];

function fastMessage(value: Record<string, unknown>, line: number, offset: number): InboxMessage | null {
  const { id, ts, from, to, type, subject, re, entities } = value;
  if (!isText(id, 256, 1) || !isText(from, 256, 1)) return null;
  if (ts !== undefined && !isText(ts, 64)) return null;
  if (to !== undefined && !isText(to, 256)) return null;
  if (type !== undefined && !isText(type, 64)) return null;
  if (subject !== undefined && typeof subject !== 'string') return null;
  if (re !== undefined && re !== null && !isText(re, 256)) return null;
  let list = NO_ENTITIES;
  if (entities !== undefined) {
    if (!Array.isArray(entities) || entities.length > 1000) return null;
    for (const entity of entities) if (!isText(entity, 256)) return null;
    list = entities as string[];
  }
  return { id, ts: parseTime(ts), from, to: to ?? '', type: type ?? 'INFORM', subject: subject ?? '', re: re ?? null, entities: list, line, offset };
}

function fastAck(value: Record<string, unknown>, line: number): InboxAck | null {
  const { ack, ts, by } = value;
  if (!isText(ack, 256, 1)) return null;
  if (ts !== undefined && !isText(ts, 64)) return null;
  if (by !== undefined && !isText(by, 256)) return null;
  return { ack, ts: parseTime(ts), by: by ?? '', line };
}

/** Parses one inbox line (without its newline). `byteLength` lets the caller skip parsing huge lines. */
export function parseInboxLine(text: string, line: number, offset: number, byteLength = text.length): InboxLine {
  return parseLine(text, line, offset, byteLength, true);
}

/** `parseInboxLine` with the zod schemas only, no fast path: the reference the fast path is tested against. */
export function parseInboxLineBySchema(text: string, line: number, offset: number, byteLength = text.length): InboxLine {
  return parseLine(text, line, offset, byteLength, false);
}

function parseLine(text: string, line: number, offset: number, byteLength: number, fast: boolean): InboxLine {
  if (byteLength > MAX_LINE_BYTES) return { kind: 'problem', problem: `line is ${(byteLength / 1048576).toFixed(1)} MB; lines over 1 MB are skipped` };
  const trimmed = text.trim();
  if (trimmed === '') return { kind: 'blank' };
  const parsed = parseObject(trimmed);
  if (!parsed.ok) return { kind: 'problem', problem: parsed.problem };
  const value = parsed.value;
  if ('ack' in value && !('id' in value)) {
    const quick = fast ? fastAck(value, line) : null;
    if (quick) return { kind: 'ack', ack: quick };
    const ack = ackSchema.safeParse(value);
    if (!ack.success) return { kind: 'problem', problem: `ack line is not valid (${issueText(ack.error)})` };
    return { kind: 'ack', ack: { ack: ack.data.ack, ts: parseTime(ack.data.ts), by: ack.data.by ?? '', line } };
  }
  const quick = fast ? fastMessage(value, line, offset) : null;
  if (quick) return { kind: 'message', message: quick };
  const message = messageSchema.safeParse(value);
  if (!message.success) return { kind: 'problem', problem: `message line is not valid (${issueText(message.error)})` };
  const m = message.data;
  return {
    kind: 'message',
    message: {
      id: m.id,
      ts: parseTime(m.ts),
      from: m.from,
      to: m.to ?? '',
      type: m.type ?? 'INFORM',
      subject: m.subject ?? '',
      re: m.re ?? null,
      entities: m.entities ?? [],
      line,
      offset,
    },
  };
}

/** Parses one activity line; `seat` is the file's seat. */
export function parseActivityLine(text: string, seat: string, line: number, byteLength = text.length): ActivityRecord | { problem: string } | null {
  if (byteLength > MAX_LINE_BYTES) return { problem: 'line over 1 MB; skipped' };
  const trimmed = text.trim();
  if (trimmed === '') return null;
  const parsed = parseObject(trimmed);
  if (!parsed.ok) return { problem: parsed.problem };
  const entry = activitySchema.safeParse(parsed.value);
  if (!entry.success) return { problem: `activity line is not valid (${issueText(entry.error)})` };
  const ts = parseTime(entry.data.ts);
  if (Number.isNaN(ts)) return { problem: `ts ${JSON.stringify(entry.data.ts)} is not an ISO time` };
  return { seat, ts, entity: entry.data.entity, action: entry.data.action ?? '', line };
}
