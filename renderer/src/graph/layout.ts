/**
 * Where seats go on the canvas (pure, unit-tested). First open: dagre. Big fleets flow left to
 * right: a rank of 50 seats is a tall column, not a 13,000 px row. A small fleet gets whichever of
 * left-to-right and top-to-bottom fits a landscape window at the larger scale (a deep handoff chain
 * reads better top to bottom, a wide one left to right). Seats without edges are packed in a grid
 * under the graph instead of one endless dagre rank. Saved positions always win; seats that appear
 * later are placed next to the seats they are connected to without moving anyone.
 */
import dagre from '@dagrejs/dagre';

export interface Point {
  x: number;
  y: number;
}

export type Positions = Record<string, Point>;

export interface Link {
  from: string;
  to: string;
}

/**
 * The links that shape the layout. Ranks follow the designed handoffs only: observed traffic often
 * runs against the design (replies, human bridges) and, used for ranking, stretched a 14-seat fleet
 * into ten ranks. Traffic and rules still pull in seats that no handoff connects, so they are not
 * dropped into the grid of unconnected seats.
 */
export function layoutLinks(edges: readonly { kind: string; from: string; to: string }[]): Link[] {
  const designed = edges.filter((e) => e.kind === 'handoff');
  const placed = new Set(designed.flatMap((e) => [e.from, e.to]));
  const links: Link[] = designed.map((e) => ({ from: e.from, to: e.to }));
  for (const kind of ['traffic', 'rule']) {
    for (const e of edges) {
      if (e.kind !== kind || (placed.has(e.from) && placed.has(e.to))) continue;
      links.push({ from: e.from, to: e.to });
    }
    for (const l of links) placed.add(l.from).add(l.to);
  }
  return links;
}

/** Layout box of a seat node; the rendered node is this wide and at most about this tall. */
export const SEAT_WIDTH = 224;
export const SEAT_HEIGHT = 112;

const GAP = 28;

/** Which way designed handoffs flow on the canvas. */
export type Direction = 'TB' | 'LR';

/** Past this many seats ranks get long: lay them out as columns (left to right). */
export const LEFT_TO_RIGHT_AFTER = 40;

/** The window shape a first layout is fitted to (a laptop screen minus the app's chrome). */
const VIEW_ASPECT = 1.7;

/** The direction for a fresh layout of these seats. */
export function directionFor(seatIds: readonly string[], links: readonly Link[]): Direction {
  if (seatIds.length > LEFT_TO_RIGHT_AFTER) return 'LR';
  const scale = (direction: Direction) => {
    const points = Object.values(autoLayout(seatIds, links, direction));
    if (points.length === 0) return 1;
    const width = Math.max(...points.map((p) => p.x)) - Math.min(...points.map((p) => p.x)) + SEAT_WIDTH;
    const height = Math.max(...points.map((p) => p.y)) - Math.min(...points.map((p) => p.y)) + SEAT_HEIGHT;
    return Math.min(VIEW_ASPECT / width, 1 / height);
  };
  return scale('TB') > scale('LR') ? 'TB' : 'LR';
}

interface Spacing {
  nodesep: number;
  ranksep: number;
}

/** Gaps between ranks hold the edge labels: a label's height top to bottom, its width left to right. */
function spacingFor(seatCount: number, direction: Direction): Spacing {
  if (direction === 'TB') return { nodesep: 56, ranksep: 150 };
  if (seatCount > 80) return { nodesep: 24, ranksep: 150 };
  return { nodesep: 32, ranksep: 190 };
}

/** The step from one rank to the next, and across a rank, in canvas coordinates. */
function axes(direction: Direction, rankGap: number) {
  return direction === 'TB'
    ? { rank: { x: 0, y: SEAT_HEIGHT + rankGap }, cross: { x: SEAT_WIDTH + GAP, y: 0 } }
    : { rank: { x: SEAT_WIDTH + rankGap, y: 0 }, cross: { x: 0, y: SEAT_HEIGHT + GAP } };
}

function connectedLinks(seatIds: readonly string[], links: readonly Link[]): Link[] {
  const seats = new Set(seatIds);
  return links.filter((l) => l.from !== l.to && seats.has(l.from) && seats.has(l.to));
}

/** Lays out every seat from scratch. Deterministic for the same input. */
export function autoLayout(seatIds: readonly string[], links: readonly Link[], direction: Direction): Positions {
  const positions: Positions = {};
  if (seatIds.length === 0) return positions;
  const usable = connectedLinks(seatIds, links);
  const linked = new Set(usable.flatMap((l) => [l.from, l.to]));
  const spacing = spacingFor(seatIds.length, direction);

  let bottom = 0;
  let left = 0;
  let right = 0;
  if (linked.size > 0) {
    const g = new dagre.graphlib.Graph({ multigraph: false });
    g.setGraph({ rankdir: direction, nodesep: spacing.nodesep, ranksep: spacing.ranksep, edgesep: 16, marginx: 0, marginy: 0 });
    g.setDefaultEdgeLabel(() => ({}));
    for (const id of seatIds) if (linked.has(id)) g.setNode(id, { width: SEAT_WIDTH, height: SEAT_HEIGHT });
    const seen = new Set<string>();
    for (const l of usable) {
      const key = `${l.from}\n${l.to}`;
      if (seen.has(key)) continue;
      seen.add(key);
      g.setEdge(l.from, l.to);
    }
    dagre.layout(g);
    left = Infinity;
    right = -Infinity;
    for (const id of g.nodes()) {
      const node = g.node(id);
      const x = Math.round(node.x - SEAT_WIDTH / 2);
      const y = Math.round(node.y - SEAT_HEIGHT / 2);
      positions[id] = { x, y };
      left = Math.min(left, x);
      right = Math.max(right, x + SEAT_WIDTH);
      bottom = Math.max(bottom, y + SEAT_HEIGHT);
    }
  }

  const loners = seatIds.filter((id) => !linked.has(id));
  if (loners.length > 0) {
    const top = linked.size > 0 ? bottom + Math.max(GAP * 2, spacing.nodesep * 1.5) : 0;
    const widthCols = linked.size > 0 ? Math.floor((right - left + GAP) / (SEAT_WIDTH + GAP)) : 0;
    const cols = Math.max(1, widthCols, Math.ceil(Math.sqrt(loners.length * 2)));
    loners.forEach((id, index) => {
      positions[id] = {
        x: left + (index % cols) * (SEAT_WIDTH + GAP),
        y: top + Math.floor(index / cols) * (SEAT_HEIGHT + GAP),
      };
    });
  }
  return positions;
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
  const steps = axes(direction, spacingFor(placedPoints.length + newSeatIds.length, direction).ranksep);
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
 * Positions for the seats on first open: saved ones kept; if none of the seats has a saved
 * position, a fresh layout; otherwise the rest placed around the saved ones.
 */
export function initialPositions(seatIds: readonly string[], saved: Readonly<Positions>, links: readonly Link[], direction: Direction): Positions {
  const kept: Positions = {};
  for (const id of seatIds) {
    const p = saved[id];
    if (p && Number.isFinite(p.x) && Number.isFinite(p.y)) kept[id] = { x: p.x, y: p.y };
  }
  if (Object.keys(kept).length === 0) return autoLayout(seatIds, links, direction);
  const missing = seatIds.filter((id) => !kept[id]);
  return { ...kept, ...placeNewSeats(kept, missing, links, direction) };
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
