/**
 * human-bridge (warning): a human seat H received something from agent A and passed it on to
 * agent B (`re` chain), repeatedly (docs/fleet-format.md, "Signals"). One signal per (A, H, B), with
 * the count and the latest example. A warning: the work gets done, but a person is the plumbing;
 * a handoff A→B that carries these messages is the fix.
 *
 * Where the format is silent:
 * - A bridge is a message from H in B's inbox whose `re` chain leads back, through messages sent
 *   by humans only (H's own earlier messages, or a colleague who forwarded it to H), to a message
 *   agent A sent to a human. Each `re` is looked up first in the inbox of the seat that answers
 *   (what it received), then in any inbox; chains are followed at most MAX_CHAIN steps, and loops
 *   stop.
 * - "Repeatedly" is BRIDGE_THRESHOLD bridged messages or more, within the last `quietAfter`
 *   (a habit that stopped is not a current failure). Undated messages are left out.
 * - A ≠ B (a human answering an agent back is not a bridge); A and B active agents, H an active
 *   human.
 * - A designed handoff A→B does not silence it: a relayed message did not travel that path (the
 *   handoff may carry something else, say a routes file), and a person relaying between two agents
 *   is exactly the failure. The warning says that the handoff exists and whether it is quiet (by
 *   dead-handoff's measure: nothing carried within `quietAfter`), so the fix reads "use it" or
 *   "widen it" rather than "design one".
 */
import { handoffsBetween, inboxPath, isActiveAgent, isActiveHuman, makeSignal, recentRange, sameSignals, seatName, type SignalContext } from './context';
import { inboxIndex } from './inboxIndex';
import { ago, listSome, plural } from './wording';
import { formatSpan } from '../duration';
import { flatten, PerInboxResults, type InboxDeps } from '../memo';
import type { InboxData, InboxMessage } from '../records';
import type { HandoffDecl } from '../registry';
import type { Signal } from '../signalTypes';

/** A human passing an agent's messages on to another agent this many times is a pattern. */
export const BRIDGE_THRESHOLD = 2;
const MAX_CHAIN = 20;

interface Located {
  message: InboxMessage;
  /** The seat whose inbox holds the message: its receiver. */
  inbox: string;
}

/**
 * Each inbox's bridges (all of a bridge A→H→B is in B's inbox), judged again when that inbox moves,
 * or an inbox a chain was followed through, or any inbox when a chain looked an id up across all of
 * them (shared/memo.ts); state files and the clock tell whether a designed handoff is quiet.
 */
const judged = new PerInboxResults<Signal[]>(sameSignals);
const NO_DEPS: InboxDeps = { seat: () => {}, all: () => {} };

export function humanBridge(ctx: SignalContext): Signal[] {
  // Two inboxes for one seat (never from the host) add up per bridge: judged together, not kept.
  if (ctx.inboxBySeat.size !== ctx.input.inboxes.length) return bridgesIn(ctx, ctx.input.inboxes, NO_DEPS);
  return flatten(judged.run(ctx.frame, [ctx.now, ctx.seats, ctx.stateList], (inbox, deps) => bridgesIn(ctx, [inbox], deps)));
}

function bridgesIn(ctx: SignalContext, inboxes: readonly InboxData[], deps: InboxDeps): Signal[] {
  // Where an id is first found across all inboxes, in input order. Looked up per id as chains are
  // followed (few, and only recent ones), instead of indexing every message of every inbox.
  const anywhere = new Map<string, Located | null>();
  const findAnywhere = (id: string): Located | null => {
    let found = anywhere.get(id);
    if (found !== undefined) return found;
    found = null;
    deps.all();
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
    deps.seat(receivedBy);
    const own = ctx.messagesBySeat.get(receivedBy)?.get(id);
    return own ? { message: own, inbox: receivedBy } : findAnywhere(id);
  };

  const bridges = new Map<string, { a: string; h: string; b: string; count: number; latest: InboxMessage }>();
  for (const inbox of inboxes) {
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
        if (!a || a === b || !isActiveAgent(ctx, a)) continue;
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
    const relayed = `${nameH} passed ${plural(count, 'message')} from ${nameA} on to ${nameB} by hand in the last ${formatSpan(ctx.defaults.quietAfterMs)}; the latest was ${ago(Math.max(0, ctx.now - latest.ts))}`;
    const designed = handoffsBetween(ctx, a, b);
    const quiet = designed.filter((h) => isQuiet(ctx, h));
    signals.push(makeSignal('human-bridge', key, 'warning', {
      seats: [a, h, b],
      files: [inboxPath(h), inboxPath(b)],
      handoffs: designed.map((h) => h.id),
      message: designed.length === 0 ? relayed : `${relayed}. ${handoffNote(ctx, designed, quiet.length)}`,
      hint: designed.length === 0
        ? `Design a handoff from ${nameA} to ${nameB} so ${nameH} no longer has to relay`
        : `Send these from ${nameA} to ${nameB} through the designed handoff (or widen what it carries) so ${nameH} no longer has to relay`,
      numbers: { count, threshold: BRIDGE_THRESHOLD, lastTs: latest.ts, line: latest.line, handoffs: designed.length, quietHandoffs: quiet.length },
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

/** Whether a handoff carried nothing within `quietAfter`, measured as dead-handoff measures it. */
function isQuiet(ctx: SignalContext, handoff: HandoffDecl): boolean {
  const inbox = ctx.inboxBySeat.get(handoff.to);
  let lastTs = (inbox ? inboxIndex(inbox).senders.get(handoff.from)?.finiteMaxTs : undefined) ?? -Infinity;
  const file = handoff.via === 'inbox' ? undefined : ctx.stateFileByPath.get(handoff.via);
  if (file && Number.isFinite(file.time)) lastTs = Math.max(lastTs, file.time);
  return lastTs === -Infinity || ctx.now - lastTs > ctx.defaults.quietAfterMs;
}

/** "A handoff from A to B exists (it carries …) and …": what the designed path is, and whether it is used. */
function handoffNote(ctx: SignalContext, designed: readonly HandoffDecl[], quiet: number): string {
  const [first] = designed as [HandoffDecl];
  const route = `from ${seatName(ctx, first.from)} to ${seatName(ctx, first.to)}`;
  const carries = listSome([...new Set(designed.map((h) => h.what))]);
  if (designed.length === 1) {
    return quiet === 1
      ? `A handoff ${route} exists (${carries}) but is quiet: it carried nothing in the last ${formatSpan(ctx.defaults.quietAfterMs)}`
      : `A handoff ${route} exists (${carries}) and is in use, but these messages went around it`;
  }
  const state = quiet === designed.length ? 'all quiet' : quiet === 0 ? 'all in use' : `${quiet} of them quiet`;
  return `${designed.length} handoffs ${route} exist (${carries}), ${state}, but these messages went around them`;
}
