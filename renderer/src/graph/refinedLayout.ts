/**
 * What elk's layout of a fleet changes when it arrives from the layout worker (pure,
 * unit-tested). It replaces the quick placement drawn on the first open, unless the user moved a
 * seat meanwhile (a dragged place always wins, so the answer is dropped); seats that appeared
 * while elk was working are placed next to their neighbours in it without moving anyone, and
 * seats that left are not brought back.
 */
import { placeNewSeats, type Direction, type Link, type Positions } from './layout';

export function adoptRefined(seatIds: readonly string[], refined: Readonly<Positions>, links: readonly Link[], direction: Direction, draggedSince: boolean): Positions | null {
  if (draggedSince) return null;
  const adopted: Positions = {};
  for (const id of seatIds) {
    const p = refined[id];
    if (p) adopted[id] = { x: p.x, y: p.y };
  }
  if (Object.keys(adopted).length === 0) return null;
  const late = seatIds.filter((id) => !adopted[id]);
  return { ...adopted, ...placeNewSeats(adopted, late, links, direction) };
}
