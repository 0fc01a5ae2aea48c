/**
 * unruled-overlap: two seats overlap (a mandate overlap or duplicate work) and no rule between
 * them, either way round, says who wins (docs/fleet-format.md). One signal per seat pair.
 *
 * Severity: an error when the pair's mandates overlap, because the fleet's design then
 * has a contested boundary with no rule ("every contested boundary has a rule" is one of the
 * invariants `seatmap check` keeps in CI); a warning when the overlap is only observed duplicate
 * work, which depends on what agents did this week and must not make a commit check flaky.
 */
import { makeSignal, pairKey, rulesBetween, seatName, sortedPair, type SignalContext } from './context';
import type { DuplicatePair } from './duplicateWork';
import type { MandatePair } from './mandateOverlap';
import { listSome, plural } from './wording';
import { formatSpan } from '../duration';
import { MemoTable } from '../memo';
import type { Signal } from '../signalTypes';

/** Kept while both lists of overlaps, fleet.yaml and the known seats are the same (shared/memo.ts). */
const judged = new MemoTable<MandatePair[], Signal[]>();

export function unruledOverlap(ctx: SignalContext, mandates: MandatePair[], duplicates: DuplicatePair[]): Signal[] {
  return judged.get(mandates, [duplicates, ctx.input.registry, ctx.seats], () => unruledPairs(ctx, mandates, duplicates));
}

function unruledPairs(ctx: SignalContext, mandates: MandatePair[], duplicates: DuplicatePair[]): Signal[] {
  const pairs = new Map<string, { a: string; b: string; domains: string[]; entities: string[] }>();
  const entry = (x: string, y: string) => {
    const [a, b] = sortedPair(x, y);
    const key = pairKey(a, b);
    const found = pairs.get(key) ?? { a, b, domains: [], entities: [] };
    pairs.set(key, found);
    return found;
  };
  for (const m of mandates) entry(m.a, m.b).domains.push(...m.domains);
  for (const d of duplicates) entry(d.a, d.b).entities.push(...d.entities);
  const signals: Signal[] = [];
  for (const [key, { a, b, domains, entities }] of pairs) {
    if (rulesBetween(ctx, a, b).length > 0) continue;
    const nameA = seatName(ctx, a);
    const nameB = seatName(ctx, b);
    const reasons: string[] = [];
    if (domains.length) reasons.push(`both own ${listSome(domains)}`);
    if (entities.length) reasons.push(`both touched ${plural(entities.length, 'entity', 'entities')} in the last ${formatWindow(ctx)}`);
    signals.push(makeSignal('unruled-overlap', key, domains.length ? 'error' : 'warning', {
      seats: [a, b],
      files: ['fleet.yaml'],
      message: `${nameA} and ${nameB} overlap (${reasons.join('; ')}) and no rule says who wins`,
      hint: `Add a rule to fleet.yaml (winner, over, when) for ${nameA} and ${nameB}, or remove the overlap`,
      numbers: { domainCount: domains.length, entityCount: entities.length },
    }));
  }
  return signals;
}

function formatWindow(ctx: SignalContext): string {
  return formatSpan(ctx.defaults.overlapWindowMs);
}
