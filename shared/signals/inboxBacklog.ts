/**
 * inbox-backlog (warning): a seat has unacknowledged messages older than `backlogAfter`
 * (the seat's override, else the fleet default). One signal per inbox, with the count and the
 * oldest one's age, never one per message. A warning: a slow reader, not a broken design.
 *
 * - Active seats only, humans included (a decision waiting on a human for days is backlog too).
 * - Messages without a valid time cannot be aged: left out. A seat's notes to itself are left out.
 * - "Older than" is strict: a message exactly `backlogAfter` old is not yet backlog.
 */
import { ageOf, handoffsBetween, inboxPath, isActive, makeSignal, sameSignal, seatName, type SignalContext } from './context';
import { plural, spanBeside } from './wording';
import { inboxIndex } from './inboxIndex';
import { finiteRange, firstPassing } from './sortedPositions';
import { flatten, PerInboxResults } from '../memo';
import type { InboxData, InboxMessage } from '../records';
import type { Signal } from '../signalTypes';

/**
 * Each inbox's signal (or none), kept while the inbox, the clock and fleet.yaml are the same: an
 * append re-judges its own inbox, not every inbox of the fleet (shared/memo.ts).
 */
const judged = new PerInboxResults<Signal | null>(sameSignal);

export function inboxBacklog(ctx: SignalContext): Signal[] {
  // The known seats are a new map when fleet.yaml or the undeclared seats change.
  return flatten(judged.run(ctx.frame, [ctx.now, ctx.seats], (inbox, deps) => {
    // An inbox sharing its seat with another is judged on that one's acks.
    if (ctx.inboxBySeat.get(inbox.seat) !== inbox) deps.seat(inbox.seat);
    return backlogOf(ctx, inbox);
  }));
}

function backlogOf(ctx: SignalContext, inbox: InboxData): Signal | null {
  if (!isActive(ctx, inbox.seat)) return null;
  const seat = ctx.seats.get(inbox.seat);
  const limitMs = seat?.decl?.backlogAfterMs ?? ctx.defaults.backlogAfterMs;
  const late = ctx.inboxBySeat.get(inbox.seat) === inbox ? lateFromIndex(ctx, inbox, limitMs) : lateByScan(ctx, inbox, limitMs);
  if (late.count === 0) return null;
  const oldest = late.oldest!;
  const ageMs = ctx.now - oldest.ts;
  const name = seatName(ctx, inbox.seat);
  const senders = late.senders.sort();
  const handoffs = senders.flatMap((from) => handoffsBetween(ctx, from, inbox.seat).filter((h) => h.via === 'inbox').map((h) => h.id)).sort();
  return makeSignal('inbox-backlog', inbox.seat, 'warning', {
    seats: [inbox.seat],
    files: [inboxPath(inbox.seat)],
    handoffs,
    message: `${name} has ${plural(late.count, 'unacknowledged message')} older than ${spanBeside(limitMs, ageMs)}; the oldest is ${spanBeside(ageMs, limitMs)} old`,
    hint: `Have ${name} work through its inbox and ack what it handled, or raise its backlogAfter in fleet.yaml if it reads less often`,
    numbers: { count: late.count, ageMs, limitMs, oldestTs: oldest.ts, line: oldest.line },
  });
}

/** Late messages: unacked, from others, older than the limit. `oldest` is the first in file order on a tie. */
interface Late {
  count: number;
  oldest: InboxMessage | null;
  senders: string[];
}

/**
 * From the inbox's index: each sender's unacked dated messages are sorted by time, and "older than
 * the limit" holds for a prefix of the finite ones (age shrinks as time grows), so a binary search
 * per sender finds the count, and the prefix's head is that sender's oldest.
 */
function lateFromIndex(ctx: SignalContext, inbox: InboxData, limitMs: number): Late {
  const index = inboxIndex(inbox);
  const late: Late = { count: 0, oldest: null, senders: [] };
  let oldestPosition = -1;
  for (const sender of index.senders.values()) {
    if (sender.from === inbox.seat || sender.unacked.length === 0) continue;
    const [start, end] = finiteRange(sender.unacked, index.timeOf);
    const stop = firstPassing(sender.unacked, (p) => !isLate(ctx, index.timeOf(p), limitMs), start, end);
    if (stop === start) continue;
    late.count += stop - start;
    late.senders.push(sender.from);
    const head = sender.unacked[start]!;
    const headTs = index.timeOf(head);
    if (oldestPosition < 0 || headTs < index.timeOf(oldestPosition) || (headTs === index.timeOf(oldestPosition) && head < oldestPosition)) oldestPosition = head;
  }
  late.oldest = oldestPosition < 0 ? null : index.messages[oldestPosition]!;
  return late;
}

function isLate(ctx: SignalContext, ts: number, limitMs: number): boolean {
  const age = ageOf(ctx, ts);
  return age !== null && age > limitMs;
}

/**
 * The plain scan, for an inbox that shares its seat with a later one in the input (the acks that
 * count are then the later inbox's, as `ackedBySeat` has them); the host never sends two.
 */
function lateByScan(ctx: SignalContext, inbox: InboxData, limitMs: number): Late {
  const acked = ctx.ackedBySeat.get(inbox.seat) ?? new Set<string>();
  const late: InboxMessage[] = [];
  for (const message of inbox.messages) {
    if (message.from === inbox.seat || acked.has(message.id)) continue;
    if (isLate(ctx, message.ts, limitMs)) late.push(message);
  }
  return {
    count: late.length,
    oldest: late.length ? late.reduce((a, b) => (b.ts < a.ts ? b : a)) : null,
    senders: [...new Set(late.map((m) => m.from))],
  };
}
