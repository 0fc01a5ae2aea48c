/**
 * A seat's neighbourhood for Focus (pure): the seats it sends to and receives from, its rules and
 * overlaps, one or two hops out, and the edges among them that touch the inner ring.
 */
export interface LinkLike {
  id: string;
  from: string;
  to: string;
}

export interface Neighbourhood {
  seats: Set<string>;
  edges: Set<string>;
  /** Overlap pairs as `<a>+<b>` keys (a < b). */
  overlaps: Set<string>;
}

export function neighbourhood(seat: string, edges: readonly LinkLike[], overlaps: readonly (readonly [string, string])[], hops: 1 | 2): Neighbourhood {
  const seats = new Set([seat]);
  const edgeIds = new Set<string>();
  const overlapKeys = new Set<string>();
  let frontier = new Set([seat]);
  for (let hop = 0; hop < hops; hop++) {
    const next = new Set<string>();
    for (const e of edges) {
      const out = frontier.has(e.from);
      const into = frontier.has(e.to);
      if (!out && !into) continue;
      edgeIds.add(e.id);
      const other = out ? e.to : e.from;
      if (!seats.has(other)) next.add(other);
    }
    for (const [a, b] of overlaps) {
      if (!frontier.has(a) && !frontier.has(b)) continue;
      overlapKeys.add(a < b ? `${a}+${b}` : `${b}+${a}`);
      const other = frontier.has(a) ? b : a;
      if (!seats.has(other)) next.add(other);
    }
    for (const s of next) seats.add(s);
    frontier = next;
  }
  return { seats, edges: edgeIds, overlaps: overlapKeys };
}
