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
import { DeferredSort } from './deferredSort';
import { FirstAcks } from './firstAcks';
import { IdPositions } from './idPositions';

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
  /** The first ack of each id; `acked` and `ackTimes` are views of it. */
  readonly firstAcks: FirstAcks;
  readonly repliesTo: Map<string, number[]>;
  readonly senders: Map<string, SenderIndex>;
  /** The first position of each id. */
  firstPosition: IdPositions;
  /** Later positions of ids that occur more than once. */
  morePositions: Map<string, number[]>;
  /** Acked ids with no message read yet (an ack that came first). */
  ackedAhead: number;
  /** The sender of the last message looked at. */
  lastSender: SenderIndex | null;
  /** Out-of-order additions to, and acked removals from, the senders' lists, until a reader asks. */
  deferred: DeferredSort;
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
  const index = grown(inbox);
  if (index.deferred.pending) index.deferred.apply();
  return index;
}

/**
 * Takes what was appended into the inbox's index without settling its sorted lists: for the host,
 * after each slice of a big inbox it reads, so the work is spread over the reads and a list is
 * settled once per reader (`inboxIndex`), not once per slice.
 */
export function growInboxIndex(inbox: InboxData): void {
  grown(inbox);
}

function grown(inbox: InboxData): MutableIndex {
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
  const firstPosition = new IdPositions((position) => messages[position]!.id);
  const firstAcks = new FirstAcks(inbox.acks);
  const timeOf = (position: number) => messages[position]!.ts;
  return {
    seat: inbox.seat,
    messages,
    acks: inbox.acks,
    acked: firstAcks.ids,
    ackTimes: firstAcks.times,
    firstAcks,
    repliesTo: new Map(),
    byId: {
      get: (id) => {
        const position = firstPosition.get(id);
        return position < 0 ? undefined : messages[position];
      },
      has: (id) => firstPosition.get(id) >= 0,
    },
    ackedMessages: 0,
    lastTs: null,
    senders: new Map(),
    firstReceived: null,
    timeOf,
    firstPosition,
    morePositions: new Map(),
    ackedAhead: 0,
    lastSender: null,
    deferred: new DeferredSort(timeOf),
    readMessages: 0,
    readAcks: 0,
    firstMessage: undefined,
    lastMessage: undefined,
    firstAck: undefined,
    lastAck: undefined,
  };
}

/*
 * Cost per line, for a big inbox read in slices: a message costs two map operations and a push
 * onto its sender's lists (in time order, as most are); an ack costs three, and takes its message
 * out of the unacked list by a pop when the message is that list's last (an ack soon after its
 * message), else by a note that `DeferredSort` settles when a reader asks.
 */
function extend(index: MutableIndex): void {
  const { messages, acks } = index;
  let m = index.readMessages;
  let a = index.readAcks;
  if (m === messages.length && a === acks.length) return;
  // In file order (by line), so that most acks find their message already listed, and most
  // messages need no look-up in the acked set. Any order gives the same index.
  while (m < messages.length || a < acks.length) {
    if (a < acks.length && (m === messages.length || acks[a]!.line < messages[m]!.line)) takeAck(index, a++);
    else takeMessage(index, m++);
  }
  index.readMessages = messages.length;
  index.firstMessage = messages[0];
  index.lastMessage = messages[messages.length - 1];
  index.readAcks = acks.length;
  index.firstAck = acks[0];
  index.lastAck = acks[acks.length - 1];
}

function takeAck(index: MutableIndex, at: number): void {
  // Only an id's first ack counts (its time is the one shown).
  if (!index.firstAcks.take(at)) return;
  const id = index.acks[at]!.ack;
  const first = index.firstPosition.get(id);
  if (first < 0) {
    index.ackedAhead++;
    return;
  }
  unlist(index, first);
  const more = index.morePositions.size > 0 ? index.morePositions.get(id) : undefined;
  if (more) for (const position of more) unlist(index, position);
}

/** A message read before its ack: counted as acked, and taken out of its sender's unacked list. */
function unlist(index: MutableIndex, position: number): void {
  index.ackedMessages++;
  const message = index.messages[position]!;
  if (Number.isNaN(message.ts)) return;
  const unacked = senderOf(index, message.from).unacked;
  if (unacked[unacked.length - 1] === position) unacked.pop();
  else index.deferred.remove(unacked, position);
}

function takeMessage(index: MutableIndex, position: number): void {
  const message = index.messages[position]!;
  const { id, ts, from, re } = message;
  let isAcked: boolean;
  if (index.firstPosition.firstOrAdd(id, position) < 0) {
    // Look the id up in the acked set only while some ack is waiting for its message.
    isAcked = index.ackedAhead > 0 && index.acked.has(id);
    if (isAcked) index.ackedAhead--;
  } else {
    const more = index.morePositions.get(id);
    if (more) more.push(position);
    else index.morePositions.set(id, [position]);
    isAcked = index.acked.has(id);
  }
  if (re) {
    const replies = index.repliesTo.get(re);
    if (replies) replies.push(position);
    else index.repliesTo.set(re, [position]);
  }
  if (isAcked) index.ackedMessages++;
  const sender = senderOf(index, from);
  sender.count++;
  if (Number.isNaN(ts)) return;
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
  list(index, re ? sender.replies : sender.plain, position, ts);
  if (!isAcked) list(index, sender.unacked, position, ts);
}

/** The sender's entry, made on its first message. The last one is kept: runs of one sender are common. */
function senderOf(index: MutableIndex, from: string): SenderIndex {
  const last = index.lastSender;
  if (last !== null && last.from === from) return last;
  let sender = index.senders.get(from);
  if (!sender) {
    sender = { from, count: 0, lastTs: null, lastMessageId: null, finiteCount: 0, finiteMaxTs: -Infinity, plain: [], replies: [], unacked: [] };
    index.senders.set(from, sender);
  }
  index.lastSender = sender;
  return sender;
}

/** Adds a new position (greater than every listed one) to a sorted list: pushed when in time order, else deferred. */
function list(index: MutableIndex, positions: number[], position: number, ts: number): void {
  if (positions.length === 0 || index.messages[positions[positions.length - 1]!]!.ts <= ts) positions.push(position);
  else index.deferred.insert(positions, position);
}
