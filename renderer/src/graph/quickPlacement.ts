/**
 * The placement drawn at once when a fleet opens (pure, unit-tested), so the first paint never
 * waits for the layout worker: saved positions win; with nothing saved, groups go in rows, each
 * group's seats in a grid, seats in no group after them (groupLayout.ts's packing); seats without
 * a saved place in a fleet that has some are put next to the seats they are connected to.
 * elk's layout (elkFleetLayout.ts) replaces a placement that nothing was saved for.
 */
import { packUnits, type LayoutUnit } from './groupLayout';
import { placeNewSeats, type Direction, type Link, type Positions } from './layout';

export interface SeatBlocks {
  groups: ReadonlyArray<{ id: string; seats: readonly string[] }>;
  ungrouped: readonly string[];
}

export function quickPlacement(seatIds: readonly string[], saved: Readonly<Positions>, links: readonly Link[], direction: Direction, blocks: SeatBlocks): Positions {
  const kept: Positions = {};
  for (const id of seatIds) {
    const p = saved[id];
    if (p && Number.isFinite(p.x) && Number.isFinite(p.y)) kept[id] = { x: p.x, y: p.y };
  }
  if (Object.keys(kept).length > 0) {
    const missing = seatIds.filter((id) => !kept[id]);
    return { ...kept, ...placeNewSeats(kept, missing, links, direction) };
  }
  const shown = new Set(seatIds);
  const units: LayoutUnit[] = [];
  const inUnit = new Set<string>();
  for (const g of blocks.groups) {
    const seats = g.seats.filter((id) => shown.has(id));
    if (seats.length === 0) continue;
    units.push({ id: g.id, kind: 'group', seats, collapsed: false });
    for (const id of seats) inUnit.add(id);
  }
  for (const id of [...blocks.ungrouped, ...seatIds]) {
    if (!shown.has(id) || inUnit.has(id)) continue;
    units.push({ id, kind: 'seat', seats: [id], collapsed: false });
    inUnit.add(id);
  }
  return packUnits(units, {}).seats;
}
