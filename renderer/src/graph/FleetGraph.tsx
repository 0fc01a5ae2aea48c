/**
 * The seat graph. Subscribes only to the seat id list and the structural edge list; every node and
 * edge reads its own data from the store, so live traffic re-renders just what it touches.
 */
import { useCallback, useEffect, useMemo, useState, type KeyboardEvent } from 'react';
import {
  Background,
  BackgroundVariant,
  Controls,
  MarkerType,
  MiniMap,
  ReactFlow,
  ReactFlowProvider,
  useStore as useFlowStore,
  type EdgeChange,
  type Node,
} from '@xyflow/react';
import { connectSeats, EditingGraphLayer } from '../editing/graphEditing';
import { useHost } from '../hostContext';
import { EMPTY_IDS, useFleet } from '../store/hooks';
import { useSelection } from '../store/selection';
import { sameEdgeSpec, type EdgeSpec } from './edgeSpecs';
import { edgeTypes, type FleetEdgeType } from './FleetEdges';
import { GraphDirectionContext } from './graphDirection';
import { Legend } from './Legend';
import { nodeTypes, type SeatNodeType } from './SeatNode';
import { useSeatNodes } from './useSeatNodes';

const NO_EDGES: readonly EdgeSpec[] = [];

/** The first fit keeps seats clear of the toolbar (top left) and the legend, controls and minimap (bottom). */
const FIT_VIEW = { padding: { top: '64px', bottom: '104px', left: '24px', right: '24px' }, maxZoom: 1 } as const;

/** Past this many seats, React Flow renders only what is in view (docs/platform-notes.md: the DOM is the cost). */
const VIRTUALIZE_AFTER = 120;

const MARKER_COLORS: Record<EdgeSpec['kind'], string> = {
  handoff: 'var(--edge-handoff)',
  traffic: 'var(--edge-traffic)',
  rule: 'var(--edge-rule)',
};

function toFlowEdge(spec: EdgeSpec, previous: FleetEdgeType | undefined): FleetEdgeType {
  if (previous?.data && sameEdgeSpec(previous.data, spec)) return previous;
  const base = {
    id: spec.id,
    source: spec.from,
    target: spec.to,
    selected: previous?.selected ?? false,
    markerEnd: { type: MarkerType.ArrowClosed, width: 18, height: 18, markerUnits: 'userSpaceOnUse', color: MARKER_COLORS[spec.kind] },
    zIndex: spec.kind === 'rule' ? 1 : 0,
    ariaLabel:
      spec.kind === 'handoff'
        ? `Designed handoff from ${spec.from} to ${spec.to}`
        : spec.kind === 'traffic'
          ? `Undesigned traffic from ${spec.from} to ${spec.to}`
          : `Rule: ${spec.from} wins over ${spec.to}`,
  };
  return { ...base, type: spec.kind, data: spec } as FleetEdgeType;
}

/** A click on a seat, or Enter on a focused one, opens its panel. */
const openSeatOfNode = (_event: unknown, node: Node) => useSelection.getState().openSeat(node.id);
const closeSeatPanel = () => useSelection.getState().closeSeat();

function openSeatOnEnter(event: KeyboardEvent<HTMLDivElement>) {
  if (event.key !== 'Enter') return;
  const target = event.target as HTMLElement;
  // Only the node wrapper itself: Enter inside a control within a node keeps its own meaning.
  if (!target.classList.contains('react-flow__node')) return;
  const id = target.dataset.id;
  if (id) useSelection.getState().openSeat(id);
}

function minimapColor(node: Node): string {
  return node.selected ? 'var(--accent)' : 'var(--minimap-node)';
}

/** Hides edge label details when zoomed far out, where they would only be noise. */
function useZoomClass(): string {
  const far = useFlowStore((s) => s.transform[2] < 0.55);
  const veryFar = useFlowStore((s) => s.transform[2] < 0.18);
  return veryFar ? 'zoom-very-far' : far ? 'zoom-far' : '';
}

function Graph({ fleetKey }: { fleetKey: string }) {
  const { api } = useHost();
  const seatIds = useFleet((s) => s.data?.seats.ids ?? EMPTY_IDS);
  const specs = useFleet((s) => s.data?.edges ?? NO_EDGES);
  // Node aria-labels: a primitive key so this only changes when a name changes.
  const namesKey = useFleet((s) => {
    const seats = s.data?.seats;
    if (!seats) return '';
    return seats.ids.map((id) => `${id}\t${seats.byId[id]?.name ?? id}\t${seats.byId[id]?.kind ?? ''}`).join('\n');
  });
  const labels = useMemo(() => {
    const map = new Map<string, string>();
    for (const line of namesKey.split('\n')) {
      const [id, name, kind] = line.split('\t');
      if (id) map.set(id, `${kind === 'human' ? 'Human' : 'Agent'} seat ${name ?? id}`);
    }
    return map;
  }, [namesKey]);

  const { ready, direction, nodes, onNodesChange, onNodeDragStop } = useSeatNodes(api, fleetKey, seatIds, specs, labels);

  const [edges, setEdges] = useState<FleetEdgeType[]>([]);
  useEffect(() => {
    setEdges((current) => {
      const byId = new Map(current.map((e) => [e.id, e]));
      return specs.map((spec) => toFlowEdge(spec, byId.get(spec.id)));
    });
  }, [specs]);
  const onEdgesChange = useCallback((changes: EdgeChange<FleetEdgeType>[]) => {
    // Only selection: edges come from fleet.yaml and traffic, not from the Delete key.
    const selections = changes.filter((c) => c.type === 'select');
    if (selections.length === 0) return;
    setEdges((current) => {
      const selected = new Map(selections.map((c) => [c.id, c.selected]));
      return current.map((e) => (selected.has(e.id) && e.selected !== selected.get(e.id) ? { ...e, selected: selected.get(e.id) } : e));
    });
  }, []);

  const zoomClass = useZoomClass();
  const big = seatIds.length > VIRTUALIZE_AFTER;

  if (!ready || (nodes.length === 0 && seatIds.length > 0)) {
    return <div className="graph-placeholder" role="status">Laying out seats…</div>;
  }

  return (
    <GraphDirectionContext.Provider value={direction}>
    <ReactFlow<SeatNodeType, FleetEdgeType>
      className={`fleet-graph ${zoomClass}`}
      nodes={nodes}
      edges={edges}
      nodeTypes={nodeTypes}
      edgeTypes={edgeTypes}
      onNodesChange={onNodesChange}
      onEdgesChange={onEdgesChange}
      onNodeDragStop={onNodeDragStop}
      onNodeClick={openSeatOfNode}
      onPaneClick={closeSeatPanel}
      onKeyDown={openSeatOnEnter}
      onConnect={connectSeats}
      // Delete on a selected edge is the editing layer's (an undoable removal from fleet.yaml).
      deleteKeyCode={null}
      fitView
      fitViewOptions={FIT_VIEW}
      minZoom={0.05}
      maxZoom={2.5}
      onlyRenderVisibleElements={big}
      colorMode="system"
      attributionPosition="top-right"
      aria-label="Seat graph"
    >
      <Background variant={BackgroundVariant.Dots} gap={22} size={1.2} />
      <Controls position="bottom-left" aria-label="Zoom and view controls" showInteractive={false} />
      <MiniMap
        position="bottom-right"
        pannable
        zoomable
        ariaLabel="Minimap of the seat graph"
        nodeColor={minimapColor}
        nodeStrokeWidth={0}
        nodeBorderRadius={6}
        maskColor="var(--minimap-mask)"
      />
      <Legend />
      <EditingGraphLayer />
    </ReactFlow>
    </GraphDirectionContext.Provider>
  );
}

/** The graph for the fleet on screen; a new fleet gets a fresh canvas (and a fresh fit). */
export function FleetGraph() {
  const fleetKey = useFleet((s) => s.data?.snapshot.fleetKey ?? '');
  return (
    <ReactFlowProvider key={fleetKey}>
      <Graph fleetKey={fleetKey} />
    </ReactFlowProvider>
  );
}
