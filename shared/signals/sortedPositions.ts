/**
 * Lists of positions (indexes into an append-only array) kept sorted by (time, position), so that
 * a time window is found by binary search instead of a scan. Used by the per-inbox and per-file
 * indexes that make one appended line cost what it changed, not the size of the file.
 *
 * Times may be ±Infinity (never NaN: callers leave undated items out); a time predicate that is
 * monotone over finite times is searched inside the finite part only (`finiteRange`).
 */

/** Orders two positions by their time, then by position (file order breaks ties). */
export function byTimeThenPosition(timeOf: (position: number) => number): (a: number, b: number) => number {
  return (a, b) => {
    const ta = timeOf(a);
    const tb = timeOf(b);
    return ta < tb ? -1 : ta > tb ? 1 : a - b;
  };
}

/** The first index in `[lo, hi)` that passes `test`, for a test that is false…false true…true (else `hi`). */
export function firstIndex(lo: number, hi: number, test: (index: number) => boolean): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (test(mid)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** The first index in `list[lo, hi)` whose item passes `test`, for a test that is false…false true…true. */
export function firstPassing(list: readonly number[], test: (position: number) => boolean, lo = 0, hi = list.length): number {
  return firstIndex(lo, hi, (i) => test(list[i]!));
}

/** The `[start, end)` of a sorted list whose times are finite (skips -Infinity first, +Infinity last). */
export function finiteRange(list: readonly number[], timeOf: (position: number) => number): [number, number] {
  const start = firstPassing(list, (p) => timeOf(p) > -Infinity);
  const end = firstPassing(list, (p) => timeOf(p) === Infinity, start);
  return [start, end];
}

/**
 * Adds new positions (each greater than every position already listed). In time order they are
 * pushed; a few out-of-order ones are inserted in place; many are pushed and the list re-sorted
 * (TimSort finds the sorted runs, so this stays near-linear).
 */
export function addSorted(list: number[], added: readonly number[], timeOf: (position: number) => number): void {
  if (added.length === 0) return;
  const compare = byTimeThenPosition(timeOf);
  if (added.length > 32) {
    let sorted = list.length === 0 || compare(list[list.length - 1]!, added[0]!) < 0;
    for (let i = 1; sorted && i < added.length; i++) sorted = compare(added[i - 1]!, added[i]!) < 0;
    pushAll(list, added);
    if (!sorted) list.sort(compare);
    return;
  }
  for (const position of added) {
    const time = timeOf(position);
    if (list.length === 0 || timeOf(list[list.length - 1]!) <= time) {
      list.push(position);
      continue;
    }
    // After every item with a time ≤ this one (they all have smaller positions).
    list.splice(firstPassing(list, (p) => timeOf(p) > time), 0, position);
  }
}

/** Removes the given positions (each present at most once). A few are spliced out, many filtered. */
export function removeSorted(list: number[], removed: ReadonlySet<number>, timeOf: (position: number) => number): number[] {
  if (removed.size === 0) return list;
  if (removed.size > 32) return list.filter((p) => !removed.has(p));
  const compare = byTimeThenPosition(timeOf);
  for (const position of removed) {
    const at = firstPassing(list, (p) => compare(p, position) >= 0);
    if (list[at] === position) list.splice(at, 1);
  }
  return list;
}

/** Push-only `Array.prototype.push(...items)` without the argument-count limit of a spread call. */
export function pushAll<T>(target: T[], items: readonly T[]): void {
  for (const item of items) target.push(item);
}
