/**
 * The elk graph of one group's seats (pure; runs in layout.worker.ts): elkjs's layered algorithm
 * along the group's own designed handoffs (traffic and rules do not set ranks), wrapped into rows so
 * a chain of seven agents reads as a compact block rather than one long line. Used for a group
 * expanded in a big fleet, and for each group of a small fleet laid out group by group
 * (elkFleetLayout.ts). Returns offsets from the group's corner.
 */
import type { ElkNode } from 'elkjs/lib/elk-api';
import { SEAT_HEIGHT, SEAT_WIDTH, type Link, type Positions } from './layout';

export interface GroupLayoutRequest {
  groupId: string;
  seats: readonly string[];
  links: readonly Link[];
}

/** Gaps between seats of a rank and between ranks: tight in a packed big fleet, roomy where edge labels must fit. */
export interface GroupSpacing {
  nodeNode: number;
  betweenLayers: number;
}

const PACKED: GroupSpacing = { nodeNode: 28, betweenLayers: 48 };

export function elkGraphOf(request: GroupLayoutRequest, spacing: GroupSpacing = PACKED): ElkNode {
  const members = new Set(request.seats);
  const seen = new Set<string>();
  const edges = request.links
    .filter((l) => l.ranked !== false && l.from !== l.to && members.has(l.from) && members.has(l.to))
    .filter((l) => {
      const key = `${l.from}\n${l.to}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .map((l, i) => ({ id: `e${i}`, sources: [l.from], targets: [l.to] }));
  return {
    id: request.groupId,
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'RIGHT',
      'elk.layered.wrapping.strategy': 'MULTI_EDGE',
      'elk.aspectRatio': '1.8',
      'elk.spacing.nodeNode': String(spacing.nodeNode),
      'elk.spacing.componentComponent': String(spacing.nodeNode),
      'elk.layered.spacing.nodeNodeBetweenLayers': String(spacing.betweenLayers),
      'elk.padding': '[top=0,left=0,bottom=0,right=0]',
    },
    children: request.seats.map((id) => ({ id, width: SEAT_WIDTH, height: SEAT_HEIGHT })),
    edges,
  };
}

export function offsetsOf(result: ElkNode): Positions {
  const offsets: Positions = {};
  const children = result.children ?? [];
  if (children.length === 0) return offsets;
  const minX = Math.min(...children.map((c) => c.x ?? 0));
  const minY = Math.min(...children.map((c) => c.y ?? 0));
  for (const c of children) offsets[c.id] = { x: Math.round((c.x ?? 0) - minX), y: Math.round((c.y ?? 0) - minY) };
  return offsets;
}
