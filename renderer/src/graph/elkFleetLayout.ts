/**
 * The layout of a whole small fleet (pure; runs in layout.worker.ts, unit-tested in Node with
 * elkjs itself). elkjs's layered algorithm ranks seats along the designed handoffs only (traffic
 * and rules are drawn but do not set ranks: used for ranking they stretch a fleet into many thin
 * ranks), long chains are wrapped into rows so the fleet fits a window's shape (~1.9), and
 * connected components are packed side by side. Two shapes, picked by where the handoffs run:
 * - by groups (two levels): when most designed handoffs stay inside groups (a fleet of teams),
 *   each group is laid out on its own, then the groups, as boxes with room for their frames, are
 *   laid out over the handoffs between them, so a team stays one block;
 * - flat: otherwise (the demo: 10 of its 17 handoffs cross owner groups), one layered layout of
 *   every seat: laid out by groups, the demo's cross-group edges ran through seats.
 *
 * Measured on the demo's first view in the app (the zoom React Flow's fit view picks in a
 * 1400 × 900 window, and the overlap check in test/e2e/bigFleet.spec.ts: labels over labels or
 * seats, edges through seats):
 * - flat, 90 between seats, 200 between ranks: zoom 0.62, no clash (chosen);
 * - 160 between ranks: 0.69, but one long edge (coach → echo) through a seat; 140: 2 clashes;
 *   keeping seats in input order (`considerModelOrder`) helped for one hand-picked order only:
 *   seats in the order the app sends them gave 0.61;
 * - by owner groups: zoom 0.65 with 3 clashes; groups wrapped squarer: 0.73 with 12 clashes;
 *   groups flowing down: 7 clashes; groups packed by rectpacking rather than layered: 0.56.
 * (dagre's layout, before elk replaced it: zoom 0.65, no clash.)
 */
import type { ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api';
import { elkGraphOf, offsetsOf, type GroupSpacing } from './elkGroupLayout';
import { FRAME_HEADER, FRAME_PAD } from './groupLayout';
import { SEAT_HEIGHT, SEAT_WIDTH, type Link, type Positions } from './layout';

export interface FleetLayoutRequest {
  seats: readonly string[];
  /** The fleet's groups (shared/seatGroups.ts); seats in none are laid out on their own. */
  groups: ReadonlyArray<{ id: string; seats: readonly string[] }>;
  links: readonly Link[];
}

/** Runs an elk graph: elkjs's `ELK` in the worker, or in Node in tests. */
export interface ElkRunner {
  layout(graph: ElkNode): Promise<ElkNode>;
}

/** Gaps that leave room for edge labels between ranks and for curves between seats. */
const ROOMY: GroupSpacing = { nodeNode: 90, betweenLayers: 200 };
/** Between group boxes (their frames already pad them). */
const BETWEEN_GROUPS: GroupSpacing = { nodeNode: 80, betweenLayers: 140 };
/**
 * Past this many seats the first view is too far out for edge labels (below 0.35 zoom they hide):
 * gaps shrink to the packed groups' ones so the fleet fits a window at a larger zoom (150 seats in
 * teams of ten: 0.23 rather than 0.17 with roomy gaps; dagre's grids reached 0.29).
 */
const COMPACT_AFTER = 40;
const COMPACT: GroupSpacing = { nodeNode: 28, betweenLayers: 48 };
const COMPACT_BETWEEN_GROUPS: GroupSpacing = { nodeNode: 56, betweenLayers: 80 };
/** The window shape a first view is fitted to (a laptop screen minus the app's chrome). */
const VIEW_ASPECT = '1.9';

/** Designed handoffs between two seats of the fleet, each ordered pair once. */
function handoffs(request: FleetLayoutRequest): Link[] {
  const known = new Set(request.seats);
  const seen = new Set<string>();
  const result: Link[] = [];
  for (const l of request.links) {
    if (l.ranked === false || l.from === l.to || !known.has(l.from) || !known.has(l.to)) continue;
    const key = `${l.from}\n${l.to}`;
    if (seen.has(key)) continue;
    seen.add(key);
    result.push({ from: l.from, to: l.to });
  }
  return result;
}

/** The fleet's seats as blocks: its groups of two or more seats, then every other seat alone. */
function blocksOf(request: FleetLayoutRequest): Array<{ id: string; seats: string[] }> {
  const known = new Set(request.seats);
  const taken = new Set<string>();
  const blocks: Array<{ id: string; seats: string[] }> = [];
  for (const g of request.groups) {
    const seats = g.seats.filter((id) => known.has(id) && !taken.has(id));
    if (seats.length < 2) continue;
    for (const id of seats) taken.add(id);
    blocks.push({ id: `group:${g.id}`, seats });
  }
  for (const id of request.seats) if (!taken.has(id)) blocks.push({ id: `seat:${id}`, seats: [id] });
  return blocks;
}

/** Whether the fleet is laid out group by group: most of its designed handoffs stay inside a group. */
export function laysOutByGroups(request: FleetLayoutRequest): boolean {
  const blockOf = new Map<string, string>();
  for (const b of blocksOf(request)) for (const id of b.seats) blockOf.set(id, b.id);
  const links = handoffs(request);
  const inside = links.filter((l) => blockOf.get(l.from) === blockOf.get(l.to)).length;
  return links.length > 0 && inside * 2 > links.length;
}

function layeredOptions(spacing: GroupSpacing): Record<string, string> {
  return {
    'elk.algorithm': 'layered',
    'elk.direction': 'RIGHT',
    'elk.layered.wrapping.strategy': 'MULTI_EDGE',
    'elk.aspectRatio': VIEW_ASPECT,
    'elk.separateConnectedComponents': 'true',
    'elk.spacing.componentComponent': String(spacing.nodeNode),
    'elk.spacing.nodeNode': String(spacing.nodeNode),
    'elk.layered.spacing.nodeNodeBetweenLayers': String(spacing.betweenLayers),
    'elk.padding': '[top=0,left=0,bottom=0,right=0]',
  };
}

/** The flat shape: every seat in one layered graph. */
export function elkFleetGraphOf(request: FleetLayoutRequest): ElkNode {
  const edges: ElkExtendedEdge[] = handoffs(request).map((l, i) => ({ id: `e${i}`, sources: [l.from], targets: [l.to] }));
  return {
    id: 'fleet',
    layoutOptions: layeredOptions(request.seats.length > COMPACT_AFTER ? COMPACT : ROOMY),
    children: request.seats.map((id) => ({ id, width: SEAT_WIDTH, height: SEAT_HEIGHT })),
    edges,
  };
}

/** The outer level of the shape by groups: each block a box of the given size, edges the handoffs between blocks. */
export function elkBlocksGraphOf(boxes: ReadonlyArray<{ id: string; width: number; height: number }>, blockOf: ReadonlyMap<string, string>, links: readonly Link[], spacing: GroupSpacing): ElkNode {
  const seen = new Set<string>();
  const edges: ElkExtendedEdge[] = [];
  for (const l of links) {
    const from = blockOf.get(l.from);
    const to = blockOf.get(l.to);
    if (!from || !to || from === to || seen.has(`${from}\n${to}`)) continue;
    seen.add(`${from}\n${to}`);
    edges.push({ id: `b${edges.length}`, sources: [from], targets: [to] });
  }
  return { id: 'blocks', layoutOptions: layeredOptions(spacing), children: boxes.map((b) => ({ ...b })), edges };
}

/** Seat positions from elk's answer, starting at 0,0. */
export function fleetPositionsOf(result: ElkNode): Positions {
  return offsetsOf(result);
}

/** Lays out a whole fleet (see the top of this file); seat positions start at 0,0. */
export async function layOutFleet(elk: ElkRunner, request: FleetLayoutRequest): Promise<Positions> {
  if (request.seats.length === 0) return {};
  if (!laysOutByGroups(request)) return fleetPositionsOf(await elk.layout(elkFleetGraphOf(request)));
  const links = handoffs(request);
  const compact = request.seats.length > COMPACT_AFTER;
  const blocks = blocksOf(request);
  const blockOf = new Map<string, string>();
  for (const b of blocks) for (const id of b.seats) blockOf.set(id, b.id);
  // Inner level: each group along its own handoffs; a seat alone is a block of one.
  const inner = await Promise.all(
    blocks.map(async (b) => (b.seats.length === 1 ? { [b.seats[0]!]: { x: 0, y: 0 } } : offsetsOf(await elk.layout(elkGraphOf({ groupId: b.id, seats: b.seats, links }, compact ? COMPACT : ROOMY))))),
  );
  const boxes = blocks.map((b, i) => {
    const offsets = Object.values(inner[i]!);
    const width = Math.max(...offsets.map((p) => p.x + SEAT_WIDTH));
    const height = Math.max(...offsets.map((p) => p.y + SEAT_HEIGHT));
    // A group's box leaves room for its frame (drawn when group frames are shown).
    return b.seats.length === 1 ? { id: b.id, width, height } : { id: b.id, width: width + FRAME_PAD * 2, height: height + FRAME_HEADER + FRAME_PAD };
  });
  const outer = await elk.layout(elkBlocksGraphOf(boxes, blockOf, links, compact ? COMPACT_BETWEEN_GROUPS : BETWEEN_GROUPS));
  const corner = new Map((outer.children ?? []).map((c) => [c.id, { x: c.x ?? 0, y: c.y ?? 0 }]));
  const positions: Positions = {};
  blocks.forEach((b, i) => {
    const at = corner.get(b.id) ?? { x: 0, y: 0 };
    const inset = b.seats.length === 1 ? { x: 0, y: 0 } : { x: FRAME_PAD, y: FRAME_HEADER };
    for (const [id, o] of Object.entries(inner[i]!)) positions[id] = { x: Math.round(at.x + inset.x + o.x), y: Math.round(at.y + inset.y + o.y) };
  });
  return positions;
}

/** The zoom at which seats at these positions fit the first view's canvas (1350 × 710): bigger reads better. */
export function fitZoom(positions: Readonly<Positions>): number {
  const points = Object.values(positions);
  if (points.length === 0) return 1;
  const width = Math.max(...points.map((p) => p.x + SEAT_WIDTH)) - Math.min(...points.map((p) => p.x));
  const height = Math.max(...points.map((p) => p.y + SEAT_HEIGHT)) - Math.min(...points.map((p) => p.y));
  return Math.min(1350 / width, 710 / height);
}
