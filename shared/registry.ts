/** The designed structure read from fleet.yaml: what the humans decided (docs/fleet-format.md). */
import type { FleetPath, HandoffId, SeatId } from './ids';

/** Thresholds in milliseconds; fleet.yaml's `defaults`, filled with the format's defaults. */
export interface FleetDefaults {
  staleAfterMs: number;
  backlogAfterMs: number;
  quietAfterMs: number;
  overlapWindowMs: number;
}

export const FORMAT_DEFAULTS: FleetDefaults = {
  staleAfterMs: 18 * 3_600_000,
  backlogAfterMs: 24 * 3_600_000,
  quietAfterMs: 14 * 86_400_000,
  overlapWindowMs: 7 * 86_400_000,
};

/** One state file a seat declares it writes, with an optional per-file staleness limit. */
export interface StateFileDecl {
  path: FleetPath;
  staleAfterMs: number | null;
  line: number;
}

/** A seat as designed: one mandate, one accountable human. */
export interface SeatDecl {
  id: SeatId;
  name: string;
  kind: 'agent' | 'human';
  /** The accountable human: a human seat id or free text; null when missing. */
  owner: string | null;
  /** The group the seat is drawn in (`team:`); null or missing: its owner's group. */
  team?: string | null;
  role: string;
  owns: string[];
  notOwns: string[];
  writes: StateFileDecl[];
  reads: FleetPath[];
  status: 'active' | 'retired';
  retiredAt: string | null;
  reason: string | null;
  /** Where a retired seat's work went, as written (kept for display). */
  successors: unknown;
  /** Per-seat overrides of the fleet defaults, when given. */
  staleAfterMs: number | null;
  backlogAfterMs: number | null;
  line: number;
}

/** A designed handoff: `from` hands `what` to `to`, through `via` (a state file or the inbox). */
export interface HandoffDecl {
  id: HandoffId;
  from: SeatId;
  to: SeatId;
  via: 'inbox' | FleetPath;
  what: string;
  /** Position in the `handoffs` list (edits address it by index and id). */
  index: number;
  line: number;
}

/** A conflict rule decided in advance: `winner` wins over `over` `when` … */
export interface RuleDecl {
  id: string;
  winner: SeatId;
  over: SeatId;
  when: string;
  watchlist: FleetPath | null;
  index: number;
  line: number;
}

/** Everything fleet.yaml designs, validated; broken entries are left out and reported. */
export interface FleetRegistry {
  version: number;
  name: string;
  defaults: FleetDefaults;
  seats: SeatDecl[];
  handoffs: HandoffDecl[];
  rules: RuleDecl[];
}

export function ruleId(winner: string, over: string, index: number): string {
  return `${winner}>${over}#${index}`;
}
