/**
 * Where things go in a big fleet (pure, unit-tested): the canvas is a set of units, each a group
 * (a collapsed card, or an expanded frame holding its seats) or a seat on its own, packed in rows in
 * a fixed order. It lays out only what is expanded, and costs a few milliseconds at 1,000 seats, so
 * it never delays the first paint.
 *
 * Stability: a seat keeps its place inside its group (its offset from the group's corner) once it
 * has one; a new seat takes the next free cell of its group. So adding a seat moves no seat of
 * another group by more than the height of one row of seats (when its group grows a row), and no
 * seat of its own group at all.
 */
import type { Point, Positions } from './layout';
import { SEAT_HEIGHT, SEAT_WIDTH } from './layout';

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface LayoutUnit {
  /** A group id (kind `group`) or a seat id (kind `seat`). */
  id: string;
  kind: 'group' | 'seat';
  /** The group's seats (a seat unit: itself). */
  seats: readonly string[];
  collapsed: boolean;
}

export interface PackedLayout {
  /** Absolute positions of every drawn seat. */
  seats: Positions;
  /** Collapsed groups' cards (top-left). */
  cards: Positions;
  /** Expanded groups' frames. */
  frames: Record<string, Box>;
  /** The row width used; pass it back in to keep rows wrapping where they did. */
  rowWidth: number;
}

/** A collapsed group's card. */
export const CARD_WIDTH = 232;
export const CARD_HEIGHT = 112;
/** Inside a frame: room for its header above the seats, and a margin. */
export const FRAME_HEADER = 34;
export const FRAME_PAD = 16;
const CELL_GAP = 28;
const UNIT_GAP = 56;
/** Seats per row inside a new group's frame. */
const GROUP_COLUMNS = 4;
/** The window shape the packing aims for (a laptop screen minus the app's chrome). */
const ASPECT = 1.9;

const CELL_W = SEAT_WIDTH + CELL_GAP;
const CELL_H = SEAT_HEIGHT + CELL_GAP;

/**
 * Offsets of a group's seats from its top-left seat corner. Seats with a known offset keep it; the
 * rest take free grid cells in reading order (humans lead, so they come first in `seats`).
 */
export function groupOffsets(seats: readonly string[], known: Readonly<Positions>): Positions {
  const offsets: Positions = {};
  const taken = new Set<string>();
  const cellKey = (col: number, row: number) => `${col},${row}`;
  const knownSeats = seats.filter((id) => known[id]);
  if (knownSeats.length > 0) {
    const minX = Math.min(...knownSeats.map((id) => known[id]!.x));
    const minY = Math.min(...knownSeats.map((id) => known[id]!.y));
    for (const id of knownSeats) {
      const p = { x: known[id]!.x - minX, y: known[id]!.y - minY };
      offsets[id] = p;
      // Block every grid cell this seat overlaps, so new seats never land on it.
      for (let c = Math.floor(p.x / CELL_W); c <= Math.floor((p.x + SEAT_WIDTH - 1) / CELL_W); c++) {
        for (let r = Math.floor(p.y / CELL_H); r <= Math.floor((p.y + SEAT_HEIGHT - 1) / CELL_H); r++) taken.add(cellKey(c, r));
      }
    }
  }
  let cursor = 0;
  for (const id of seats) {
    if (offsets[id]) continue;
    while (taken.has(cellKey(cursor % GROUP_COLUMNS, Math.floor(cursor / GROUP_COLUMNS)))) cursor++;
    const col = cursor % GROUP_COLUMNS;
    const row = Math.floor(cursor / GROUP_COLUMNS);
    taken.add(cellKey(col, row));
    offsets[id] = { x: col * CELL_W, y: row * CELL_H };
  }
  return offsets;
}

function extent(offsets: Positions): { width: number; height: number } {
  let width = 0;
  let height = 0;
  for (const p of Object.values(offsets)) {
    width = Math.max(width, p.x + SEAT_WIDTH);
    height = Math.max(height, p.y + SEAT_HEIGHT);
  }
  return { width, height };
}

/**
 * Packs the units in rows (in the given order) and places every drawn seat. `known` holds the
 * seats' current or saved positions; only their shape within a group matters, not where the
 * group was.
 */
export function packUnits(units: readonly LayoutUnit[], known: Readonly<Positions>, keepRowWidth?: number): PackedLayout {
  const sized = units.map((unit) => {
    if (unit.kind === 'seat') return { unit, width: SEAT_WIDTH, height: SEAT_HEIGHT, offsets: null as Positions | null };
    if (unit.collapsed) return { unit, width: CARD_WIDTH, height: CARD_HEIGHT, offsets: null };
    const offsets = groupOffsets(unit.seats, known);
    const inner = extent(offsets);
    return { unit, width: inner.width + FRAME_PAD * 2, height: inner.height + FRAME_HEADER + FRAME_PAD, offsets };
  });
  const area = sized.reduce((sum, s) => sum + (s.width + UNIT_GAP) * (s.height + UNIT_GAP), 0);
  const widest = sized.reduce((max, s) => Math.max(max, s.width), 0);
  // Rows wrap where they did before (a seat more or less must not re-wrap every row after it).
  const rowWidth = Math.max(widest, keepRowWidth ?? Math.sqrt(area * ASPECT));

  const result: PackedLayout = { seats: {}, cards: {}, frames: {}, rowWidth };
  let x = 0;
  let y = 0;
  let rowHeight = 0;
  for (const s of sized) {
    if (x > 0 && x + s.width > rowWidth) {
      x = 0;
      y += rowHeight + UNIT_GAP;
      rowHeight = 0;
    }
    const at: Point = { x, y };
    if (s.unit.kind === 'seat') result.seats[s.unit.id] = at;
    else if (s.unit.collapsed) result.cards[s.unit.id] = at;
    else {
      result.frames[s.unit.id] = { x, y, width: s.width, height: s.height };
      for (const [id, o] of Object.entries(s.offsets ?? {})) result.seats[id] = { x: x + FRAME_PAD + o.x, y: y + FRAME_HEADER + o.y };
    }
    x += s.width + UNIT_GAP;
    rowHeight = Math.max(rowHeight, s.height);
  }
  return result;
}

/** The frame around seats at these positions (small fleets: frames follow where the seats are). */
export function frameAround(points: readonly Point[]): Box | null {
  if (points.length === 0) return null;
  const minX = Math.min(...points.map((p) => p.x));
  const minY = Math.min(...points.map((p) => p.y));
  const maxX = Math.max(...points.map((p) => p.x + SEAT_WIDTH));
  const maxY = Math.max(...points.map((p) => p.y + SEAT_HEIGHT));
  return { x: minX - FRAME_PAD, y: minY - FRAME_HEADER, width: maxX - minX + FRAME_PAD * 2, height: maxY - minY + FRAME_HEADER + FRAME_PAD };
}
