/**
 * inbox-backlog (warning): a seat has unacknowledged messages older than `backlogAfter`
 * (the seat's override, else the fleet default). One signal per inbox, with the count and the
 * oldest one's age, never one per message. A warning: a slow reader, not a broken design.
 *
 * - Active seats only, humans included (a decision waiting on a human for days is backlog too).
 * - Messages without a valid time cannot be aged: left out. A seat's notes to itself are left out.
 * - "Older than" is strict: a message exactly `backlogAfter` old is not yet backlog.
 */
import { ageOf, handoffsBetween, inboxPath, isActive, makeSignal, seatName, type SignalContext } from './context';
import { plural, spanBeside } from './wording';
import type { InboxMessage } from '../records';
import type { Signal } from '../signalTypes';

export function inboxBacklog(ctx: SignalContext): Signal[] {
  const signals: Signal[] = [];
  for (const inbox of ctx.input.inboxes) {
    if (!isActive(ctx, inbox.seat)) continue;
    const seat = ctx.seats.get(inbox.seat);
    const limitMs = seat?.decl?.backlogAfterMs ?? ctx.defaults.backlogAfterMs;
    const acked = ctx.ackedBySeat.get(inbox.seat) ?? new Set<string>();
    const late: InboxMessage[] = [];
    for (const message of inbox.messages) {
      if (message.from === inbox.seat || acked.has(message.id)) continue;
      const age = ageOf(ctx, message.ts);
      if (age !== null && age > limitMs) late.push(message);
    }
    if (late.length === 0) continue;
    const oldest = late.reduce((a, b) => (b.ts < a.ts ? b : a));
    const ageMs = ctx.now - oldest.ts;
    const name = seatName(ctx, inbox.seat);
    const senders = [...new Set(late.map((m) => m.from))].sort();
    const handoffs = senders.flatMap((from) => handoffsBetween(ctx, from, inbox.seat).filter((h) => h.via === 'inbox').map((h) => h.id)).sort();
    signals.push(makeSignal('inbox-backlog', inbox.seat, 'warning', {
      seats: [inbox.seat],
      files: [inboxPath(inbox.seat)],
      handoffs,
      message: `${name} has ${plural(late.length, 'unacknowledged message')} older than ${spanBeside(limitMs, ageMs)}; the oldest is ${spanBeside(ageMs, limitMs)} old`,
      hint: `Have ${name} work through its inbox and ack what it handled, or raise its backlogAfter in fleet.yaml if it reads less often`,
      numbers: { count: late.length, ageMs, limitMs, oldestTs: oldest.ts, line: oldest.line },
    }));
  }
  return signals;
}
