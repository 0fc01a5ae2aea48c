/**
 * Changes to position lists sorted by (time, position) (sortedPositions.ts), held back until the
 * lists are read. An inbox's index takes lines a slice at a time while nobody reads it (a big inbox
 * is indexed in the background), and most lines need no more than a push; the rest (a message out
 * of time order, an ack of a message listed earlier) are noted here in O(1) and applied in one pass
 * per list when a reader asks, instead of one splice, filter or re-sort of the whole list per slice.
 */
import { byTimeThenPosition, firstPassing } from './sortedPositions';

/** Up to this many changes are spliced in place; more are applied in one pass over the list. */
const SPLICE_AT_MOST = 32;

export class DeferredSort {
  /** Positions to sort into each list (each greater than every position listed when it was noted). */
  private readonly inserts = new Map<number[], number[]>();
  /** Positions to take out of each list (each listed, or noted in `inserts`, at most once). */
  private readonly removals = new Map<number[], number[]>();

  constructor(private readonly timeOf: (position: number) => number) {}

  /** Whether any list has changes waiting. */
  get pending(): boolean {
    return this.inserts.size > 0 || this.removals.size > 0;
  }

  insert(list: number[], position: number): void {
    const waiting = this.inserts.get(list);
    if (waiting) waiting.push(position);
    else this.inserts.set(list, [position]);
  }

  remove(list: number[], position: number): void {
    const waiting = this.removals.get(list);
    if (waiting) waiting.push(position);
    else this.removals.set(list, [position]);
  }

  /** Applies every waiting change; each list is then sorted by (time, position) and exact. */
  apply(): void {
    for (const [list, removed] of this.removals) removeFrom(list, removed, this.inserts.get(list), this.timeOf);
    this.removals.clear();
    for (const [list, added] of this.inserts) insertInto(list, added, this.timeOf);
    this.inserts.clear();
  }
}

/** Takes `removed` out of the sorted `list`, or out of the not yet sorted `waiting` when noted there. */
function removeFrom(list: number[], removed: readonly number[], waiting: number[] | undefined, timeOf: (position: number) => number): void {
  if (removed.length <= SPLICE_AT_MOST) {
    const compare = byTimeThenPosition(timeOf);
    for (const position of removed) {
      const at = firstPassing(list, (p) => compare(p, position) >= 0);
      if (list[at] === position) list.splice(at, 1);
      else if (waiting) {
        const noted = waiting.indexOf(position);
        if (noted >= 0) waiting.splice(noted, 1);
      }
    }
    return;
  }
  const gone = new Set(removed);
  keepOnly(list, gone);
  if (waiting) keepOnly(waiting, gone);
}

/** Drops the items in `gone`, in place and in order. */
function keepOnly(list: number[], gone: ReadonlySet<number>): void {
  let kept = 0;
  for (let i = 0; i < list.length; i++) {
    const position = list[i]!;
    if (!gone.has(position)) list[kept++] = position;
  }
  list.length = kept;
}

/** Sorts `added` into the sorted `list`: a few by binary search and splice, many by one merge from the back. */
function insertInto(list: number[], added: number[], timeOf: (position: number) => number): void {
  if (added.length === 0) return;
  const compare = byTimeThenPosition(timeOf);
  added.sort(compare);
  if (added.length <= SPLICE_AT_MOST) {
    for (const position of added) list.splice(firstPassing(list, (p) => compare(p, position) > 0), 0, position);
    return;
  }
  let read = list.length - 1;
  let from = added.length - 1;
  let write = list.length + added.length - 1;
  for (let i = 0; i < added.length; i++) list.push(0); // room at the end, kept a packed array
  while (from >= 0) {
    if (read >= 0 && compare(list[read]!, added[from]!) > 0) list[write--] = list[read--]!;
    else list[write--] = added[from--]!;
  }
}
