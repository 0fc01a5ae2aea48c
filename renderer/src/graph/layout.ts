/**
 * Where seats go on the canvas (pure, unit-tested). First open: dagre, left to right (edge labels
 * read along the flow, and wide screens fit more ranks than rows). Seats without edges are packed in
 * a grid under the graph instead of one endless dagre column. Saved positions always win; seats
 * that appear later are placed next to the seats they are connected to without moving anyone.
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

/** Layout box of a seat node; the rendered node is this wide and at most about this tall. */
export const SEAT_WIDTH = 240;
export const SEAT_HEIGHT = 116;

const GAP = 28;

interface Spacing {
  nodesep: number;
  ranksep: number;
}

/** Tighter spacing for big fleets so 200 seats still fit a screen when zoomed out. */
function spacingFor(seatCount: number): Spacing {
  if (seatCount > 80) return { nodesep: 24, ranksep: 110 };
  if (seatCount > 30) return { nodesep: 32, ranksep: 140 };
  return { nodesep: 48, ranksep: 170 };
}

function connectedLinks(seatIds: readonly string[], links: readonly Link[]): Link[] {
  const seats = new Set(seatIds);
  return links.filter((l) => l.from !== l.to && seats.has(l.from) && seats.has(l.to));
}

/** Lays out every seat from scratch. Deterministic for the same input. */
export function autoLayout(seatIds: readonly string[], links: readonly Link[]): Positions {
  const positions: Positions = {};
  if (seatIds.length === 0) return positions;
  const usable = connectedLinks(seatIds, links);
  const linked = new Set(usable.flatMap((l) => [l.from, l.to]));
  const spacing = spacingFor(seatIds.length);

  let bottom = 0;
  let left = 0;
  let right = 0;
  if (linked.size > 0) {
    const g = new dagre.graphlib.Graph({ multigraph: false });
    g.setGraph({ rankdir: 'LR', nodesep: spacing.nodesep, ranksep: spacing.ranksep, edgesep: 16, marginx: 0, marginy: 0 });
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
    const top = linked.size > 0 ? bottom + spacing.ranksep / 2 : 0;
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

/** The nearest free spot to `anchor`, searching rows up and down, then further columns out. */
function nearestFree(anchor: Point, placed: readonly Point[], direction: 1 | -1): Point {
  const rowStep = SEAT_HEIGHT + GAP;
  const colStep = SEAT_WIDTH + GAP;
  for (let col = 0; col < 200; col++) {
    for (let ring = 0; ring < 12; ring++) {
      const offsets = ring === 0 ? [0] : [ring, -ring];
      for (const r of offsets) {
        const candidate = { x: anchor.x + direction * col * colStep, y: anchor.y + r * rowStep };
        if (isFree(candidate, placed)) return candidate;
      }
    }
  }
  return { x: anchor.x, y: Math.max(...placed.map((p) => p.y), anchor.y) + rowStep };
}

/**
 * Positions for seats that appeared after the layout was made. Existing positions are never
 * changed; the result holds only the new seats. A new seat goes one rank right of the seats that
 * send to it (or left of those it sends to), else into the row under everything.
 */
export function placeNewSeats(existing: Readonly<Positions>, newSeatIds: readonly string[], links: readonly Link[]): Positions {
  const placedPoints: Point[] = Object.values(existing);
  const known: Positions = { ...existing };
  const result: Positions = {};
  const rankStep = SEAT_WIDTH + spacingFor(placedPoints.length + newSeatIds.length).ranksep;
  for (const id of newSeatIds) {
    if (known[id]) continue;
    const senders = links.filter((l) => l.to === id && l.from !== id && known[l.from]).map((l) => known[l.from]!);
    const receivers = links.filter((l) => l.from === id && l.to !== id && known[l.to]).map((l) => known[l.to]!);
    const meanY = (ps: Point[]) => Math.round(ps.reduce((sum, p) => sum + p.y, 0) / ps.length);
    let spot: Point;
    if (senders.length > 0) {
      spot = nearestFree({ x: Math.max(...senders.map((p) => p.x)) + rankStep, y: meanY(senders) }, placedPoints, 1);
    } else if (receivers.length > 0) {
      spot = nearestFree({ x: Math.min(...receivers.map((p) => p.x)) - rankStep, y: meanY(receivers) }, placedPoints, -1);
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
export function initialPositions(seatIds: readonly string[], saved: Readonly<Positions>, links: readonly Link[]): Positions {
  const kept: Positions = {};
  for (const id of seatIds) {
    const p = saved[id];
    if (p && Number.isFinite(p.x) && Number.isFinite(p.y)) kept[id] = { x: p.x, y: p.y };
  }
  if (Object.keys(kept).length === 0) return autoLayout(seatIds, links);
  const missing = seatIds.filter((id) => !kept[id]);
  return { ...kept, ...placeNewSeats(kept, missing, links) };
}
