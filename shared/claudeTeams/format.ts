/**
 * The files of a Claude Code agent team, as zod schemas (docs/sources.md describes the layout):
 * `teams/<team>/config.json`, `teams/<team>/inboxes/<name>.json` (a JSON array of messages to that
 * name) and `tasks/<team>/<n>.json`. Claude Code adds keys between versions, so every object keeps
 * unknown keys (passthrough) and only the fields Seatmap reads are checked.
 */
import { z } from 'zod';

export const memberSchema = z
  .object({
    /** The routing key: the inbox file name, a message's `from`, a task's `owner`. */
    name: z.string().min(1).max(256),
    agentId: z.string().max(512).optional(),
    agentType: z.string().max(256).optional(),
    model: z.string().max(256).optional(),
    color: z.string().max(64).optional(),
    joinedAt: z.number().optional(),
    cwd: z.string().max(4096).optional(),
    tmuxPaneId: z.string().max(256).optional(),
    backendType: z.string().max(256).optional(),
    isActive: z.boolean().optional(),
    prompt: z.string().optional(),
  })
  .passthrough();
export type TeamMember = z.infer<typeof memberSchema>;

export const configSchema = z
  .object({
    name: z.string().max(512).optional(),
    description: z.string().optional(),
    createdAt: z.number().optional(),
    leadAgentId: z.string().max(512).optional(),
    leadSessionId: z.string().max(512).optional(),
    members: z.array(memberSchema).max(10_000).default([]),
  })
  .passthrough();
export type TeamConfig = z.infer<typeof configSchema>;

export const inboxMessageSchema = z
  .object({
    from: z.string().min(1).max(256),
    text: z.string(),
    summary: z.string().optional(),
    timestamp: z.string().max(64),
    read: z.boolean().default(false),
    color: z.string().max(64).optional(),
    msg_id: z.string().max(256).optional(),
    type: z.string().max(128).optional(),
  })
  .passthrough();
export type RawInboxMessage = z.infer<typeof inboxMessageSchema>;

export const TASK_STATUSES = ['pending', 'in_progress', 'completed', 'deleted'] as const;

export const taskSchema = z
  .object({
    id: z.union([z.string(), z.number()]).transform(String),
    subject: z.string().default(''),
    description: z.string().default(''),
    activeForm: z.string().optional(),
    status: z.string().default('pending'),
    owner: z.string().max(256).optional(),
    blocks: z.array(z.union([z.string(), z.number()]).transform(String)).default([]),
    blockedBy: z.array(z.union([z.string(), z.number()]).transform(String)).default([]),
    metadata: z.record(z.string(), z.unknown()).optional(),
  })
  .passthrough();
export type TeamTask = z.infer<typeof taskSchema>;

/** An internal bookkeeping task (one per teammate in some versions), not work anyone assigned. */
export function isInternalTask(task: TeamTask): boolean {
  return task.metadata?._internal === true;
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; error: string };

/** Parses file text; never throws. Empty or half-written files are errors the reader retries. */
function parseWith<T>(text: string, schema: z.ZodType<T>): ParseResult<T> {
  if (text.trim() === '') return { ok: false, error: 'the file is empty (being rewritten?)' };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, error: `not valid JSON (${(error as Error).message})` };
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, error: `unexpected content at ${issue?.path.join('.') || 'top level'}: ${issue?.message ?? 'invalid'}` };
  }
  return { ok: true, value: parsed.data };
}

export const parseConfig = (text: string): ParseResult<TeamConfig> => parseWith(text, configSchema);
export const parseTask = (text: string): ParseResult<TeamTask> => parseWith(text, taskSchema);

/**
 * An inbox array. One malformed entry does not lose the rest: entries that do not fit the schema
 * are counted and skipped (the file as a whole still parsed).
 */
export function parseInbox(text: string): ParseResult<{ messages: RawInboxMessage[]; skipped: number }> {
  const parsed = parseWith(text, z.array(z.unknown()).max(1_000_000));
  if (!parsed.ok) return parsed;
  const messages: RawInboxMessage[] = [];
  let skipped = 0;
  for (const entry of parsed.value) {
    // The schema's exact checks, written out for the common case: a rewritten array of thousands
    // of entries is re-read on every send, and this keeps that near the cost of JSON.parse. Any
    // entry that does not pass goes through the schema itself (defaults, the precise complaint).
    if (isPlainInboxMessage(entry)) {
      messages.push(entry);
      continue;
    }
    const one = inboxMessageSchema.safeParse(entry);
    if (one.success) messages.push(one.data);
    else skipped++;
  }
  return { ok: true, value: { messages, skipped } };
}

const optionalString = (value: unknown, max: number) => value === undefined || (typeof value === 'string' && value.length <= max);

/** Exactly what `inboxMessageSchema` accepts when no default has to be filled in. */
function isPlainInboxMessage(entry: unknown): entry is RawInboxMessage {
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return false;
  const m = entry as Record<string, unknown>;
  return (
    typeof m.from === 'string' && m.from.length >= 1 && m.from.length <= 256
    && typeof m.text === 'string'
    && typeof m.timestamp === 'string' && m.timestamp.length <= 64
    && typeof m.read === 'boolean'
    && optionalString(m.summary, Infinity)
    && optionalString(m.color, 64)
    && optionalString(m.msg_id, 256)
    && optionalString(m.type, 128)
  );
}
