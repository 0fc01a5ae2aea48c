/**
 * duplicate-work (warning): two seats touched the same entity within `overlapWindow`
 * (docs/fleet-format.md, "Signals"). One signal per seat pair, with the shared entities, the touch count and the
 * latest example. A warning: it is observed behaviour in a time window, it may be harmless, and a
 * pre-commit check should not fail on what agents happened to do this week; the structural
 * problem (no rule for the pair) is unruled-overlap.
 *
 * Where the format is silent:
 * - Both touches must lie in the window ending now (`now - overlapWindow` … now, inclusive);
 *   older history does not fire. Future-dated touches (clock skew) count as recent.
 * - Agent seats only, and active ones: humans direct and follow up on clients all the time, and
 *   a message from a human about a client is direction, not a second pair of hands.
 * - For one entity, a pair where one seat messaged the other about it in the window is
 *   coordinating on it (they know of each other's work): that entity does not count.
 * - A designed handoff between the pair does not exempt it: a handoff about one thing does not
 *   make every client the two share coordinated. The per-entity rule above captures coordination.
 * - Entities on the watchlist of a rule between the pair are the rule's business: they are
 *   reported as rule-violation when the loser touches them, not as duplicate work.
 */
import { isActiveAgent, isDesigned, makeSignal, pairKey, rulesBetween, seatName, sortedPair, type SignalContext } from './context';
import { sharedEntityTouchesSince } from './sharedEntities';
import { laterTouch, touchFrame, type Touch } from './touches';
import { MemoTable } from '../memo';
import type { FleetRegistry } from '../registry';
import { listedEntities } from './watchlist';
import { ago, listSome, plural } from './wording';
import { formatSpan } from '../duration';
import type { Signal } from '../signalTypes';

/** Two seats that touched the same entities in the window. */
export interface DuplicatePair {
  a: string;
  b: string;
  entities: string[];
  touches: number;
  latest: Touch;
}

/**
 * Kept while the touches (touches.ts: the same sources holding as many), the clock, fleet.yaml,
 * the known seats and the state files (watchlists) are the same (shared/memo.ts): an append
 * that touches no entity does not group the fleet's touches again.
 */
const foundPairs = new MemoTable<FleetRegistry, DuplicatePair[]>();
const madeSignals = new MemoTable<DuplicatePair[], Signal[]>();

export function findDuplicatePairs(ctx: SignalContext): DuplicatePair[] {
  const touches = touchFrame(ctx);
  return foundPairs.get(ctx.input.registry, [touches.sources, touches.count, ctx.now, ctx.seats, ctx.stateList], () => duplicatePairs(ctx));
}

function duplicatePairs(ctx: SignalContext): DuplicatePair[] {
  const from = ctx.now - ctx.defaults.overlapWindowMs;
  // Only entities two seats touched can make a pair: the rest are left out before grouping.
  const recent = sharedEntityTouchesSince(touchFrame(ctx).sources, from).filter((t) => ctx.seats.has(t.seat) && isActiveAgent(ctx, t.seat));
  const byEntity = new Map<string, Touch[]>();
  for (const touch of recent) {
    const list = byEntity.get(touch.entity) ?? [];
    list.push(touch);
    byEntity.set(touch.entity, list);
  }
  const pairs = new Map<string, DuplicatePair>();
  const ruleEntities = new Map<string, Set<string>>();
  for (const [entity, touches] of byEntity) {
    // Per seat once, rather than filtering the entity's touches again for every pair of seats
    // (that was quadratic in the touches of a busy entity on every derive).
    const bySeat = seatTouches(touches);
    const seats = [...bySeat.keys()].sort();
    for (let i = 0; i < seats.length; i++) {
      for (let j = i + 1; j < seats.length; j++) {
        const a = seats[i]!;
        const b = seats[j]!;
        const ofA = bySeat.get(a)!;
        const ofB = bySeat.get(b)!;
        if (ofA.sentTo.has(b) || ofB.sentTo.has(a)) continue;
        const key = pairKey(a, b);
        if (!ruleEntities.has(key)) ruleEntities.set(key, watchedBetween(ctx, a, b));
        if (ruleEntities.get(key)!.has(entity)) continue;
        // The latest of the pair's touches; on a full tie, the first in the entity's list.
        const latest = sameTouch(ofA.latest, ofB.latest) ? (ofA.position < ofB.position ? ofA.latest : ofB.latest) : laterTouch(ofA.latest, ofB.latest);
        const pair = pairs.get(key) ?? { a, b, entities: [], touches: 0, latest };
        pair.entities.push(entity);
        pair.touches += ofA.count + ofB.count;
        pair.latest = laterTouch(pair.latest, latest);
        pairs.set(key, pair);
      }
    }
  }
  for (const pair of pairs.values()) pair.entities.sort();
  return [...pairs.values()];
}

/** One seat's touches of one entity: how many, the latest (first in list order on a tie), whom it messaged. */
interface SeatTouches {
  count: number;
  latest: Touch;
  position: number;
  sentTo: Set<string>;
}

function seatTouches(touches: Touch[]): Map<string, SeatTouches> {
  const bySeat = new Map<string, SeatTouches>();
  touches.forEach((touch, position) => {
    const known = bySeat.get(touch.seat);
    if (!known) {
      bySeat.set(touch.seat, { count: 1, latest: touch, position, sentTo: new Set(touch.to === null ? [] : [touch.to]) });
      return;
    }
    known.count++;
    if (touch.to !== null) known.sentTo.add(touch.to);
    const later = laterTouch(known.latest, touch);
    if (later !== known.latest) {
      known.latest = later;
      known.position = position;
    }
  });
  return bySeat;
}

/** Whether laterTouch cannot tell the two apart (it then keeps its first argument). */
function sameTouch(a: Touch, b: Touch): boolean {
  return a.ts === b.ts && a.file === b.file && a.line === b.line;
}

/** Entities on any watchlist of a rule between the two seats. */
function watchedBetween(ctx: SignalContext, a: string, b: string): Set<string> {
  const entities = new Set<string>();
  for (const rule of rulesBetween(ctx, a, b)) for (const listed of listedEntities(ctx, rule)) entities.add(listed.entity);
  return entities;
}

export function duplicateWork(ctx: SignalContext, pairs: DuplicatePair[] = findDuplicatePairs(ctx)): Signal[] {
  return madeSignals.get(pairs, [ctx.now, ctx.seats, ctx.input.registry], () => duplicateSignals(ctx, pairs));
}

function duplicateSignals(ctx: SignalContext, pairs: DuplicatePair[]): Signal[] {
  const windowMs = ctx.defaults.overlapWindowMs;
  return pairs.map((pair) => {
    const [a, b] = sortedPair(pair.a, pair.b);
    const nameA = seatName(ctx, a);
    const nameB = seatName(ctx, b);
    const latest = pair.latest;
    const files = [...new Set([latest.file])];
    return makeSignal('duplicate-work', pairKey(a, b), 'warning', {
      seats: [a, b],
      files,
      message: `${nameA} and ${nameB} both touched ${plural(pair.entities.length, 'entity', 'entities')} in the last ${formatSpan(windowMs)} (${listSome(pair.entities)}); the latest, ${seatName(ctx, latest.seat)} on ${latest.entity}, was ${ago(Math.max(0, ctx.now - latest.ts))}`,
      hint: isDesigned(ctx, a, b) || isDesigned(ctx, b, a)
        ? `Decide who owns this work: ${nameA} and ${nameB} have a handoff but did not tell each other about these; let them, or add a rule saying who wins`
        : `Decide who owns this work: design a handoff between ${nameA} and ${nameB}, or add a rule saying who wins`,
      numbers: { count: pair.entities.length, touches: pair.touches, lastTs: latest.ts, line: latest.line, windowMs },
    });
  });
}
