/**
 * What derive and the signals need from one inbox, kept up to date as the inbox grows, so that one
 * appended line costs what it changed instead of a re-scan of every message (a 200,000-message
 * inbox took ~370 ms of signals per append).
 *
 * The contract with whoever fills `InboxData` (service/fleetFiles.ts): `messages` and `acks` only
 * grow by push; anything else (a truncated or replaced file) comes as new arrays. The index is
 * keyed by the `messages` array in a WeakMap and remembers how far it has read both arrays; new
 * arrays, a different seat, or arrays that shrank or whose first or last read item changed make
 * it start again from scratch, so a caller that breaks the contract gets a slower derive, not a
 * wrong one (short of editing an already-read line in place). Pure: no clock, no I/O.
 */
import type { InboxAck, InboxData, InboxMessage } from '../records';
import { addSorted, removeSorted } from './sortedPositions';

/** One sender's messages in one inbox. Positions index `InboxIndex.messages`. */
export interface SenderIndex {
  from: string;
  /** Every message from this sender, dated or not. */
  count: number;
  /** The latest time that is not NaN, and the id of the last message in file order with it. */
  lastTs: number | null;
  lastMessageId: string | null;
  /** Messages with a finite time, and the latest of those times (-Infinity when none). */
  finiteCount: number;
  finiteMaxTs: number;
  /** Positions of dated messages (time not NaN) without / with a `re`, sorted by (time, position). */
  plain: number[];
  replies: number[];
  /** Positions of dated messages whose id is not acked, sorted by (time, position). */
  unacked: number[];
}

/** A read-only view of an inbox's messages by id: the first line with that id wins. */
export interface MessageLookup {
  get(id: string): InboxMessage | undefined;
  has(id: string): boolean;
}

export interface InboxIndex {
  readonly seat: string;
  readonly messages: readonly InboxMessage[];
  readonly acks: readonly InboxAck[];
  /** Ids acked in this inbox. */
  readonly acked: ReadonlySet<string>;
  /** The time of each id's first ack (the inbox view shows when a message was acknowledged). */
  readonly ackTimes: ReadonlyMap<string, number>;
  readonly byId: MessageLookup;
  /** Positions of the messages answering an id (`re`), in file order (threads are built from these). */
  readonly repliesTo: ReadonlyMap<string, readonly number[]>;
  /** Messages whose id is acked. */
  ackedMessages: number;
  /** The latest message time that is not NaN. */
  lastTs: number | null;
  /** By sender, in order of each sender's first message. */
  readonly senders: ReadonlyMap<string, SenderIndex>;
  /** The earliest message with a finite time from anyone but the owner (first in file order on a tie). */
  firstReceived: InboxMessage | null;
  /** The time of the message at a position: `messages[position].ts`. */
  timeOf(position: number): number;
}

interface MutableIndex extends InboxIndex {
  readonly acked: Set<string>;
  readonly ackTimes: Map<string, number>;
  readonly repliesTo: Map<string, number[]>;
  readonly senders: Map<string, SenderIndex>;
  firstPosition: Map<string, number>;
  /** Later positions of ids that occur more than once. */
  morePositions: Map<string, number[]>;
  readMessages: number;
  readAcks: number;
  firstMessage: InboxMessage | undefined;
  lastMessage: InboxMessage | undefined;
  firstAck: InboxAck | undefined;
  lastAck: InboxAck | undefined;
}

const indexes = new WeakMap<readonly InboxMessage[], MutableIndex>();

/** The inbox's index, brought up to date with whatever was appended since it was last asked for. */
export function inboxIndex(inbox: InboxData): InboxIndex {
  let index = indexes.get(inbox.messages);
  if (!index || !continues(index, inbox)) {
    index = emptyIndex(inbox);
    indexes.set(inbox.messages, index);
  }
  extend(index);
  return index;
}

/** Whether the inbox is the indexed one, grown by push only (as far as cheap checks can tell). */
function continues(index: MutableIndex, inbox: InboxData): boolean {
  const { messages, acks } = inbox;
  return index.seat === inbox.seat
    && index.acks === acks
    && messages.length >= index.readMessages
    && acks.length >= index.readAcks
    && (index.readMessages === 0 || (messages[0] === index.firstMessage && messages[index.readMessages - 1] === index.lastMessage))
    && (index.readAcks === 0 || (acks[0] === index.firstAck && acks[index.readAcks - 1] === index.lastAck));
}

function emptyIndex(inbox: InboxData): MutableIndex {
  const messages = inbox.messages;
  const firstPosition = new Map<string, number>();
  return {
    seat: inbox.seat,
    messages,
    acks: inbox.acks,
    acked: new Set(),
    ackTimes: new Map(),
    repliesTo: new Map(),
    byId: {
      get: (id) => {
        const position = firstPosition.get(id);
        return position === undefined ? undefined : messages[position];
      },
      has: (id) => firstPosition.has(id),
    },
    ackedMessages: 0,
    lastTs: null,
    senders: new Map(),
    firstReceived: null,
    timeOf: (position) => messages[position]!.ts,
    firstPosition,
    morePositions: new Map(),
    readMessages: 0,
    readAcks: 0,
    firstMessage: undefined,
    lastMessage: undefined,
    firstAck: undefined,
    lastAck: undefined,
  };
}

function extend(index: MutableIndex): void {
  const { messages, acks, timeOf } = index;
  if (index.readMessages === messages.length && index.readAcks === acks.length) return;

  // New acks first: they take already-read messages out of the unacked lists; the new messages
  // below are then checked against the complete set.
  const unackedNow = new Map<SenderIndex, Set<number>>();
  for (let a = index.readAcks; a < acks.length; a++) {
    const id = acks[a]!.ack;
    if (index.acked.has(id)) continue;
    index.acked.add(id);
    index.ackTimes.set(id, acks[a]!.ts);
    const first = index.firstPosition.get(id);
    if (first === undefined) continue;
    for (const position of [first, ...(index.morePositions.get(id) ?? [])]) {
      index.ackedMessages++;
      const message = messages[position]!;
      if (Number.isNaN(message.ts)) continue;
      const sender = index.senders.get(message.from)!;
      const set = unackedNow.get(sender) ?? new Set<number>();
      set.add(position);
      unackedNow.set(sender, set);
    }
  }
  for (const [sender, removed] of unackedNow) sender.unacked = removeSorted(sender.unacked, removed, timeOf);
  index.readAcks = acks.length;
  index.firstAck = acks[0];
  index.lastAck = acks[acks.length - 1];

  const added = new Map<number[], number[]>();
  const add = (list: number[], position: number) => {
    const pending = added.get(list);
    if (pending) pending.push(position);
    else added.set(list, [position]);
  };
  for (let position = index.readMessages; position < messages.length; position++) {
    const message = messages[position]!;
    const { id, ts, from } = message;
    if (!index.firstPosition.has(id)) index.firstPosition.set(id, position);
    else {
      const more = index.morePositions.get(id);
      if (more) more.push(position);
      else index.morePositions.set(id, [position]);
    }
    if (message.re) {
      const replies = index.repliesTo.get(message.re);
      if (replies) replies.push(position);
      else index.repliesTo.set(message.re, [position]);
    }
    const acked = index.acked.has(id);
    if (acked) index.ackedMessages++;
    let sender = index.senders.get(from);
    if (!sender) {
      sender = { from, count: 0, lastTs: null, lastMessageId: null, finiteCount: 0, finiteMaxTs: -Infinity, plain: [], replies: [], unacked: [] };
      index.senders.set(from, sender);
    }
    sender.count++;
    if (Number.isNaN(ts)) continue;
    if (index.lastTs === null || ts > index.lastTs) index.lastTs = ts;
    if (sender.lastTs === null || ts >= sender.lastTs) {
      sender.lastTs = ts;
      sender.lastMessageId = id;
    }
    if (Number.isFinite(ts)) {
      sender.finiteCount++;
      if (ts > sender.finiteMaxTs) sender.finiteMaxTs = ts;
      if (from !== index.seat && (index.firstReceived === null || ts < index.firstReceived.ts)) index.firstReceived = message;
    }
    add(message.re ? sender.replies : sender.plain, position);
    if (!acked) add(sender.unacked, position);
  }
  // Lists are re-read through `added`'s keys: the same arrays the senders hold.
  for (const [list, positions] of added) addSorted(list, positions, timeOf);
  index.readMessages = messages.length;
  index.firstMessage = messages[0];
  index.lastMessage = messages[messages.length - 1];
}
