/**
 * Retire a seat, or merge it into another (docs/fleet-format.md, "Retiring and merging seats"):
 * the request as it crosses every boundary (IPC, WebSocket, CLI), and the plan the planner returns.
 * A request names the retiring seat, the default successor, an optional reason, and per-item
 * choices (`moves`) that override the suggestions: key `domain:<name>`, `handoff:<id>`,
 * `rule:<id>`, `file:<path>` or `inbox`; value a seat id or `drop` (handoffs and rules only).
 */
import { z } from 'zod';

function oneLine(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if ((code < 32 && code !== 9) || code === 127) return false;
  }
  return true;
}

export const DROP = 'drop';

export const retireRequestSchema = z.strictObject({
  mode: z.enum(['retire', 'merge']),
  seat: z.string().max(200),
  /** The default successor (retire) or the seat merged into (merge). */
  to: z.string().max(200),
  reason: z.string().max(2000).refine(oneLine, 'must be one line without control characters').optional(),
  moves: z.record(z.string().max(2600), z.string().max(200)).optional(),
  /** The fleet.yaml hash the plan was made against (the snapshot's fleetHash). */
  baseHash: z.string().regex(/^[0-9a-f]{64}$/).optional(),
});
export type RetireRequest = z.infer<typeof retireRequestSchema>;

export type ImpactKind = 'domain' | 'handoff' | 'rule' | 'file' | 'inbox' | 'owner';

/** One thing that depends on the retiring seat, and where it goes. */
export interface ImpactItem {
  /** `domain:ad-analytics`, `handoff:jeff->dash@inbox`, `rule:atlas>jeff#1`, `file:state/jeff/x.json`, `inbox`, `owner:<seat>`. */
  key: string;
  kind: ImpactKind;
  /** Plain words: "owns ad-analytics", "hands Overnight anomalies to Radar via inbox". */
  label: string;
  /** A seat id, or `drop`. */
  target: string;
  /** The suggested target and why ("already owns ad-analytics"). */
  suggestion: { target: string; why: string };
  /** `drop` is allowed for this item (handoffs and rules; a domain only when another seat owns it). */
  canDrop: boolean;
  /** Seats this item also involves (the other end of a handoff, readers of a file, …). */
  seats: string[];
}

/** A state file the seat writes: who reads it and where it goes. */
export interface FileImpact {
  path: string;
  readers: string[];
}

/** What the impact view lists before anything is decided. */
export interface Impact {
  seat: string;
  seatName: string;
  domains: string[];
  inbound: Array<{ id: string; from: string; via: string; what: string }>;
  outbound: Array<{ id: string; to: string; via: string; what: string }>;
  rulesWon: Array<{ id: string; over: string; when: string }>;
  rulesLost: Array<{ id: string; winner: string; when: string }>;
  files: FileImpact[];
  /** Unacknowledged messages in the seat's inbox, oldest first. */
  unacked: Array<{ id: string; from: string; ts: number; subject: string }>;
  /** Entities the seat touched within the overlap window, newest first. */
  recentEntities: Array<{ entity: string; ts: number }>;
  /** Seats that sent to it within the quiet window, with counts. */
  senders: Array<{ seat: string; count: number; lastTs: number }>;
  /** Seats owned by this one (when it is a human). */
  ownedSeats: string[];
  /** Ranked candidate successors with the reasons. */
  candidates: Array<{ seat: string; score: number; why: string[] }>;
}

/** A message that will be appended to the successor's inbox. */
export interface ForwardPreview {
  id: string;
  from: string;
  ts: number;
  subject: string;
  to: string;
}

export interface RetirePlan {
  mode: 'retire' | 'merge';
  seat: string;
  /** Every item with its resolved target. */
  items: ImpactItem[];
  impact: Impact;
  /** The seat that receives the inbox stream. */
  inboxTo: string;
  reason: string;
  baseHash: string;
  /** fleet.yaml before and after (the after text is what the transaction writes). */
  beforeText: string;
  afterText: string;
  /** Unified diff of fleet.yaml, in the file's own lines. */
  diff: string;
  forward: ForwardPreview[];
  /** Fleet-relative paths moved under .seatmap/archive/. */
  archive: string[];
  /** What running agents must change, one plain sentence each. */
  agentChanges: string[];
  /** Notes (dropped handoffs, de-duplicated entries). */
  notes: string[];
  /** The plan writes nothing (fleet.yaml already says it and there is nothing to forward). */
  noop: boolean;
}

export type RetireRefusalCode =
  | 'unknown-seat'
  | 'already-retired'
  | 'successor-retired'
  | 'successor-missing'
  | 'cycle'
  | 'last-owner'
  | 'bad-move'
  | 'broken-file'
  | 'changed'
  | 'busy'
  | 'unsafe';

export interface RetireRefusal {
  code: RetireRefusalCode;
  message: string;
}

export type RetirePlanResult = { ok: true; plan: RetirePlan } | { ok: false; refusal: RetireRefusal };

/** What applying (or undoing) did. */
export type RetireApplyResult =
  | { ok: true; txId: string; summary: string; forwarded: number; archived: string[]; hash: string }
  | { ok: false; refusal: RetireRefusal };

export const retireUndoSchema = z.strictObject({ txId: z.string().regex(/^[a-z0-9-]{1,80}$/) });
export type RetireUndoRequest = z.infer<typeof retireUndoSchema>;
