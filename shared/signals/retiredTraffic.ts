/**
 * retired-traffic (warning): a seat still sends messages to a retired seat's inbox. Seatmap
 * forwards them to the successor while it runs (service/retire/lateForward.ts), but the sender
 * should be pointed at the successor. One signal per retired seat and sender, for messages within
 * `quietAfter` (older traffic is history, from before the seat was retired).
 */
import { ageOf, inboxPath, makeSignal, retiredSeats, seatName, type SignalContext } from './context';
import { inboxVersion, MemoTable, sameItems } from '../memo';
import type { SeatDecl } from '../registry';
import { plural } from './wording';
import type { InboxData } from '../records';
import type { Signal } from '../signalTypes';

/** The seat a retired seat's messages go to, as written in `successors` (a seat id, or `inbox:`). */
function successorOf(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const record = value as Record<string, unknown>;
    for (const key of ['inbox', 'mergedInto']) if (typeof record[key] === 'string') return record[key];
  }
  return null;
}

/**
 * Each retired seat's signals, kept while its inbox, the clock and the known seats are the same
 * (shared/memo.ts): an append elsewhere does not scan retired inboxes again.
 */
const judged = new MemoTable<SeatDecl, Signal[]>();

const combined = new WeakMap<readonly SeatDecl[], { parts: Signal[][]; signals: Signal[] }>();

export function retiredTraffic(ctx: SignalContext): Signal[] {
  const retired = retiredSeats(ctx);
  const parts: Signal[][] = [];
  for (const seat of retired) {
    const inbox = ctx.inboxBySeat.get(seat.id);
    if (!inbox) continue;
    parts.push(judged.get(seat, [ctx.now, ctx.seats, inbox, inboxVersion(inbox)], () => trafficTo(ctx, seat, inbox)));
  }
  // The same array while every retired seat's signals were kept.
  const last = combined.get(retired);
  if (last && sameItems(last.parts, parts)) return last.signals;
  const next = { parts, signals: parts.flat() };
  combined.set(retired, next);
  return next.signals;
}

function trafficTo(ctx: SignalContext, seat: SeatDecl, inbox: InboxData): Signal[] {
  const signals: Signal[] = [];
  const quiet = ctx.defaults.quietAfterMs;
  const retiredAt = seat.retiredAt ? Date.parse(seat.retiredAt) : Number.NaN;
  const bySender = new Map<string, { count: number; lastTs: number; line: number }>();
  for (const m of inbox.messages) {
    const age = ageOf(ctx, m.ts);
    if (age === null || age > quiet || m.from === seat.id) continue;
    // Before the retire, traffic was normal.
    if (Number.isFinite(retiredAt) && m.ts < retiredAt) continue;
    const entry = bySender.get(m.from) ?? { count: 0, lastTs: 0, line: 0 };
    entry.count++;
    if (m.ts >= entry.lastTs) {
      entry.lastTs = m.ts;
      entry.line = m.line;
    }
    bySender.set(m.from, entry);
  }
  const to = successorOf(seat.successors);
  const toName = to ? seatName(ctx, to) : null;
  for (const [sender, entry] of [...bySender].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    const name = seatName(ctx, sender);
    signals.push(makeSignal('retired-traffic', `${seat.id}:${sender}`, 'warning', {
      seats: [sender, seat.id, ...(to ? [to] : [])],
      files: [inboxPath(seat.id)],
      message: `${name} still sends to ${seatName(ctx, seat.id)}, a retired seat: ${plural(entry.count, 'message')} since it was retired${toName ? `, forwarded to ${toName}` : ''}`,
      hint: to ? `Point ${name} at ${toName}'s inbox (${inboxPath(to)}) instead of ${inboxPath(seat.id)}` : `Tell ${name} that ${seatName(ctx, seat.id)} is retired`,
      numbers: { count: entry.count, lastTs: entry.lastTs, line: entry.line },
    }));
  }
  return signals;
}
