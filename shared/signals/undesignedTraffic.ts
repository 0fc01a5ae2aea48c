/**
 * undesigned-traffic (warning): messages from A in B's inbox and no handoff A→B designed (any
 * `via`). One signal per ordered pair with the count and the latest message. A warning: the
 * traffic may be fine, the design is what is missing; designing the handoff makes it go away.
 *
 * Where the format is silent:
 * - Replies are not undesigned: a message whose `re` names a message B sent to A (found in A's
 *   inbox) answers B, and the conversation is flagged once, at its origin (B→A), if that is
 *   undesigned itself.
 * - Traffic to or from a human seat is left out: humans direct agents and are told things ad hoc,
 *   and the failure involving humans (passing one agent's output on to another) is human-bridge.
 * - Retired seats on either side: left out (their messages are history or the retire workflow's).
 * - Senders that are no seat at all are a diagnostic of derive, not a signal.
 * - Only traffic within the last `quietAfter` counts: old history of a pair that stopped talking is
 *   not a current failure (the same horizon after which a designed handoff counts as dead).
 *   Messages without a valid time cannot be placed: left out. Future times count as now.
 */
import { inboxPath, isDesigned, isActiveAgent, makeSignal, recentRange, sameSignals, seatName, type SignalContext } from './context';
import { formatSpan } from '../duration';
import { ago, plural } from './wording';
import { inboxIndex } from './inboxIndex';
import { flatten, PerInboxResults } from '../memo';
import type { InboxData, InboxMessage } from '../records';
import type { Signal } from '../signalTypes';

/** A pair's traffic in the window: how many messages, and the latest. */
interface PairTraffic {
  from: string;
  to: string;
  count: number;
  latest: InboxMessage;
}

/**
 * Each inbox's signals, kept while the inbox, the clock, fleet.yaml and the inboxes its replies
 * point into are the same (shared/memo.ts): an append re-judges its own inbox only.
 */
const judged = new PerInboxResults<Signal[]>(sameSignals);

export function undesignedTraffic(ctx: SignalContext): Signal[] {
  // Two inboxes for one seat (never from the host) add up per pair: judged together, not kept.
  if (ctx.inboxBySeat.size !== ctx.input.inboxes.length) return [...pairsOf(ctx, ctx.input.inboxes).values()].map((pair) => signalOf(ctx, pair));
  return flatten(judged.run(ctx.frame, [ctx.now, ctx.seats, ctx.input.registry], (inbox, deps) => {
    if (!isActiveAgent(ctx, inbox.seat)) return NONE;
    // A reply counts unless it answers a message in its sender's inbox: those inboxes matter too.
    for (const sender of inboxIndex(inbox).senders.values()) if (sender.replies.length > 0) deps.seat(sender.from);
    return [...pairsOf(ctx, [inbox]).values()].map((pair) => signalOf(ctx, pair));
  }));
}

const NONE: Signal[] = [];

function pairsOf(ctx: SignalContext, inboxes: readonly InboxData[]): Map<string, PairTraffic> {
  const pairs = new Map<string, PairTraffic>();
  const horizonMs = ctx.defaults.quietAfterMs;
  for (const inbox of inboxes) {
    const to = inbox.seat;
    if (!isActiveAgent(ctx, to)) continue;
    const index = inboxIndex(inbox);
    for (const sender of index.senders.values()) {
      const from = sender.from;
      if (from === to || !isActiveAgent(ctx, from) || isDesigned(ctx, from, to)) continue;
      // Plain messages in the window are all counted; replies only when they answer no message of `to`.
      const plain = recentRange(ctx, sender.plain, index.timeOf, horizonMs);
      let count = plain[1] - plain[0];
      let latest = count > 0 ? sender.plain[plain[1] - 1]! : -1;
      const replies = recentRange(ctx, sender.replies, index.timeOf, horizonMs);
      for (let i = replies[0]; i < replies[1]; i++) {
        const position = sender.replies[i]!;
        if (answersSeat(ctx, index.messages[position]!, from, to)) continue;
        count++;
        if (latest < 0 || index.timeOf(position) > index.timeOf(latest) || (index.timeOf(position) === index.timeOf(latest) && position > latest)) latest = position;
      }
      if (count === 0) continue;
      const message = index.messages[latest]!;
      const key = `${from}->${to}`;
      const pair = pairs.get(key);
      // Across inboxes of one seat (never from the host), the later inbox wins a tie, as in file order.
      if (!pair) pairs.set(key, { from, to, count, latest: message });
      else {
        pair.count += count;
        if (message.ts >= pair.latest.ts) pair.latest = message;
      }
    }
  }
  return pairs;
}

function signalOf(ctx: SignalContext, { from, to, count, latest }: PairTraffic): Signal {
  const a = seatName(ctx, from);
  const b = seatName(ctx, to);
  const subject = latest.subject ? ` ("${latest.subject.slice(0, 80)}")` : '';
  return makeSignal('undesigned-traffic', `${from}->${to}`, 'warning', {
    seats: [from, to],
    files: [inboxPath(to)],
    message: `${a} sent ${b} ${plural(count, 'message')} in the last ${formatSpan(ctx.defaults.quietAfterMs)} with no handoff designed; the latest was ${ago(Math.max(0, ctx.now - latest.ts))}${subject}`,
    hint: `Design a handoff from ${a} to ${b} in fleet.yaml, or stop the traffic`,
    numbers: { count, lastTs: latest.ts, line: latest.line, windowMs: ctx.defaults.quietAfterMs },
  });
}

/** The message answers one that `to` sent to `from` (its `re` is found in `from`'s inbox, sent by `to`). */
function answersSeat(ctx: SignalContext, message: InboxMessage, from: string, to: string): boolean {
  if (!message.re) return false;
  return ctx.messagesBySeat.get(from)?.get(message.re)?.from === to;
}
