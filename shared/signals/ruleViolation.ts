/**
 * rule-violation (error): the losing seat of a rule (`over`) touched an entity on the rule's
 * watchlist after it was listed (docs/fleet-format.md, "State files"). One signal per rule, with the
 * count of violating touches, the entities and the latest example. An error: a rule decided in
 * advance was broken.
 *
 * Where the format is silent:
 * - Touches are the loser's activity lines and the entities of messages it sent, strictly after
 *   the entity's `since` (or the watchlist file's time).
 * - A message from the loser to the winner about a listed entity is asking, not acting (for
 *   example "may I renew Acme?"): not a violation.
 * - Only touches within the last `quietAfter` count: the files are append-only, so a violation
 *   long ago would otherwise fail `seatmap check` forever with nothing left to fix.
 * - Rules with no watchlist are not checkable; rules with a retired seat on either side are
 *   history. Touches whose entity was listed but whose list time is unknown are skipped.
 */
import { isActive, makeSignal, seatName, type SignalContext } from './context';
import { laterTouch, touchesSince, touchFrame, type Touch } from './touches';
import { MemoTable } from '../memo';
import type { FleetRegistry } from '../registry';
import { listedEntities } from './watchlist';
import { ago, listSome, plural, possessive } from './wording';
import type { Signal } from '../signalTypes';

/**
 * Kept while fleet.yaml, the known seats, the clock, the state files (watchlists) and the touches
 * (touches.ts: the same sources holding as many) are the same (shared/memo.ts).
 */
const judged = new MemoTable<FleetRegistry, Signal[]>();

export function ruleViolation(ctx: SignalContext, given?: Touch[]): Signal[] {
  if (given) return violations(ctx, given);
  if (!ctx.input.registry.rules.some((rule) => rule.watchlist)) return NONE;
  const touches = touchFrame(ctx);
  return judged.get(ctx.input.registry, [ctx.seats, ctx.now, ctx.stateList, touches.sources, touches.count], () => violations(ctx));
}

const NONE: Signal[] = [];

function violations(ctx: SignalContext, given?: Touch[]): Signal[] {
  const signals: Signal[] = [];
  const horizon = ctx.now - ctx.defaults.quietAfterMs;
  // Only the window is read (older touches are skipped below anyway), and only when a rule needs it.
  let recent = given;
  const touchesInWindow = () => (recent ??= touchesSince(ctx, Number.isNaN(horizon) ? -Infinity : horizon));
  for (const rule of ctx.input.registry.rules) {
    if (!rule.watchlist || !isActive(ctx, rule.winner) || !isActive(ctx, rule.over)) continue;
    const since = new Map<string, number>();
    for (const listed of listedEntities(ctx, rule)) {
      if (!Number.isFinite(listed.since)) continue;
      since.set(listed.entity, Math.min(since.get(listed.entity) ?? Infinity, listed.since));
    }
    if (since.size === 0) continue;
    let count = 0;
    let latest: Touch | null = null;
    const entities = new Set<string>();
    for (const touch of touchesInWindow()) {
      if (touch.seat !== rule.over || touch.to === rule.winner || touch.ts < horizon) continue;
      const listedSince = since.get(touch.entity);
      if (listedSince === undefined || touch.ts <= listedSince) continue;
      count++;
      entities.add(touch.entity);
      latest = laterTouch(latest, touch);
    }
    if (!latest) continue;
    const loser = seatName(ctx, rule.over);
    const winner = seatName(ctx, rule.winner);
    const listedAt = since.get(latest.entity)!;
    const sorted = [...entities].sort();
    signals.push(makeSignal('rule-violation', rule.id, 'error', {
      seats: [rule.over, rule.winner],
      files: [...new Set([rule.watchlist, latest.file])],
      message: `${loser} touched ${plural(sorted.length, 'entity', 'entities')} on ${possessive(winner)} watch list after ${sorted.length === 1 ? 'it was' : 'they were'} listed (${plural(count, 'time')}, latest ${latest.entity} ${ago(Math.max(0, ctx.now - latest.ts))}, listed ${ago(Math.max(0, ctx.now - listedAt))}); the rule says ${winner} wins${rule.when ? ` when: ${rule.when}` : ''}`,
      hint: `Have ${loser} check ${rule.watchlist} before acting and leave ${listSome(sorted)} to ${winner}`,
      numbers: { count, entityCount: sorted.length, lastTs: latest.ts, listedTs: listedAt, line: latest.line },
    }));
  }
  return signals;
}
