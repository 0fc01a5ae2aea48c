/** Coordination signals (docs/fleet-format.md, "Signals"): stable kinds with the seats and numbers involved. */
import type { Severity } from './diagnostics';

export const SIGNAL_KINDS = [
  'stale-state',
  'inbox-backlog',
  'undesigned-traffic',
  'dead-handoff',
  'orphan-output',
  'duplicate-work',
  'human-bridge',
  'mandate-overlap',
  'unruled-overlap',
  'rule-violation',
  'unowned-seat',
  'retired-traffic',
] as const;

/** Kinds only other sources raise (docs/sources.md): a Claude Code request nobody answered. */
export const SOURCE_SIGNAL_KINDS = ['pending-request'] as const;

/** Every kind, in the order the warnings panel lists them. */
export const ALL_SIGNAL_KINDS = [...SIGNAL_KINDS, ...SOURCE_SIGNAL_KINDS] as const;

export type SignalKind = (typeof ALL_SIGNAL_KINDS)[number];

export interface Signal {
  /** Stable across re-derivations while the cause persists, e.g. `stale-state:state/dash/a.json`. */
  id: string;
  kind: SignalKind;
  severity: Severity;
  seats: string[];
  files: string[];
  /** One plain sentence with the numbers ("Dash's anomalies.json is 36 h old; its limit is 18 h"). */
  message: string;
  /** What to do about it, in one sentence. */
  hint: string;
  /** Designed handoff ids this signal is about (to style edges). */
  handoffs: string[];
  /** Numbers involved (ageMs, limitMs, count, …), also printed by `seatmap check --json`. */
  numbers: Record<string, number>;
  /**
   * The seat whose inbox holds the example message on `numbers.line`, for sources whose inbox
   * files are not `inbox/<seat>.jsonl` (docs/sources.md).
   */
  exampleInbox?: string;
}
