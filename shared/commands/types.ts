/**
 * Edits of fleet.yaml as typed commands (docs/architecture.md, "Commands and the write path").
 * The zod schemas check the shape at the API boundary (IPC, WebSocket); the planner
 * (`planCommand`) checks meaning against the current file and refuses with a plain reason, so an
 * invalid seat id reaches the planner and comes back as a readable refusal, not a schema error.
 */
import { z } from 'zod';

function hasControl(value: string, allowNewlines: boolean): boolean {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (allowNewlines && (code === 10 || code === 13 || code === 9)) continue;
    if (code === 9 && !allowNewlines) continue;
    if (code < 32 || code === 127) return true;
  }
  return false;
}

/** Free text written into fleet.yaml (what, when, name): one line, bounded. */
const line = z.string().max(2000).refine((s) => !hasControl(s, false), 'must be one line without control characters');
/** Longer free text (a seat's role) may span lines. */
const text = z.string().max(10_000).refine((s) => !hasControl(s, true), 'must not contain control characters');
/** A seat id as given; the planner checks the pattern so the refusal can say why. */
const seatRef = z.string().max(200);
/** `inbox` or a fleet-relative state file path. */
const via = z.string().min(1).max(1024);
/** Position in a list (`handoffs`, `rules`, `seats`); used by undo to put an entry back where it was. */
const position = z.number().int().min(0).max(100_000);
const domains = z.array(z.string().min(1).max(200)).max(500);
/**
 * Set on the inverses the planner returns (undo): putting back what the file said may name a seat
 * retired since, or a `via` the sender does not declare, which a new entry may not.
 */
const restore = z.literal(true).optional();

/** Adds a handoff `from` → `to` through `via` (the sender's inbox route or a state file it writes). */
export const addHandoffSchema = z.strictObject({
  type: z.literal('addHandoff'),
  from: seatRef,
  to: seatRef,
  via,
  what: line,
  at: position.optional(),
  restore,
});

/** Changes fields of the handoff `id` (`from->to@via`); reversing it swaps `from` and `to`. */
export const updateHandoffSchema = z.strictObject({
  type: z.literal('updateHandoff'),
  id: z.string().max(2500),
  changes: z.strictObject({ from: seatRef.optional(), to: seatRef.optional(), via: via.optional(), what: line.optional() }),
  restore,
});

/** Removes the handoff `id`; its entry's lines go, everything else in the file stays. */
export const removeHandoffSchema = z.strictObject({ type: z.literal('removeHandoff'), id: z.string().max(2500) });

/** Adds a conflict rule: `winner` wins over `over` `when` …, optionally checked against a watchlist. */
export const addRuleSchema = z.strictObject({
  type: z.literal('addRule'),
  winner: seatRef,
  over: seatRef,
  when: line,
  watchlist: via.nullish(),
  at: position.optional(),
  restore,
});

/** Changes fields of the rule `id` (`winner>over#index`); `watchlist: null` removes the watchlist. */
export const updateRuleSchema = z.strictObject({
  type: z.literal('updateRule'),
  id: z.string().max(500),
  changes: z.strictObject({ winner: seatRef.optional(), over: seatRef.optional(), when: line.optional(), watchlist: via.nullish() }),
  restore,
});

/** Removes the rule `id`. */
export const removeRuleSchema = z.strictObject({ type: z.literal('removeRule'), id: z.string().max(500) });

/** Changes a seat's documented fields; `null` removes the key (how undo takes back an added field). */
export const updateSeatSchema = z.strictObject({
  type: z.literal('updateSeat'),
  seat: seatRef,
  changes: z.strictObject({
    name: line.min(1).nullish(),
    owner: line.nullish(),
    role: text.nullish(),
    owns: domains.nullish(),
    notOwns: domains.nullish(),
  }),
});

/** Adds a seat (a new key in `seats`). */
export const addSeatSchema = z.strictObject({
  type: z.literal('addSeat'),
  id: seatRef,
  name: line.min(1),
  kind: z.enum(['agent', 'human']),
  owner: line.nullish(),
  role: text.nullish(),
  at: position.optional(),
});

/**
 * Removes a seat that nothing refers to and that has no fields beyond `addSeat`'s: the undo of
 * `addSeat`. A seat with a history is retired (issue: retire/merge workflow), never removed.
 */
export const removeSeatSchema = z.strictObject({ type: z.literal('removeSeat'), seat: seatRef });

/** Every edit Seatmap makes to fleet.yaml: a closed union, validated with `fleetCommandSchema`. */
export const fleetCommandSchema = z.discriminatedUnion('type', [
  addHandoffSchema,
  updateHandoffSchema,
  removeHandoffSchema,
  addRuleSchema,
  updateRuleSchema,
  removeRuleSchema,
  updateSeatSchema,
  addSeatSchema,
  removeSeatSchema,
]);

export type AddHandoff = z.infer<typeof addHandoffSchema>;
export type UpdateHandoff = z.infer<typeof updateHandoffSchema>;
export type RemoveHandoff = z.infer<typeof removeHandoffSchema>;
export type AddRule = z.infer<typeof addRuleSchema>;
export type UpdateRule = z.infer<typeof updateRuleSchema>;
export type RemoveRule = z.infer<typeof removeRuleSchema>;
export type UpdateSeat = z.infer<typeof updateSeatSchema>;
export type AddSeat = z.infer<typeof addSeatSchema>;
export type RemoveSeat = z.infer<typeof removeSeatSchema>;
/** One edit of fleet.yaml. */
export type FleetCommand = z.infer<typeof fleetCommandSchema>;
export type FleetCommandType = FleetCommand['type'];

/**
 * Why a command was not applied. `invalid`: the edit itself is wrong (self-loop, duplicate,
 * unknown seat, bad id, a via file the sender does not write). `conflict`: what it addresses is no
 * longer in the file (changed on disk meanwhile). `broken-file`: fleet.yaml does not parse.
 * `write-failed`: the file system refused a step of the write (disk full, permission denied); the
 * message says what is on disk afterwards, in full.
 */
export interface Refusal {
  code: 'invalid' | 'conflict' | 'broken-file' | 'write-failed';
  message: string;
  /** For `broken-file`: where the file breaks (1-based), when known. */
  line?: number | null;
}

/** The planner's answer: the new text (identical and `changed: false` for a no-op), or a refusal. */
export type PlanResult =
  | { ok: true; text: string; changed: boolean; summary: string; inverse: FleetCommand }
  | { ok: false; refusal: Refusal };

/** Parses an untrusted payload into a command, or returns the schema's first complaint. */
export function parseFleetCommand(raw: unknown): { ok: true; command: FleetCommand } | { ok: false; message: string } {
  const parsed = fleetCommandSchema.safeParse(raw);
  if (parsed.success) return { ok: true, command: parsed.data };
  const issue = parsed.error.issues[0];
  return { ok: false, message: issue ? `${issue.path.join('.') || 'command'}: ${issue.message}` : 'not a fleet command' };
}
