/**
 * The refined layout of a whole small fleet (pure; runs in layout.worker.ts): elkjs's layered
 * algorithm along the designed handoffs, long chains wrapped into rows so the fleet fits a
 * window's shape, and the connected components packed side by side. Observed traffic and rules do
 * not set ranks: used for ranking they stretch a fleet into many thin ranks (see layout.ts).
 *
 * Choices measured on the demo fleet's first view (the overlap check in test/e2e/bigFleet.spec.ts):
 * teams as compound nodes left 4 to 7 edges through seats or labels over seats; without wrapping
 * the fleet became one long line (cards drawn compact at fit zoom); wide gaps between seats and
 * between ranks leave room for the edge labels and curves.
 *
 * It replaces the quick placement only where it reads at least as well (`fitZoom`): for a
 * six-seat fleet it makes one tall column, worse than layout.ts's placement.
 */
import type { ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api';
import { SEAT_HEIGHT, SEAT_WIDTH, type Direction, type Link, type Positions } from './layout';

export interface FleetLayoutRequest {
  seats: readonly string[];
  links: readonly Link[];
  direction: Direction;
}

export function elkFleetGraphOf(request: FleetLayoutRequest): ElkNode {
  const known = new Set(request.seats);
  const seen = new Set<string>();
  const edges: ElkExtendedEdge[] = [];
  for (const l of request.links) {
    if (l.ranked === false || l.from === l.to || !known.has(l.from) || !known.has(l.to)) continue;
    const key = `${l.from}\n${l.to}`;
    if (seen.has(key)) continue;
    seen.add(key);
    edges.push({ id: `e${edges.length}`, sources: [l.from], targets: [l.to] });
  }
  return {
    id: 'fleet',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': request.direction === 'LR' ? 'RIGHT' : 'DOWN',
      'elk.layered.wrapping.strategy': 'MULTI_EDGE',
      // The window shape a first view is fitted to (a laptop screen minus the app's chrome).
      'elk.aspectRatio': '1.9',
      'elk.separateConnectedComponents': 'true',
      'elk.spacing.componentComponent': '90',
      'elk.spacing.nodeNode': '90',
      'elk.layered.spacing.nodeNodeBetweenLayers': '200',
      'elk.padding': '[top=0,left=0,bottom=0,right=0]',
    },
    children: request.seats.map((id) => ({ id, width: SEAT_WIDTH, height: SEAT_HEIGHT })),
    edges,
  };
}

/** Seat positions from elk's answer, starting at 0,0. */
export function fleetPositionsOf(result: ElkNode): Positions {
  const positions: Positions = {};
  const children = result.children ?? [];
  if (children.length === 0) return positions;
  const minX = Math.min(...children.map((c) => c.x ?? 0));
  const minY = Math.min(...children.map((c) => c.y ?? 0));
  for (const c of children) positions[c.id] = { x: Math.round((c.x ?? 0) - minX), y: Math.round((c.y ?? 0) - minY) };
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
