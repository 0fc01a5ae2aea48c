/**
 * Which edges the seat graph draws, from a snapshot's structure (pure; no React Flow types, so it is
 * unit-tested in Node). Counts and labels are not part of a spec: the edge components read them from
 * the store by id, so a new message re-renders one edge, not the edge list.
 *
 * - one `handoff` edge per designed ordered pair (several handoffs A→B with different `via` share it);
 *   it also carries the pair's observed message count;
 * - one `traffic` edge per ordered pair with messages and no designed handoff (undesigned coordination);
 * - one `rule` edge per winner→over pair ("wins over").
 * Edges to seats that are not on the graph (a handoff to an unknown seat is a diagnostic) and
 * self-loops are left out.
 */
import type { HandoffView, RuleView, TrafficView } from '../../../shared/snapshot';

export type EdgeKind = 'handoff' | 'traffic' | 'rule';

interface EdgeSpecBase {
  /** React Flow edge id, e.g. `handoff:dash->radar`. */
  id: string;
  kind: EdgeKind;
  from: string;
  to: string;
  /** `<from>-><to>`: the traffic record id of the pair. */
  pairId: string;
  /** Index of this edge among all edges between the same two seats (either direction), and how many there are. */
  lane: number;
  lanes: number;
}

export interface HandoffEdgeSpec extends EdgeSpecBase {
  kind: 'handoff';
  handoffIds: string[];
}

export interface TrafficEdgeSpec extends EdgeSpecBase {
  kind: 'traffic';
}

export interface RuleEdgeSpec extends EdgeSpecBase {
  kind: 'rule';
  ruleIds: string[];
}

export type EdgeSpec = HandoffEdgeSpec | TrafficEdgeSpec | RuleEdgeSpec;

export const pairId = (from: string, to: string): string => `${from}->${to}`;

const KIND_ORDER: Record<EdgeKind, number> = { handoff: 0, traffic: 1, rule: 2 };

export function buildEdgeSpecs(
  seatIds: ReadonlySet<string> | readonly string[],
  handoffs: readonly Pick<HandoffView, 'id' | 'from' | 'to'>[],
  traffic: readonly Pick<TrafficView, 'id' | 'from' | 'to' | 'count'>[],
  rules: readonly Pick<RuleView, 'id' | 'winner' | 'over'>[],
): EdgeSpec[] {
  const seats = seatIds instanceof Set ? seatIds : new Set(seatIds as readonly string[]);
  const drawable = (from: string, to: string) => from !== to && seats.has(from) && seats.has(to);

  const handoffPairs = new Map<string, HandoffEdgeSpec>();
  for (const h of handoffs) {
    if (!drawable(h.from, h.to)) continue;
    const pair = pairId(h.from, h.to);
    const spec = handoffPairs.get(pair);
    if (spec) spec.handoffIds.push(h.id);
    else handoffPairs.set(pair, { id: `handoff:${pair}`, kind: 'handoff', from: h.from, to: h.to, pairId: pair, lane: 0, lanes: 1, handoffIds: [h.id] });
  }

  const specs: EdgeSpec[] = [...handoffPairs.values()];
  for (const t of traffic) {
    if (t.count <= 0 || !drawable(t.from, t.to)) continue;
    const pair = pairId(t.from, t.to);
    if (handoffPairs.has(pair)) continue;
    specs.push({ id: `traffic:${pair}`, kind: 'traffic', from: t.from, to: t.to, pairId: pair, lane: 0, lanes: 1 });
  }

  const rulePairs = new Map<string, RuleEdgeSpec>();
  for (const r of rules) {
    if (!drawable(r.winner, r.over)) continue;
    const pair = pairId(r.winner, r.over);
    const spec = rulePairs.get(pair);
    if (spec) spec.ruleIds.push(r.id);
    else rulePairs.set(pair, { id: `rule:${pair}`, kind: 'rule', from: r.winner, to: r.over, pairId: pair, lane: 0, lanes: 1, ruleIds: [r.id] });
  }
  specs.push(...rulePairs.values());

  // Edges between the same two seats get lanes, so their curves and labels do not sit on each other.
  const bySeatPair = new Map<string, EdgeSpec[]>();
  for (const spec of specs) {
    const key = spec.from < spec.to ? `${spec.from}\n${spec.to}` : `${spec.to}\n${spec.from}`;
    const group = bySeatPair.get(key);
    if (group) group.push(spec);
    else bySeatPair.set(key, [spec]);
  }
  for (const group of bySeatPair.values()) {
    if (group.length < 2) continue;
    group.sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || (a.id < b.id ? -1 : 1));
    group.forEach((spec, index) => {
      spec.lane = index;
      spec.lanes = group.length;
    });
  }

  return specs.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Structural equality of two specs (same edge, lane and member handoffs/rules). */
export function sameEdgeSpec(x: EdgeSpec, y: EdgeSpec): boolean {
  if (x === y) return true;
  if (x.id !== y.id || x.lane !== y.lane || x.lanes !== y.lanes) return false;
  if (x.kind === 'handoff' && y.kind === 'handoff') return x.handoffIds.join('\n') === y.handoffIds.join('\n');
  if (x.kind === 'rule' && y.kind === 'rule') return x.ruleIds.join('\n') === y.ruleIds.join('\n');
  return x.kind === y.kind;
}

/** Structural equality of edge lists, so the list keeps its identity while only counts change. */
export function sameEdgeSpecs(a: readonly EdgeSpec[], b: readonly EdgeSpec[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!sameEdgeSpec(a[i]!, b[i]!)) return false;
  return true;
}
