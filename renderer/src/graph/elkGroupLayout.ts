/**
 * The refined layout of one expanded group (pure; runs in layout.worker.ts): elkjs's layered
 * algorithm along the group's own handoffs, wrapped into rows so a chain of seven agents reads as a
 * compact block rather than one long line. Returns offsets from the group's corner.
 */
import type { ElkNode } from 'elkjs/lib/elk-api';
import { SEAT_HEIGHT, SEAT_WIDTH, type Positions } from './layout';

export interface GroupLayoutRequest {
  groupId: string;
  seats: readonly string[];
  links: ReadonlyArray<{ from: string; to: string }>;
}

export function elkGraphOf(request: GroupLayoutRequest): ElkNode {
  const members = new Set(request.seats);
  const seen = new Set<string>();
  const edges = request.links
    .filter((l) => l.from !== l.to && members.has(l.from) && members.has(l.to))
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
      'elk.spacing.nodeNode': '28',
      'elk.layered.spacing.nodeNodeBetweenLayers': '48',
      'elk.padding': '[top=0,left=0,bottom=0,right=0]',
    },
    children: request.seats.map((id) => ({ id, width: SEAT_WIDTH, height: SEAT_HEIGHT })),
    edges,
  };
}

export function offsetsOf(result: ElkNode): Positions {
  const offsets: Positions = {};
  const children = result.children ?? [];
  const minX = Math.min(...children.map((c) => c.x ?? 0));
  const minY = Math.min(...children.map((c) => c.y ?? 0));
  for (const c of children) offsets[c.id] = { x: Math.round((c.x ?? 0) - minX), y: Math.round((c.y ?? 0) - minY) };
  return offsets;
}
