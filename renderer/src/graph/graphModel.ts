/**
 * What the graph draws (pure): the seat groups, which of them are collapsed, which seats are drawn
 * on their own, and which edges are drawn as they are or folded into group edges, after the layer
 * toggles. Recomputed only when the structure, the collapse state or the layers change.
 */
import { groupSeats, visibleEdges, type AggregateEdge, type GroupableSeat, type Grouping, type SeatGroup } from '../../../shared/seatGroups';
import { isCollapsed, isLayerShown, type ViewState } from '../../../shared/viewState';
import type { EdgeSpec } from './edgeSpecs';

export interface GroupOnGraph extends SeatGroup {
  collapsed: boolean;
}

export interface GraphModel {
  grouping: Grouping;
  groups: GroupOnGraph[];
  /** Seats drawn as seat cards (not inside a collapsed group), in fleet order. */
  visibleSeats: string[];
  /** The node a seat is drawn as: its own id, or `group:<id>` when its group is collapsed. */
  nodeOf: (seat: string) => string;
  directEdges: EdgeSpec[];
  aggregated: AggregateEdge[];
  /** Group frames are drawn around expanded groups. */
  frames: boolean;
}

export const groupNodeId = (groupId: string): string => `group:${groupId}`;

/** Seats as one primitive key (ids, kinds, owners, teams, names), so grouping reruns only on a real change. */
export function groupingKey(seats: readonly GroupableSeat[]): string {
  return seats.map((s) => `${s.id}\t${s.kind}\t${s.owner ?? ''}\t${s.team ?? ''}\t${s.name}`).join('\n');
}

export function seatsFromKey(key: string): GroupableSeat[] {
  if (!key) return [];
  return key.split('\n').map((line) => {
    const [id = '', kind, owner, team, name] = line.split('\t');
    return { id, kind: kind === 'human' ? 'human' : 'agent', owner: owner || null, team: team || null, name: name || id };
  });
}

export function buildGraphModel(grouping: Grouping, seatIds: readonly string[], specs: readonly EdgeSpec[], view: ViewState): GraphModel {
  const seatCount = seatIds.length;
  const groups = grouping.groups.map((g) => ({ ...g, collapsed: isCollapsed(view, g.id, seatCount) }));
  const collapsedOf = new Map<string, string>();
  for (const g of groups) if (g.collapsed) for (const seat of g.seats) collapsedOf.set(seat, g.id);
  const shown = (layer: 'handoff' | 'undesigned' | 'rule') => isLayerShown(view, layer, seatCount);
  const layerOf: Record<EdgeSpec['kind'], 'handoff' | 'undesigned' | 'rule'> = { handoff: 'handoff', traffic: 'undesigned', rule: 'rule' };
  const kept = specs.filter((spec) => shown(layerOf[spec.kind]));
  const { direct, aggregated } = visibleEdges(kept, (seat) => collapsedOf.get(seat) ?? null);
  return {
    grouping,
    groups,
    visibleSeats: seatIds.filter((id) => !collapsedOf.has(id)),
    nodeOf: (seat) => {
      const group = collapsedOf.get(seat);
      return group ? groupNodeId(group) : seat;
    },
    directEdges: direct,
    aggregated,
    frames: isLayerShown(view, 'groups', seatCount),
  };
}

export { groupSeats };
