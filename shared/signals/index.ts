/**
 * deriveSignals: (designed structure, parsed files, now) → the coordination signals of
 * docs/fleet-format.md ("Signals"), sorted by id. Pure and deterministic; one module per kind, each a
 * function of the same context, composed here.
 *
 * Severity: errors break "one seat, one owner" or a rule decided in advance (mandate-overlap,
 * rule-violation, unowned-seat, and unruled-overlap when mandates overlap); everything observed in
 * agents' behaviour over time is a warning (stale-state, inbox-backlog, undesigned-traffic,
 * dead-handoff, orphan-output, duplicate-work, human-bridge, and unruled-overlap from duplicate
 * work only), so `seatmap check` fails on design, not on what agents happened to do this week,
 * except for a broken rule.
 *
 * Numbers (printed flat by `seatmap check --json`, so none is named like a Signal field): counts
 * are `count` (or `xCount`), spans `…Ms`, times `…Ts` (epoch ms), limits `limitMs` / `windowMs` /
 * `threshold`; `line` is the line of the latest example in the last file of `files`.
 */
import { buildContext, type SignalInput } from './context';
import { deadHandoff } from './deadHandoff';
import { duplicateWork, findDuplicatePairs } from './duplicateWork';
import { humanBridge } from './humanBridge';
import { inboxBacklog } from './inboxBacklog';
import { findMandateOverlaps, mandateOverlap } from './mandateOverlap';
import { orphanOutput } from './orphanOutput';
import { retiredTraffic } from './retiredTraffic';
import { ruleViolation } from './ruleViolation';
import { staleState } from './staleState';
import { undesignedTraffic } from './undesignedTraffic';
import { unownedSeat } from './unownedSeat';
import { unruledOverlap } from './unruledOverlap';
import { sameItems } from '../memo';
import type { Signal } from '../signalTypes';

export type { SignalInput } from './context';
export { BRIDGE_THRESHOLD } from './humanBridge';
export { MIN_UNACKED_MESSAGES } from './orphanOutput';

export function deriveSignals(input: SignalInput): Signal[] {
  const ctx = buildContext(input);
  const mandates = findMandateOverlaps(ctx);
  const duplicates = findDuplicatePairs(ctx);
  const parts = [
    staleState(ctx),
    inboxBacklog(ctx),
    undesignedTraffic(ctx),
    deadHandoff(ctx),
    orphanOutput(ctx),
    duplicateWork(ctx, duplicates),
    humanBridge(ctx),
    mandateOverlap(ctx, mandates),
    unruledOverlap(ctx, mandates, duplicates),
    ruleViolation(ctx),
    unownedSeat(ctx),
    retiredTraffic(ctx),
  ];
  // Each kind's list is the same array while its results were kept (shared/memo.ts): so is the whole.
  const last = combined.get(ctx.frame.list);
  if (last && sameItems(last.parts, parts)) return last.signals;
  const signals = parts.flat().sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  combined.set(ctx.frame.list, { parts, signals });
  return signals;
}

const combined = new WeakMap<readonly object[], { parts: Signal[][]; signals: Signal[] }>();
