/**
 * orphan-output (warning): an output with no downstream consumer (docs/fleet-format.md, "Signals").
 * A warning: wasted work or a missing handoff, not a broken invariant.
 *
 * Two forms, one signal each:
 * - A state file that no handoff carries (`via`) and no seat lists in `reads`. Only readers that
 *   are active seats count (a retired reader consumes nothing), handoffs only when both ends are
 *   active. A rule's watchlist is consumed by its rule: not an orphan. Files in a retired seat's
 *   folder are history: no signal. Files declared in `writes` but absent on disk: nothing to say.
 * - An inbox whose owner never acks: at least MIN_UNACKED_MESSAGES messages from others, not one
 *   of them acked, and the first older than the seat's `backlogAfter` (so a busy new inbox that
 *   the owner has not had time to drain does not fire). Active seats only.
 */
import { ageOf, inboxPath, isActive, makeSignal, sameSignal, seatName, type SignalContext } from './context';
import { fileLabel, plural, possessive, spanBeside } from './wording';
import { inboxIndex } from './inboxIndex';
import { flatten, MemoTable, PerInboxResults } from '../memo';
import type { InboxData, StateFileRecord } from '../records';
import type { Signal } from '../signalTypes';

/** An inbox with at least this many messages and no ack at all is one nobody drains. */
export const MIN_UNACKED_MESSAGES = 3;

/**
 * Kept across derivations (shared/memo.ts): the state files' signals while the list, the clock,
 * fleet.yaml and the known seats are the same; each inbox's while it, the clock and the seats are.
 */
const stateFilesJudged = new MemoTable<readonly StateFileRecord[], Signal[]>();
const inboxesJudged = new PerInboxResults<Signal | null>(sameSignal);
const combined = new MemoTable<Signal[], Signal[]>();

export function orphanOutput(ctx: SignalContext): Signal[] {
  const files = stateFilesJudged.get(ctx.stateList, [ctx.now, ctx.input.registry, ctx.seats], () => orphanStateFiles(ctx));
  const inboxes = flatten(inboxesJudged.run(ctx.frame, [ctx.now, ctx.seats], (inbox) => undrainedInbox(ctx, inbox)));
  return combined.get(files, [inboxes], () => [...files, ...inboxes]);
}

function orphanStateFiles(ctx: SignalContext): Signal[] {
  const consumed = new Set<string>();
  for (const seat of ctx.input.registry.seats) if (isActive(ctx, seat.id)) for (const path of seat.reads) consumed.add(path);
  for (const h of ctx.input.registry.handoffs) if (h.via !== 'inbox' && isActive(ctx, h.from) && isActive(ctx, h.to)) consumed.add(h.via);
  for (const rule of ctx.input.registry.rules) if (rule.watchlist) consumed.add(rule.watchlist);
  const signals: Signal[] = [];
  for (const file of ctx.input.stateFiles) {
    if (!isActive(ctx, file.seat) || consumed.has(file.path)) continue;
    const name = seatName(ctx, file.seat);
    const age = ageOf(ctx, file.time);
    signals.push(makeSignal('orphan-output', file.path, 'warning', {
      seats: [file.seat],
      files: [file.path],
      message: `Nobody reads ${possessive(name)} ${fileLabel(file.path, file.seat)}: no handoff carries it and no seat lists it in reads`,
      hint: `Design a handoff from ${name} to the seat that needs ${fileLabel(file.path, file.seat)} (or add it to that seat's reads), or stop writing it`,
      numbers: age === null ? { readers: 0 } : { readers: 0, lastTs: file.time, ageMs: age },
    }));
  }
  return signals;
}

function undrainedInbox(ctx: SignalContext, inbox: InboxData): Signal | null {
  if (!isActive(ctx, inbox.seat) || inbox.acks.length > 0) return null;
  const index = inboxIndex(inbox);
  const received = inbox.messages.length - (index.senders.get(inbox.seat)?.count ?? 0);
  if (received < MIN_UNACKED_MESSAGES) return null;
  const first = index.firstReceived;
  if (!first) return null;
  const ageMs = ctx.now - first.ts;
  const limitMs = ctx.seats.get(inbox.seat)?.decl?.backlogAfterMs ?? ctx.defaults.backlogAfterMs;
  if (ageMs <= limitMs) return null;
  const name = seatName(ctx, inbox.seat);
  return makeSignal('orphan-output', inboxPath(inbox.seat), 'warning', {
    seats: [inbox.seat],
    files: [inboxPath(inbox.seat)],
    message: `${name} has never acknowledged any of the ${plural(received, 'message')} in its inbox; the first arrived ${spanBeside(ageMs, limitMs)} ago`,
    hint: `Make ${name} read its inbox and ack what it handles, or send this traffic to a seat that acts on it`,
    numbers: { count: received, acked: 0, minCount: MIN_UNACKED_MESSAGES, firstTs: first.ts, ageMs },
  });
}
