/**
 * Results kept across derivations, so one appended line costs what it changed: each result is
 * keyed by the input object it was computed from (an inbox, a seat's declaration, a handoff) and
 * re-used while every one of its dependencies is the same value (`===`). A re-used result is the
 * same object as before, so the snapshot diff (shared/patch.ts) passes over it with a pointer check.
 * Only saves work: a caller that lists every input the computation reads gets what a fresh
 * computation gives (test/unit/properties-deriveMemo.test.ts checks this against a derive from scratch).
 */
import type { InboxData } from './records';

export class MemoTable<K extends object, V> {
  private readonly entries = new WeakMap<K, { deps: readonly unknown[]; value: V }>();

  get(key: K, deps: readonly unknown[], compute: () => V): V {
    const entry = this.entries.get(key);
    if (entry && sameDeps(entry.deps, deps)) return entry.value;
    const value = compute();
    this.entries.set(key, { deps, value });
    return value;
  }
}

function sameDeps(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** What an inbox held when it was last looked at; a new object whenever any of it moved. */
interface InboxStamp {
  seat: string;
  path: string;
  bytes: number;
  indexing: InboxData['indexing'];
  problemsOmitted: number | undefined;
  messages: InboxData['messages'];
  messageCount: number;
  firstMessage: unknown;
  lastMessage: unknown;
  acks: InboxData['acks'];
  ackCount: number;
  firstAck: unknown;
  lastAck: unknown;
  problems: InboxData['problems'];
  problemCount: number;
}

const stamps = new WeakMap<InboxData, InboxStamp>();

/**
 * The inbox's version: the same object while nothing in the inbox changed, a new one after. The
 * host fills `InboxData` in place: lines are pushed onto `messages` and `acks`, and a truncated or
 * replaced file gets new arrays (shared/signals/inboxIndex.ts states that contract), so lengths
 * and array identities tell. The first and last lines are compared too, as the index does, so an
 * array changed in place against the contract is computed again rather than answered from before.
 * Checking costs a few comparisons and allocates nothing while the inbox is unchanged.
 */
export function inboxVersion(inbox: InboxData): object {
  const { messages, acks, problems } = inbox;
  const stamp = stamps.get(inbox);
  if (
    stamp
    && stamp.seat === inbox.seat && stamp.path === inbox.path && stamp.bytes === inbox.bytes && stamp.indexing === inbox.indexing
    && stamp.problemsOmitted === inbox.problemsOmitted
    && stamp.messages === messages && stamp.messageCount === messages.length && stamp.firstMessage === messages[0] && stamp.lastMessage === messages[messages.length - 1]
    && stamp.acks === acks && stamp.ackCount === acks.length && stamp.firstAck === acks[0] && stamp.lastAck === acks[acks.length - 1]
    && stamp.problems === problems && stamp.problemCount === problems.length
  ) {
    return stamp;
  }
  const next: InboxStamp = {
    seat: inbox.seat, path: inbox.path, bytes: inbox.bytes, indexing: inbox.indexing, problemsOmitted: inbox.problemsOmitted,
    messages, messageCount: messages.length, firstMessage: messages[0], lastMessage: messages[messages.length - 1],
    acks, ackCount: acks.length, firstAck: acks[0], lastAck: acks[acks.length - 1],
    problems, problemCount: problems.length,
  };
  stamps.set(inbox, next);
  return next;
}
