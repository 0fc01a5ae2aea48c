/**
 * human-bridge (warning): a human seat H received something from agent A and passed it on to
 * agent B (`re` chain), repeatedly (FLEET-FORMAT.md). One signal per (A, H, B), with the count and
 * the latest example. A warning: the work gets done, but a person is the plumbing; designing a
 * handoff A→B is the fix.
 *
 * Where the format is silent (issue 4):
 * - A bridge is a message from H in B's inbox whose `re` chain leads back, through messages sent
 *   by humans only (H's own earlier messages, or a colleague who forwarded it to H), to a message
 *   agent A sent to a human. Each `re` is looked up first in the inbox of the seat that answers
 *   (what it received), then in any inbox; chains are followed at most MAX_CHAIN steps, and loops
 *   stop.
 * - "Repeatedly" is BRIDGE_THRESHOLD bridged messages or more, within the last `quietAfter`
 *   (a habit that stopped is not a current failure). Undated messages are left out.
 * - A ≠ B (a human answering an agent back is not a bridge); A and B active agents, H an active
 *   human.
 * - When a handoff A→B is designed, the human relaying anyway is a choice with a designed path
 *   available; not reported (if that path carries nothing, dead-handoff says so).
 */
import { inboxPath, isActiveAgent, isActiveHuman, isDesigned, makeSignal, recentRange, seatName, type SignalContext } from './context';
import { inboxIndex } from './inboxIndex';
import { ago, plural } from './wording';
import { formatSpan } from '../duration';
import type { InboxMessage } from '../records';
import type { Signal } from '../signalTypes';

/** A human passing an agent's messages on to another agent this many times is a pattern. */
export const BRIDGE_THRESHOLD = 2;
const MAX_CHAIN = 20;

interface Located {
  message: InboxMessage;
  /** The seat whose inbox holds the message: its receiver. */
  inbox: string;
}

export function humanBridge(ctx: SignalContext): Signal[] {
  // Where an id is first found across all inboxes, in input order. Looked up per id as chains are
  // followed (few, and only recent ones), instead of indexing every message of every inbox.
  const anywhere = new Map<string, Located | null>();
  const findAnywhere = (id: string): Located | null => {
    let found = anywhere.get(id);
    if (found !== undefined) return found;
    found = null;
    for (const inbox of ctx.input.inboxes) {
      const message = inboxIndex(inbox).byId.get(id);
      if (message) {
        found = { message, inbox: inbox.seat };
        break;
      }
    }
    anywhere.set(id, found);
    return found;
  };
  const find = (id: string, receivedBy: string): Located | null => {
    const own = ctx.messagesBySeat.get(receivedBy)?.get(id);
    return own ? { message: own, inbox: receivedBy } : findAnywhere(id);
  };

  const bridges = new Map<string, { a: string; h: string; b: string; count: number; latest: InboxMessage }>();
  for (const inbox of ctx.input.inboxes) {
    const b = inbox.seat;
    if (!isActiveAgent(ctx, b)) continue;
    const index = inboxIndex(inbox);
    for (const sender of index.senders.values()) {
      const h = sender.from;
      if (!isActiveHuman(ctx, h)) continue;
      // The human's replies within the window, in time order (file order on a tie), so the last
      // one kept as `latest` is the one a file-order scan keeping the latest time would keep.
      const [start, end] = recentRange(ctx, sender.replies, index.timeOf, ctx.defaults.quietAfterMs);
      for (let i = start; i < end; i++) {
        const message = index.messages[sender.replies[i]!]!;
        const a = originAgent(ctx, message, find);
        if (!a || a === b || !isActiveAgent(ctx, a) || isDesigned(ctx, a, b)) continue;
        const key = `${a}->${h}->${b}`;
        const bridge = bridges.get(key);
        if (!bridge) bridges.set(key, { a, h, b, count: 1, latest: message });
        else {
          bridge.count++;
          if (message.ts >= bridge.latest.ts) bridge.latest = message;
        }
      }
    }
  }

  const signals: Signal[] = [];
  for (const [key, { a, h, b, count, latest }] of bridges) {
    if (count < BRIDGE_THRESHOLD) continue;
    const nameA = seatName(ctx, a);
    const nameH = seatName(ctx, h);
    const nameB = seatName(ctx, b);
    signals.push(makeSignal('human-bridge', key, 'warning', {
      seats: [a, h, b],
      files: [inboxPath(h), inboxPath(b)],
      message: `${nameH} passed ${plural(count, 'message')} from ${nameA} on to ${nameB} by hand in the last ${formatSpan(ctx.defaults.quietAfterMs)}; the latest was ${ago(Math.max(0, ctx.now - latest.ts))}`,
      hint: `Design a handoff from ${nameA} to ${nameB} so ${nameH} no longer has to relay`,
      numbers: { count, threshold: BRIDGE_THRESHOLD, lastTs: latest.ts, line: latest.line },
    }));
  }
  return signals;
}

/**
 * Follows `re` back from a human's message through messages sent by humans to the first message
 * an agent sent to a human; that agent is the origin. Null when the chain ends anywhere else.
 */
function originAgent(ctx: SignalContext, start: InboxMessage, find: (id: string, receivedBy: string) => Located | null): string | null {
  let current = start;
  const seen = new Set<string>([start.id]);
  for (let step = 0; step < MAX_CHAIN && current.re; step++) {
    const next = find(current.re, current.from);
    if (!next || seen.has(next.message.id)) return null;
    seen.add(next.message.id);
    const sender = ctx.seats.get(next.message.from);
    if (!sender) return null;
    if (sender.kind === 'agent') return isActiveHuman(ctx, next.inbox) ? sender.id : null;
    current = next.message;
  }
  return null;
}
