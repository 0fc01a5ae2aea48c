/**
 * dead-handoff (warning): a designed handoff that carried nothing for `quietAfter`: no message
 * from→to in `to`'s inbox, and, for a handoff through a state file, no write of that file (its
 * data time). A warning: plumbing that carries nothing is waste or a silent break, not a broken
 * invariant; removing the handoff or getting it to carry something makes it go away.
 *
 * - A handoff via a file that does not exist and no message ever: "has never carried anything".
 *   (fleet.yaml records no design date, so a brand-new handoff is dead until it first carries.)
 * - Handoffs with a retired seat on either side don't count (the retire workflow moves them).
 * - Times in the future (clock skew) count as carrying now; undated messages carry nothing.
 * - "For quietAfter" is strict: exactly `quietAfter` of silence is not yet dead.
 */
import { handoffsInto, inboxPath, isActive, makeSignal, sameSignals, seatName, type SignalContext } from './context';
import { inboxIndex } from './inboxIndex';
import { plural, possessive, spanBeside, fileLabel } from './wording';
import { flatten, inboxVersion, MemoTable, PerInboxResults } from '../memo';
import type { FleetRegistry, HandoffDecl } from '../registry';
import type { Signal } from '../signalTypes';

/**
 * Each handoff's signal (or none), kept while what it carries (the receiver's messages, the state
 * file) and the clock are the same: an append re-judges the handoffs into that inbox only
 * (shared/memo.ts). Handoffs are new objects whenever fleet.yaml is read again.
 */
const judged = new MemoTable<HandoffDecl, Signal | null>();

/**
 * The handoffs into each inbox's seat, judged again only when that inbox moves (or the clock, the
 * seats, the state files), and the handoffs into seats with no inbox, kept for the whole list: an
 * append walks neither every handoff nor every inbox.
 */
const intoInboxes = new PerInboxResults<Signal[]>(sameSignals);
const intoNoInbox = new MemoTable<FleetRegistry, Signal[]>();
const combined = new MemoTable<Signal[], Signal[]>();

export function deadHandoff(ctx: SignalContext): Signal[] {
  const globals = [ctx.now, ctx.seats, ctx.stateList];
  const viaInboxes = flatten(intoInboxes.run(ctx.frame, globals, (inbox) => {
    // Two inboxes for one seat (never from the host): the seat's handoffs go with the one derive reads.
    if (ctx.inboxBySeat.get(inbox.seat) !== inbox) return NONE;
    return judgedAll(ctx, handoffsInto(ctx, inbox.seat));
  }));
  const rest = intoNoInbox.get(ctx.input.registry, [ctx.frame.list, ...globals], () =>
    judgedAll(ctx, ctx.input.registry.handoffs.filter((h) => !ctx.inboxBySeat.has(h.to))));
  return combined.get(viaInboxes, [rest], () => [...viaInboxes, ...rest]);
}

const NONE: Signal[] = [];

function judgedAll(ctx: SignalContext, handoffs: readonly HandoffDecl[]): Signal[] {
  const signals: Signal[] = [];
  for (const h of handoffs) {
    const inbox = ctx.inboxBySeat.get(h.to);
    const file = h.via === 'inbox' ? undefined : ctx.stateFileByPath.get(h.via);
    // Names, kinds and limits follow the known seats (a new map when fleet.yaml or the undeclared seats change).
    const deps = [ctx.now, ctx.seats, inbox, inbox && inboxVersion(inbox), file];
    const signal = judged.get(h, deps, () => judge(ctx, h));
    if (signal) signals.push(signal);
  }
  return signals.length ? signals : NONE;
}

function judge(ctx: SignalContext, h: HandoffDecl): Signal | null {
  if (!isActive(ctx, h.from) || !isActive(ctx, h.to)) return null;
  const limitMs = ctx.defaults.quietAfterMs;
  const inbox = ctx.inboxBySeat.get(h.to);
  const sender = inbox ? inboxIndex(inbox).senders.get(h.from) : undefined;
  let lastTs = sender?.finiteMaxTs ?? -Infinity;
  const messages = sender?.finiteCount ?? 0;
  const file = h.via === 'inbox' ? undefined : ctx.stateFileByPath.get(h.via);
  if (file && Number.isFinite(file.time)) lastTs = Math.max(lastTs, file.time);
  const from = seatName(ctx, h.from);
  const to = seatName(ctx, h.to);
  const route = h.via === 'inbox' ? `from ${from} to ${to} through ${possessive(to)} inbox` : `from ${from} to ${to} through ${fileLabel(h.via, h.from)}`;
  const files = h.via === 'inbox' ? [inboxPath(h.to)] : [h.via, inboxPath(h.to)];
  const hint = h.via === 'inbox'
    ? `Check that ${from} still sends to ${to}, or remove the handoff from fleet.yaml if it is no longer needed`
    : `Check that ${from} still writes ${h.via}, or remove the handoff from fleet.yaml if it is no longer needed`;
  if (lastTs === -Infinity) {
    return makeSignal('dead-handoff', h.id, 'warning', {
      seats: [h.from, h.to], files, handoffs: [h.id], hint,
      message: `The handoff ${route} has never carried anything${h.via !== 'inbox' && !file ? ` (${h.via} does not exist)` : ''}`,
      numbers: { limitMs, count: 0 },
    });
  }
  const quietMs = ctx.now - lastTs;
  if (quietMs <= limitMs) return null;
  return makeSignal('dead-handoff', h.id, 'warning', {
    seats: [h.from, h.to], files, handoffs: [h.id], hint,
    message: `The handoff ${route} has carried nothing for ${spanBeside(quietMs, limitMs)}; its limit is ${spanBeside(limitMs, quietMs)}`
      + (messages > 0 ? ` (${plural(messages, 'message')} before that)` : ''),
    numbers: { quietMs, limitMs, lastTs, count: messages },
  });
}
