/**
 * What a clicked warning points at on the graph: its seats and the edges (edge spec ids, plus
 * `overlap:<a>+<b>` for an overlap link) that the signal is about. Pure, so it is unit-tested.
 */
import type { Signal } from '../../../shared/signalTypes';
import type { EdgeSpec } from '../graph/edgeSpecs';
import { OVERLAP_KINDS } from './signalIndex';

/** The highlight id of the link drawn between two overlapping seats. */
export function overlapEdgeId(a: string, b: string): string {
  return a < b ? `overlap:${a}+${b}` : `overlap:${b}+${a}`;
}

export interface SignalTargets {
  seats: string[];
  edges: string[];
}

export function signalTargets(signal: Signal, specs: readonly EdgeSpec[]): SignalTargets {
  const edges = new Set<string>();
  const between = (a: string, b: string) => (s: EdgeSpec) => (s.from === a && s.to === b) || (s.from === b && s.to === a);

  // Designed handoffs the signal names (stale data on them, dead handoffs).
  if (signal.handoffs.length > 0) {
    for (const spec of specs) if (spec.kind === 'handoff' && spec.handoffIds.some((id) => signal.handoffs.includes(id))) edges.add(spec.id);
  }

  switch (signal.kind) {
    case 'undesigned-traffic':
    case 'human-bridge':
      // The seats are in the order messages went: from → to, or agent → human → agent.
      for (let i = 0; i + 1 < signal.seats.length; i++) {
        const pair = `${signal.seats[i]}->${signal.seats[i + 1]}`;
        for (const spec of specs) if (spec.pairId === pair && spec.kind !== 'rule') edges.add(spec.id);
      }
      break;
    case 'rule-violation':
      for (const spec of specs) if (spec.kind === 'rule' && between(signal.seats[0] ?? '', signal.seats[1] ?? '')(spec)) edges.add(spec.id);
      break;
    default:
      if (OVERLAP_KINDS.includes(signal.kind) && signal.seats.length >= 2) {
        const [a, b] = signal.seats as [string, string];
        edges.add(overlapEdgeId(a, b));
        for (const spec of specs) if (spec.kind === 'rule' && between(a, b)(spec)) edges.add(spec.id);
      }
  }
  return { seats: [...new Set(signal.seats)], edges: [...edges].sort() };
}
