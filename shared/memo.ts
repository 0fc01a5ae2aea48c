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
    if (entry && sameItems(entry.deps, deps)) return entry.value;
    const value = compute();
    this.entries.set(key, { deps, value });
    return value;
  }
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
  const stamp = stamps.get(inbox);
  if (stamp && holds(stamp, inbox)) return stamp;
  const { messages, acks, problems } = inbox;
  const next: InboxStamp = {
    seat: inbox.seat, path: inbox.path, bytes: inbox.bytes, indexing: inbox.indexing, problemsOmitted: inbox.problemsOmitted,
    messages, messageCount: messages.length, firstMessage: messages[0], lastMessage: messages[messages.length - 1],
    acks, ackCount: acks.length, firstAck: acks[0], lastAck: acks[acks.length - 1],
    problems, problemCount: problems.length,
  };
  stamps.set(inbox, next);
  return next;
}

/** Whether the inbox still holds what the stamp says. */
function holds(stamp: InboxStamp, inbox: InboxData): boolean {
  const { messages, acks, problems } = inbox;
  return (
    stamp.seat === inbox.seat && stamp.path === inbox.path && stamp.bytes === inbox.bytes && stamp.indexing === inbox.indexing
    && stamp.problemsOmitted === inbox.problemsOmitted
    && stamp.messages === messages && stamp.messageCount === messages.length && stamp.firstMessage === messages[0] && stamp.lastMessage === messages[messages.length - 1]
    && stamp.acks === acks && stamp.ackCount === acks.length && stamp.firstAck === acks[0] && stamp.lastAck === acks[acks.length - 1]
    && stamp.problems === problems && stamp.problemCount === problems.length
  );
}

/** Same items in the same order. */
export function sameItems(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

const EMPTY_LIST: readonly never[] = Object.freeze([]);
const lists = new WeakMap<object, readonly object[]>();

/**
 * One array per list of items: the same object while the list holds the same objects in the same
 * order, whatever array carries them (the host builds a new array for every derive). Results that
 * read the whole list are kept on this identity; checking it is a walk of pointer comparisons.
 */
export function listIdentity<T extends object>(items: readonly T[]): readonly T[] {
  const first = items[0];
  if (first === undefined) return EMPTY_LIST;
  const known = lists.get(first) as readonly T[] | undefined;
  if (known && sameItems(known, items)) return known;
  const copy = Object.freeze(items.slice());
  lists.set(first, copy);
  return copy;
}

/**
 * The inboxes as one derive sees them: the list's identity, each inbox's version (inboxVersion),
 * and what moved since the last frame of the same list: `versions` is that frame's array while no
 * inbox moved, else a copy with the `changed` places replaced. Results kept on the last frame then
 * look at the changed places only.
 */
export interface InboxFrame {
  list: readonly InboxData[];
  versions: readonly object[];
  /** The last frame's versions for this list (null for the first), and the places that differ. */
  previous: readonly object[] | null;
  changed: readonly number[];
}

const lastVersions = new WeakMap<readonly InboxData[], readonly object[]>();

export function inboxFrame(inboxes: readonly InboxData[]): InboxFrame {
  return movedSinceLast(inboxes) ?? firstFrame(listIdentity(inboxes));
}

/**
 * The frame after the last one of the same list, in one walk that checks both that the inboxes are
 * the same objects and, in place, each one's stamp (no look-up per inbox while it has not moved).
 * Null when the list is not the last one's.
 */
function movedSinceLast(inboxes: readonly InboxData[]): InboxFrame | null {
  const first = inboxes[0];
  const list = first === undefined ? EMPTY_LIST : (lists.get(first) as readonly InboxData[] | undefined);
  if (!list || list.length !== inboxes.length) return null;
  const previous = lastVersions.get(list);
  if (!previous) return null;
  let versions = previous as object[];
  const changed: number[] = [];
  for (let i = 0; i < inboxes.length; i++) {
    const inbox = inboxes[i]!;
    if (inbox !== list[i]) return null;
    if (holds(previous[i] as InboxStamp, inbox)) continue;
    if (versions === previous) versions = previous.slice();
    versions[i] = inboxVersion(inbox);
    changed.push(i);
  }
  lastVersions.set(list, versions);
  return { list, versions, previous, changed };
}

function firstFrame(list: readonly InboxData[]): InboxFrame {
  const previous = lastVersions.get(list) ?? null;
  const versions = list.map(inboxVersion);
  const changed: number[] = [];
  if (previous) for (let i = 0; i < list.length; i++) if (versions[i] !== previous[i]) changed.push(i);
  lastVersions.set(list, versions);
  return { list, versions, previous, changed };
}

/** What a per-inbox result read besides its own inbox, so a change there judges it again. */
export interface InboxDeps {
  /** The inbox of this seat. */
  seat(seat: string): void;
  /** Every inbox (a lookup across all of them). */
  all(): void;
}

interface PerInboxState<V> {
  globals: readonly unknown[];
  versions: readonly object[];
  values: V[];
  recorder: DepsRecorder;
}

/** A result as judged for one inbox, for a new list of inboxes to take up when nothing it read moved. */
interface KeptResult<V> {
  version: object;
  globals: readonly unknown[];
  value: V;
  /** Each inbox it read (its own seat's included): the inbox that seat had, and that inbox's version. Null: it read every inbox. */
  reads: Array<{ seat: string; inbox: InboxData | undefined; version: object | undefined }> | null;
}

/**
 * One result per inbox, for the whole list, kept across derivations: while the list and the
 * `globals` (the clock, fleet.yaml, …) are the same, only the inboxes whose version moved are judged
 * again, with those whose result read them (recorded through InboxDeps), so an append costs its own
 * inbox and not a walk of memo look-ups over the fleet. A result equal to the one before keeps the
 * old object, and the values array is the same object while no result changed. When the list
 * changes (a file added or removed), each inbox's last result is taken up again if its inbox, the
 * globals and every inbox it read are the same.
 */
export class PerInboxResults<V> {
  private readonly states = new WeakMap<readonly InboxData[], PerInboxState<V>>();
  private readonly kept = new WeakMap<InboxData, KeptResult<V>>();

  constructor(private readonly same: (a: V, b: V) => boolean) {}

  run(frame: InboxFrame, globals: readonly unknown[], judge: (inbox: InboxData, deps: InboxDeps) => V): readonly V[] {
    const { list, versions } = frame;
    const state = this.states.get(list);
    if (!state || !sameItems(state.globals, globals)) {
      const fresh: PerInboxState<V> = { globals, versions, values: new Array(list.length), recorder: new DepsRecorder() };
      for (let i = 0; i < list.length; i++) fresh.values[i] = this.takeUp(fresh, list, i) ?? this.judgeOne(fresh, list, i, judge);
      this.states.set(list, fresh);
      return fresh.values;
    }
    if (versions === state.versions) return state.values;
    // From the last frame: only its changed places; from an older one, every place is compared.
    const moved = frame.previous === state.versions ? frame.changed : changedPlaces(state.versions, versions);
    const todo = new Set<number>();
    if (moved.length > 0) for (const reader of state.recorder.onAll) todo.add(reader);
    for (const i of moved) {
      todo.add(i);
      const readers = state.recorder.bySeat.get(list[i]!.seat);
      if (readers) for (const reader of readers) todo.add(reader);
    }
    state.versions = versions;
    if (todo.size === 0) return state.values;
    let values: V[] | null = null;
    const edited: number[] = [];
    for (const i of todo) {
      const value = this.judgeOne(state, list, i, judge, state.values[i]);
      if (value === state.values[i]) continue;
      values ??= state.values.slice();
      values[i] = value;
      edited.push(i);
    }
    if (!values) return state.values;
    valueEdits.set(values, { from: state.values, positions: edited });
    state.values = values;
    return values;
  }

  /** The inbox's last result, when nothing it read moved; its reads are recorded for this list. */
  private takeUp(state: PerInboxState<V>, list: readonly InboxData[], i: number): V | undefined {
    const inbox = list[i]!;
    const kept = this.kept.get(inbox);
    if (!kept || !kept.reads || kept.version !== state.versions[i] || !sameItems(kept.globals, state.globals)) return undefined;
    const bySeat = seatInboxes(list);
    for (const read of kept.reads) {
      const now = bySeat.get(read.seat);
      if (now !== read.inbox || (now && inboxVersion(now) !== read.version)) return undefined;
    }
    state.recorder.position = i;
    state.recorder.read = null;
    for (const read of kept.reads) state.recorder.seat(read.seat);
    return kept.value;
  }

  private judgeOne(state: PerInboxState<V>, list: readonly InboxData[], i: number, judge: (inbox: InboxData, deps: InboxDeps) => V, before?: V): V {
    const inbox = list[i]!;
    const recorder = state.recorder;
    recorder.position = i;
    recorder.read = [inbox.seat];
    let value = judge(inbox, recorder);
    if (before !== undefined && this.same(value, before)) value = before;
    const bySeat = seatInboxes(list);
    const reads = recorder.read?.map((seat) => {
      const read = bySeat.get(seat);
      return { seat, inbox: read, version: read && inboxVersion(read) };
    }) ?? null;
    this.kept.set(inbox, { version: state.versions[i]!, globals: state.globals, value, reads });
    return value;
  }
}

/** Each seat's inbox in a list (the last one, as derive reads it), worked out once per list. */
const seatInboxTables = new WeakMap<readonly InboxData[], Map<string, InboxData>>();

function seatInboxes(list: readonly InboxData[]): Map<string, InboxData> {
  let table = seatInboxTables.get(list);
  if (!table) {
    table = new Map();
    for (const inbox of list) table.set(inbox.seat, inbox);
    seatInboxTables.set(list, table);
  }
  return table;
}

/**
 * Records what the result at `position` read. Readers are kept when a result no longer reads an
 * inbox: judging it again is only work. One object per list, not closures per judged inbox.
 */
class DepsRecorder implements InboxDeps {
  position = 0;
  /** The seats the result being judged read (null: every inbox). */
  read: string[] | null = null;
  readonly bySeat = new Map<string, Set<number>>();
  readonly onAll = new Set<number>();

  seat(seat: string): void {
    this.read?.push(seat);
    const readers = this.bySeat.get(seat);
    if (readers) readers.add(this.position);
    else this.bySeat.set(seat, new Set([this.position]));
  }

  all(): void {
    this.read = null;
    this.onAll.add(this.position);
  }
}

function changedPlaces(before: readonly object[], after: readonly object[]): number[] {
  const places: number[] = [];
  for (let i = 0; i < after.length; i++) if (after[i] !== before[i]) places.push(i);
  return places;
}

const valueEdits = new WeakMap<readonly unknown[], { from: readonly unknown[]; positions: readonly number[] }>();

/**
 * The places where `values` (from PerInboxResults.run) differs from `from`, when it was made from
 * that array; null when not (compare every place).
 */
export function editedPlaces(values: readonly unknown[], from: readonly unknown[]): readonly number[] | null {
  const edit = valueEdits.get(values);
  return edit && edit.from === from ? edit.positions : null;
}

/** Messages and bytes of all the inboxes, kept per list and moved by the changed inboxes only. */
const lastTotals = new WeakMap<readonly InboxData[], { versions: readonly object[]; messages: number; inboxBytes: number }>();

export function inboxTotals(frame: InboxFrame): { messages: number; inboxBytes: number } {
  const last = lastTotals.get(frame.list);
  let messages = 0;
  let inboxBytes = 0;
  if (last && last.versions === frame.versions) return { messages: last.messages, inboxBytes: last.inboxBytes };
  if (last && last.versions === frame.previous) {
    ({ messages, inboxBytes } = last);
    for (const i of frame.changed) {
      const before = last.versions[i] as InboxStamp;
      const after = frame.versions[i] as InboxStamp;
      messages += after.messageCount - before.messageCount;
      inboxBytes += after.bytes - before.bytes;
    }
  } else {
    for (const version of frame.versions) {
      messages += (version as InboxStamp).messageCount;
      inboxBytes += (version as InboxStamp).bytes;
    }
  }
  lastTotals.set(frame.list, { versions: frame.versions, messages, inboxBytes });
  return { messages, inboxBytes };
}

const flattened = new WeakMap<readonly unknown[], unknown[]>();

/** The values' items in one list (null and empty left out): the same array while the values are. */
export function flatten<T>(values: readonly (T | readonly T[] | null)[]): T[] {
  let flat = flattened.get(values) as T[] | undefined;
  if (flat) return flat;
  flat = [];
  for (const value of values) {
    if (value === null) continue;
    if (Array.isArray(value)) for (const item of value as readonly T[]) flat.push(item);
    else flat.push(value as T);
  }
  flattened.set(values, flat);
  return flat;
}
