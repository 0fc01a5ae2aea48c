/**
 * Shared layout types and the placement of seats without a layout engine (pure, unit-tested):
 * - the links that shape a layout (`layoutLinks`);
 * - new seats placed next to the seats they are connected to, without moving anyone
 *   (`placeNewSeats`);
 * - the direction a saved layout was made in (`inferDirection`).
 * The layout itself is elkjs's, computed in the layout worker (elkFleetLayout.ts, docs/architecture.md
 * "The renderer"); until it answers, quickPlacement.ts draws the seats at once.
 */

export interface Point {
  x: number;
  y: number;
}

export type Positions = Record<string, Point>;

export interface Link {
  from: string;
  to: string;
  /** False for observed traffic and rules: they are drawn, but do not set ranks. */
  ranked?: boolean;
}

/**
 * The links that shape the layout: every pair the graph draws. Designed handoffs set the ranks
 * (`ranked`); observed traffic and rules do not: used for ranking, traffic (which often runs
 * against the design: replies, human bridges) stretched a 14-seat fleet into ten ranks.
 */
export function layoutLinks(edges: readonly { kind: string; from: string; to: string }[]): Link[] {
  const links: Link[] = [];
  const seen = new Set<string>();
  for (const kind of ['handoff', 'traffic', 'rule']) {
    for (const e of edges) {
      if (e.kind !== kind || e.from === e.to) continue;
      const key = `${e.from}\n${e.to}`;
      if (seen.has(key)) continue;
      seen.add(key);
      links.push(kind === 'handoff' ? { from: e.from, to: e.to } : { from: e.from, to: e.to, ranked: false });
    }
  }
  return links;
}

/** Layout box of a seat node; the rendered node is this wide and at most about this tall. */
export const SEAT_WIDTH = 224;
export const SEAT_HEIGHT = 124;

const GAP = 28;

/** Which way designed handoffs flow on the canvas. */
export type Direction = 'TB' | 'LR';

/** The step from one rank to the next, and across a rank, for seats placed next to their neighbours. */
function axes(direction: Direction) {
  return direction === 'TB'
    ? { rank: { x: 0, y: SEAT_HEIGHT + 76 }, cross: { x: SEAT_WIDTH + GAP, y: 0 } }
    : { rank: { x: SEAT_WIDTH + 180, y: 0 }, cross: { x: 0, y: SEAT_HEIGHT + GAP } };
}

function overlaps(a: Point, b: Point): boolean {
  return Math.abs(a.x - b.x) < SEAT_WIDTH + GAP / 2 && Math.abs(a.y - b.y) < SEAT_HEIGHT + GAP / 2;
}

function isFree(candidate: Point, placed: readonly Point[]): boolean {
  return placed.every((p) => !overlaps(candidate, p));
}

/** The first free spot in reading order from `anchor`: along the row, then the next rows down. */
function nextFreeInRows(anchor: Point, placed: readonly Point[], perRow: number): Point {
  for (let row = 0; ; row++) {
    for (let col = 0; col < perRow; col++) {
      const candidate = { x: anchor.x + col * (SEAT_WIDTH + GAP), y: anchor.y + row * (SEAT_HEIGHT + GAP) };
      if (isFree(candidate, placed)) return candidate;
    }
  }
}

/**
 * The nearest free spot to `anchor` within its rank (alternating either side), else one rank
 * further along `sign` (+1: downstream, -1: upstream), and so on.
 */
function nearestFree(anchor: Point, placed: readonly Point[], steps: ReturnType<typeof axes>, sign: 1 | -1): Point {
  for (let rank = 0; rank < 200; rank++) {
    for (let ring = 0; ring < 12; ring++) {
      for (const r of ring === 0 ? [0] : [ring, -ring]) {
        const candidate = {
          x: anchor.x + sign * rank * steps.rank.x + r * steps.cross.x,
          y: anchor.y + sign * rank * steps.rank.y + r * steps.cross.y,
        };
        if (isFree(candidate, placed)) return candidate;
      }
    }
  }
  return nextFreeInRows({ x: anchor.x, y: Math.max(...placed.map((p) => p.y), anchor.y) + SEAT_HEIGHT + GAP }, placed, 6);
}

/**
 * Positions for seats that appeared after the layout was made. Existing positions are never
 * changed; the result holds only the new seats. A new seat goes one rank downstream of the seats
 * that send to it (or upstream of those it sends to), else into the row under everything.
 */
export function placeNewSeats(existing: Readonly<Positions>, newSeatIds: readonly string[], links: readonly Link[], direction: Direction): Positions {
  const placedPoints: Point[] = Object.values(existing);
  const known: Positions = { ...existing };
  const result: Positions = {};
  const steps = axes(direction);
  const rankOf = (p: Point) => (direction === 'TB' ? p.y : p.x);
  const crossOf = (p: Point) => (direction === 'TB' ? p.x : p.y);
  const at = (rank: number, cross: number): Point => (direction === 'TB' ? { x: cross, y: rank } : { x: rank, y: cross });
  const rankStep = direction === 'TB' ? steps.rank.y : steps.rank.x;
  for (const id of newSeatIds) {
    if (known[id]) continue;
    const senders = links.filter((l) => l.to === id && l.from !== id && known[l.from]).map((l) => known[l.from]!);
    const receivers = links.filter((l) => l.from === id && l.to !== id && known[l.to]).map((l) => known[l.to]!);
    const meanCross = (ps: Point[]) => Math.round(ps.reduce((sum, p) => sum + crossOf(p), 0) / ps.length);
    let spot: Point;
    if (senders.length > 0) {
      spot = nearestFree(at(Math.max(...senders.map(rankOf)) + rankStep, meanCross(senders)), placedPoints, steps, 1);
    } else if (receivers.length > 0) {
      spot = nearestFree(at(Math.min(...receivers.map(rankOf)) - rankStep, meanCross(receivers)), placedPoints, steps, -1);
    } else if (placedPoints.length > 0) {
      // Unconnected: the row under everything that was there before this batch.
      const left = Math.min(...placedPoints.map((p) => p.x));
      const right = Math.max(...placedPoints.map((p) => p.x));
      const perRow = Math.max(4, Math.floor((right - left) / (SEAT_WIDTH + GAP)) + 1);
      const before = Object.values(existing);
      const y = before.length > 0 ? Math.max(...before.map((p) => p.y)) + SEAT_HEIGHT + GAP * 2 : Math.min(...placedPoints.map((p) => p.y));
      spot = nextFreeInRows({ x: left, y }, placedPoints, perRow);
    } else {
      spot = nextFreeInRows({ x: 0, y: 0 }, placedPoints, 6);
    }
    result[id] = spot;
    known[id] = spot;
    placedPoints.push(spot);
  }
  return result;
}

/**
 * The direction a saved layout was made in, judged by where designed handoffs point: in a
 * top-to-bottom layout they consistently point down (sideways both ways), in a left-to-right one
 * consistently right. Null when there is nothing to judge by.
 */
export function inferDirection(positions: Readonly<Positions>, links: readonly Link[]): Direction | null {
  let down = 0;
  let right = 0;
  for (const l of links) {
    if (l.ranked === false) continue;
    const a = positions[l.from];
    const b = positions[l.to];
    if (!a || !b) continue;
    const dy = b.y - a.y;
    const dx = b.x - a.x;
    if (Math.abs(dy) > SEAT_HEIGHT / 2) down += Math.sign(dy);
    if (Math.abs(dx) > SEAT_WIDTH / 2) right += Math.sign(dx);
  }
  if (down <= 0 && right <= 0) return null;
  return down >= right ? 'TB' : 'LR';
}
