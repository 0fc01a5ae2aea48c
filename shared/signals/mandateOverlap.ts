/**
 * mandate-overlap (error): two active seats own the same domain, which breaks "one seat, one
 * owner" (docs/fleet-format.md). One signal per seat pair listing the shared domains (the unit a rule
 * or a merge fixes). An error even when a rule exists between the pair: a rule settles contested
 * cases, it does not make a domain have two owners. Human seats own domains too and count.
 * Domains compare trimmed and case-insensitively (`Ad-Analytics` is `ad-analytics`).
 */
import { isActive, makeSignal, pairKey, seatName, type SignalContext } from './context';
import { listSome } from './wording';
import { MemoTable } from '../memo';
import type { FleetRegistry } from '../registry';
import type { Signal } from '../signalTypes';

export interface MandatePair {
  a: string;
  b: string;
  domains: string[];
}

/**
 * Pairs and signals follow from fleet.yaml and the known seats alone (a new map when either
 * changes): kept while they are the same (shared/memo.ts), not worked out again per append.
 */
const foundPairs = new MemoTable<FleetRegistry, MandatePair[]>();
const madeSignals = new MemoTable<MandatePair[], Signal[]>();

export function findMandateOverlaps(ctx: SignalContext): MandatePair[] {
  return foundPairs.get(ctx.input.registry, [ctx.seats], () => mandatePairs(ctx));
}

function mandatePairs(ctx: SignalContext): MandatePair[] {
  const owners = new Map<string, { label: string; seats: string[] }>();
  for (const seat of ctx.input.registry.seats) {
    if (!isActive(ctx, seat.id)) continue;
    for (const domain of new Set(seat.owns.map((d) => d.trim()).filter(Boolean))) {
      const key = domain.toLowerCase();
      const entry = owners.get(key) ?? { label: domain, seats: [] };
      if (!entry.seats.includes(seat.id)) entry.seats.push(seat.id);
      owners.set(key, entry);
    }
  }
  const pairs = new Map<string, MandatePair>();
  for (const { label, seats } of owners.values()) {
    const sorted = [...seats].sort();
    for (let i = 0; i < sorted.length; i++) {
      for (let j = i + 1; j < sorted.length; j++) {
        const key = pairKey(sorted[i]!, sorted[j]!);
        const pair = pairs.get(key) ?? { a: sorted[i]!, b: sorted[j]!, domains: [] };
        pair.domains.push(label);
        pairs.set(key, pair);
      }
    }
  }
  for (const pair of pairs.values()) pair.domains.sort();
  return [...pairs.values()];
}

export function mandateOverlap(ctx: SignalContext, pairs: MandatePair[] = findMandateOverlaps(ctx)): Signal[] {
  return madeSignals.get(pairs, [ctx.seats], () => mandateSignals(ctx, pairs));
}

function mandateSignals(ctx: SignalContext, pairs: MandatePair[]): Signal[] {
  return pairs.map(({ a, b, domains }) => {
    const nameA = seatName(ctx, a);
    const nameB = seatName(ctx, b);
    return makeSignal('mandate-overlap', pairKey(a, b), 'error', {
      seats: [a, b],
      files: ['fleet.yaml'],
      message: `${nameA} and ${nameB} both own ${listSome(domains)}; one domain must have one seat`,
      hint: domains.length === 1
        ? `Give ${domains[0]} to one of them (move it to the other's notOwns), or merge the two seats`
        : `Give each of ${listSome(domains)} to one of them (move it to the other's notOwns), or merge the two seats`,
      numbers: { count: domains.length },
    });
  });
}
