/**
 * The refined layout of a whole small fleet (pure; runs in layout.worker.ts): elkjs's layered
 * algorithm along the designed handoffs, each group (a team) a compound node so its seats stay
 * together, and the connected components packed side by side. Observed traffic and rules do not
 * set ranks here: used for ranking they stretch a fleet into many thin ranks (see layout.ts).
 *
 * Not wired into the drawing yet: the small-fleet canvas still shows layout.ts's placement.
 */
import type { ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api';
import { SEAT_HEIGHT, SEAT_WIDTH, type Direction, type Link, type Positions } from './layout';

export interface FleetLayoutRequest {
  seats: readonly string[];
  /** Groups of seats drawn as frames; a seat in no group stands on its own. */
  groups: ReadonlyArray<{ id: string; seats: readonly string[] }>;
  links: readonly Link[];
  direction: Direction;
}

/** Room above a group's seats for its frame header, and around them (matches groupLayout.ts). */
const GROUP_PADDING = '[top=34,left=16,bottom=16,right=16]';

function layered(direction: Direction): Record<string, string> {
  return {
    'elk.algorithm': 'layered',
    'elk.direction': direction === 'LR' ? 'RIGHT' : 'DOWN',
    'elk.spacing.nodeNode': '40',
    'elk.layered.spacing.nodeNodeBetweenLayers': '64',
    // The window shape a first view is fitted to (a laptop screen minus the app's chrome).
    'elk.aspectRatio': '1.9',
  };
}

export function elkFleetGraphOf(request: FleetLayoutRequest): ElkNode {
  const known = new Set(request.seats);
  const groupOf = new Map<string, string>();
  const groups: ElkNode[] = [];
  for (const g of request.groups) {
    const seats = g.seats.filter((id) => known.has(id) && !groupOf.has(id));
    if (seats.length === 0) continue;
    for (const id of seats) groupOf.set(id, g.id);
    groups.push({
      // Group ids and seat ids share elk's id space: prefix the groups.
      id: `group:${g.id}`,
      // Each team is laid out on its own and its chain wrapped into rows, so a chain of seven
      // agents reads as a compact block rather than one long line (one pass over the whole fleet,
      // without wrapping, gave cards at 0.39 of their size at fit zoom against 0.68 for layout.ts).
      layoutOptions: { ...layered(request.direction), 'elk.layered.wrapping.strategy': 'MULTI_EDGE', 'elk.padding': GROUP_PADDING },
      children: seats.map((id) => ({ id, width: SEAT_WIDTH, height: SEAT_HEIGHT })),
    });
  }
  const seen = new Set<string>();
  const edges: ElkExtendedEdge[] = [];
  for (const l of request.links) {
    if (l.ranked === false || l.from === l.to || !known.has(l.from) || !known.has(l.to)) continue;
    const key = `${l.from}\n${l.to}`;
    if (seen.has(key)) continue;
    seen.add(key);
    edges.push({ id: `e${edges.length}`, sources: [l.from], targets: [l.to] });
  }
  const lone = request.seats.filter((id) => !groupOf.has(id)).map((id) => ({ id, width: SEAT_WIDTH, height: SEAT_HEIGHT }));
  return {
    id: 'fleet',
    layoutOptions: {
      ...layered(request.direction),
      'elk.hierarchyHandling': 'SEPARATE_CHILDREN',
      'elk.separateConnectedComponents': 'true',
      'elk.spacing.componentComponent': '56',
      'elk.padding': '[top=0,left=0,bottom=0,right=0]',
    },
    children: [...groups, ...lone],
    edges,
  };
}

/** Absolute seat positions from elk's answer (children of a group are relative to it), starting at 0,0. */
export function fleetPositionsOf(result: ElkNode): Positions {
  const positions: Positions = {};
  const visit = (node: ElkNode, dx: number, dy: number): void => {
    for (const c of node.children ?? []) {
      const x = dx + (c.x ?? 0);
      const y = dy + (c.y ?? 0);
      if (c.id.startsWith('group:')) visit(c, x, y);
      else positions[c.id] = { x, y };
    }
  };
  visit(result, 0, 0);
  const points = Object.values(positions);
  if (points.length === 0) return positions;
  const minX = Math.min(...points.map((p) => p.x));
  const minY = Math.min(...points.map((p) => p.y));
  for (const p of points) {
    p.x = Math.round(p.x - minX);
    p.y = Math.round(p.y - minY);
  }
  return positions;
}
