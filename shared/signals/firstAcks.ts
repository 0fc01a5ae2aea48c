/**
 * The first ack of each id in an inbox's append-only list of acks, in one IdPositions table, and
 * two read-only views of it: the ids acked (a set) and each id's first ack time (a map). One table
 * filled per ack, instead of a Set and a Map each filled per ack, was a sizeable share of indexing
 * a big inbox (shared/signals/inboxIndex.ts).
 */
import type { InboxAck } from '../records';
import { IdPositions } from './idPositions';

export class FirstAcks {
  private readonly first: IdPositions;
  /** Acks read into the table so far (a prefix of `acks`). */
  private read = 0;
  readonly ids: ReadonlySet<string>;
  readonly times: ReadonlyMap<string, number>;

  constructor(private readonly acks: readonly InboxAck[]) {
    this.first = new IdPositions((at) => acks[at]!.ack);
    this.ids = new AckedIds(this);
    this.times = new AckTimes(this);
  }

  /** Reads the ack at `at` (the next one); true when it is its id's first. */
  take(at: number): boolean {
    this.read = at + 1;
    return this.first.firstOrAdd(this.acks[at]!.ack, at) < 0;
  }

  /** The first ack of `id`, if any was read. */
  firstOf(id: string): InboxAck | undefined {
    const at = this.first.get(id);
    return at < 0 ? undefined : this.acks[at];
  }

  get size(): number {
    return this.first.size;
  }

  /** The first acks, in the order they were read. */
  *inOrder(): Generator<InboxAck, undefined> {
    for (let at = 0; at < this.read; at++) {
      const ack = this.acks[at]!;
      if (this.first.get(ack.ack) === at) yield ack;
    }
    return undefined;
  }
}

/** The ids acked. Iterating builds a Set (only tests and debugging iterate). */
class AckedIds implements ReadonlySet<string> {
  constructor(private readonly acks: FirstAcks) {}
  has(id: string): boolean {
    return this.acks.firstOf(id) !== undefined;
  }
  get size(): number {
    return this.acks.size;
  }
  private copy(): Set<string> {
    return new Set(Array.from(this.acks.inOrder(), (ack) => ack.ack));
  }
  forEach(callback: (value: string, value2: string, set: ReadonlySet<string>) => void, thisArg?: unknown): void {
    for (const id of this.copy()) callback.call(thisArg, id, id, this);
  }
  keys() {
    return this.copy().keys();
  }
  values() {
    return this.copy().values();
  }
  entries() {
    return this.copy().entries();
  }
  [Symbol.iterator]() {
    return this.copy().values();
  }
}

/** Each acked id's first ack time. Iterating builds a Map (only tests and debugging iterate). */
class AckTimes implements ReadonlyMap<string, number> {
  constructor(private readonly acks: FirstAcks) {}
  get(id: string): number | undefined {
    return this.acks.firstOf(id)?.ts;
  }
  has(id: string): boolean {
    return this.acks.firstOf(id) !== undefined;
  }
  get size(): number {
    return this.acks.size;
  }
  private copy(): Map<string, number> {
    return new Map(Array.from(this.acks.inOrder(), (ack) => [ack.ack, ack.ts]));
  }
  forEach(callback: (value: number, key: string, map: ReadonlyMap<string, number>) => void, thisArg?: unknown): void {
    for (const [id, ts] of this.copy()) callback.call(thisArg, ts, id, this);
  }
  keys() {
    return this.copy().keys();
  }
  values() {
    return this.copy().values();
  }
  entries() {
    return this.copy().entries();
  }
  [Symbol.iterator]() {
    return this.copy().entries();
  }
}
