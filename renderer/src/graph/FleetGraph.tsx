/**
 * The seat graph. Subscribes only to the seat id list and the structural edge list; every node and
 * edge reads its own data from the store, so live traffic re-renders just what it touches.
 */
import { memo, useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import {
  Background,
  BackgroundVariant,
  Controls,
  MarkerType,
  MiniMap,
  Panel,
  ReactFlow,
  ReactFlowProvider,
  useReactFlow,
  useStore as useFlowStore,
  type EdgeChange,
  type Node,
  type ReactFlowState,
} from '@xyflow/react';
import { connectSeats, EditingGraphLayer } from '../editing/graphEditing';
import { useHost } from '../hostContext';
import type { FleetStoreState } from '../store/fleetStore';
import { EMPTY_IDS, useFleet } from '../store/hooks';
import { useSelection } from '../store/selection';
import { useView } from '../store/viewStore';
import type { AggregateEdge, Grouping } from '../../../shared/seatGroups';
import { sameEdgeSpec, type EdgeSpec } from './edgeSpecs';
import { edgeTypes, type FleetEdgeType, type GroupEdgeType } from './FleetEdges';
import { EdgeFitter } from './EdgeFitter';
import { useLayoutProgress } from './layoutWorkerClient';
import { FindSeat } from './FindSeat';
import { GraphFocus, useFocusKeys } from './GraphFocus';
import { buildGraphModel, groupingKey, groupNodeId, groupSeats, seatsFromKey, type GraphModel } from './graphModel';
import { GraphDirectionContext } from './graphDirection';
import { FrameNode, GroupNode } from './GroupNodes';
import { Legend } from './Legend';
import { SeatNode } from './SeatNode';
import { useSeatNodes, type GraphNode } from './useSeatNodes';

const nodeTypes = { seat: SeatNode, group: GroupNode, frame: FrameNode };

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

const GROUP_MARKER_COLORS: Record<AggregateEdge['style'], string> = {
  designed: 'var(--edge-handoff)',
  mixed: 'var(--edge-mixed)',
  undesigned: 'var(--edge-traffic)',
  rule: 'var(--edge-rule)',
};

function sameAggregate(a: AggregateEdge, b: AggregateEdge): boolean {
  return a.id === b.id && a.style === b.style && a.fromIsGroup === b.fromIsGroup && a.toIsGroup === b.toIsGroup && a.members.join('\n') === b.members.join('\n');
}

function toGroupFlowEdge(agg: AggregateEdge, previous: FleetEdgeType | undefined): GroupEdgeType {
  if (previous?.type === 'group' && previous.data && sameAggregate(previous.data as AggregateEdge, agg)) return previous;
  return {
    id: agg.id,
    type: 'group',
    source: agg.fromIsGroup ? groupNodeId(agg.from) : agg.from,
    target: agg.toIsGroup ? groupNodeId(agg.to) : agg.to,
    selected: previous?.selected ?? false,
    markerEnd: { type: MarkerType.ArrowClosed, width: 18, height: 18, markerUnits: 'userSpaceOnUse', color: GROUP_MARKER_COLORS[agg.style] },
    zIndex: 0,
    ariaLabel: `Edges from ${agg.from} to ${agg.to} (grouped)`,
    data: agg as AggregateEdge & Record<string, unknown>,
  };
}

function toFlowEdge(spec: EdgeSpec, previous: FleetEdgeType | undefined): FleetEdgeType {
  if (previous?.data && previous.type !== 'group' && sameEdgeSpec(previous.data as EdgeSpec, spec)) return previous;
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

/** The group a collapsed group node stands for, or null for any other node. */
function groupOfNode(node: Node): string | null {
  return node.type === 'group' ? String((node.data as { groupId: string }).groupId) : null;
}

/** A click on a seat, or Enter on a focused one, opens its panel (and focuses its neighbourhood). */
function openSeatOfNode(_event: unknown, node: Node) {
  if (node.type !== 'seat') return;
  useSelection.getState().openSeat(node.id);
  useView.getState().setFocus(node.id);
}
/** Double-click expands a collapsed group. */
function expandGroupOfNode(_event: unknown, node: Node) {
  const group = groupOfNode(node);
  if (group) useView.getState().setCollapsed([group], false);
}
function closeSeatPanel() {
  useSelection.getState().closeSeat();
  useView.getState().setFocus(null);
}

function openSeatOnEnter(event: KeyboardEvent<HTMLDivElement>) {
  if (event.key !== 'Enter') return;
  const target = event.target as HTMLElement;
  // Only the node wrapper itself: Enter inside a control within a node keeps its own meaning.
  if (!target.classList.contains('react-flow__node')) return;
  const id = target.dataset.id;
  if (!id) return;
  if (id.startsWith('group:')) useView.getState().setCollapsed([id.slice('group:'.length)], false);
  else if (!id.startsWith('frame:')) {
    useSelection.getState().openSeat(id);
    useView.getState().setFocus(id);
  }
}

function minimapColor(node: Node): string {
  if (node.type === 'frame') return 'transparent';
  return node.selected ? 'var(--accent)' : node.type === 'group' ? 'var(--minimap-group)' : 'var(--minimap-node)';
}

/** Whether a node is being dragged: React Flow marks it, and clears the mark however the drag ends. */
function anyNodeDragging(s: ReactFlowState): boolean {
  for (const n of s.nodeLookup.values()) if (n.dragging) return true;
  return false;
}

/**
 * Semantic zoom: below 0.55 seat cards are compact and edge labels keep only their counts; below
 * 0.35 edge labels hide (hovering an edge shows its label) and minor edges thin out.
 */
function useZoomClass(): string {
  const far = useFlowStore((s) => s.transform[2] < 0.55);
  const veryFar = useFlowStore((s) => s.transform[2] < 0.35);
  return veryFar ? 'zoom-far zoom-very-far' : far ? 'zoom-far' : '';
}

/** Says so while the layout worker is still computing (the quick placement is on screen meanwhile), and while seats glide into its answer. */
function LayoutStatus() {
  const busy = useLayoutProgress((s) => s.pending > 0 || s.settling);
  if (!busy) return null;
  return (
    <Panel position="top-right" className="layout-status" data-testid="layout-status">
      <span role="status">Refining the layout…</span>
    </Panel>
  );
}

/**
 * Fits the view again once elk's layout of a small fleet has replaced the quick placement (its
 * extent differs). React Flow takes the moved nodes a frame or more after they are set (and the
 * first fit may still be waiting for measured sizes), so this waits until its own copy of every
 * node is measured and at the new place, for at most about half a second.
 */
function RefitAfterRefine({ refined, nodes }: { refined: number; nodes: readonly GraphNode[] }) {
  const { fitView, getInternalNode } = useReactFlow<GraphNode, FleetEdgeType>();
  const fitted = useRef(refined);
  useEffect(() => {
    if (fitted.current === refined) return;
    let frame = 0;
    let tries = 0;
    const attempt = () => {
      const taken = nodes.every((n) => {
        const internal = getInternalNode(n.id);
        return Boolean(internal?.measured.width) && internal!.position.x === n.position.x && internal!.position.y === n.position.y;
      });
      // Up to ~5 s of frames: on a loaded machine React Flow can take many frames to take the
      // moved nodes, and fitting before that fits the quick placement's bounds.
      if (!taken && ++tries < 300) {
        frame = requestAnimationFrame(attempt);
        return;
      }
      fitted.current = refined;
      void fitView(FIT_VIEW);
    };
    // A later render (the moved nodes) cancels this and starts again.
    frame = requestAnimationFrame(attempt);
    return () => cancelAnimationFrame(frame);
  }, [refined, nodes, fitView, getInternalNode]);
  return null;
}

/**
 * A key computed from the seats collection, once per collection object. The graph re-renders on
 * every frame of a drag (its nodes are controlled state), and zustand runs a selector on every
 * render: without this, each frame would join a thousand seats into a string twice.
 */
function perSeats(compute: (seats: NonNullable<FleetStoreState['data']>['seats']) => string): (s: FleetStoreState) => string {
  const cache = new WeakMap<object, string>();
  return (s) => {
    const seats = s.data?.seats;
    if (!seats) return '';
    let key = cache.get(seats);
    if (key === undefined) {
      key = compute(seats);
      cache.set(seats, key);
    }
    return key;
  };
}

/** What grouping depends on (ids, kinds, owners, teams, names). */
const selectSeatsKey = perSeats((seats) => groupingKey(seats.ids.map((id) => seats.byId[id]!).filter(Boolean)));
/** Node aria-labels: a primitive key so labels change only when a name changes. */
const selectNamesKey = perSeats((seats) => seats.ids.map((id) => `${id}\t${seats.byId[id]?.name ?? id}\t${seats.byId[id]?.kind ?? ''}`).join('\n'));

/**
 * Everything drawn over the canvas that does not depend on where the nodes are: memoised, so a drag
 * frame (new node positions, a re-render of the graph) does not render these again.
 */
const GraphOverlays = memo(function GraphOverlays({ edges, vertical, zoomClass, model, grouping }: { edges: readonly FleetEdgeType[]; vertical: boolean; zoomClass: string; model: GraphModel | null; grouping: Grouping }) {
  return (
    <>
      <Legend />
      <LayoutStatus />
      <EdgeFitter edges={edges} vertical={vertical} zoomClass={zoomClass} />
      {model && <GraphFocus model={model} />}
      <FindSeat grouping={grouping} />
      <EditingGraphLayer />
    </>
  );
});

/** Far out, edge labels hide; hovering an edge shows its label (and so its count) again. */
function HoveredLabel({ edge }: { edge: FleetEdgeType | null }) {
  if (!edge) return null;
  const testId = edge.type === 'group' ? `group-edge-${(edge.data as AggregateEdge).from}-${(edge.data as AggregateEdge).to}` : `${edge.type}-${edge.source}-${edge.target}`;
  return <style>{`.fleet-graph [data-testid="${testId}"] { display: flex !important; z-index: 10; }`}</style>;
}

function Graph({ fleetKey }: { fleetKey: string }) {
  const { api } = useHost();
  const seatIds = useFleet((s) => s.data?.seats.ids ?? EMPTY_IDS);
  const specs = useFleet((s) => s.data?.edges ?? NO_EDGES);
  const seatsKey = useFleet(selectSeatsKey);
  const grouping = useMemo(() => groupSeats(seatsFromKey(seatsKey)), [seatsKey]);
  const viewFor = useView((s) => s.fleetKey);
  const view = useView((s) => s.view);
  const root = useFleet((s) => s.data?.snapshot.root ?? '');
  useEffect(() => {
    void useView.getState().load(api, { root, session: fleetKey });
  }, [api, root, fleetKey]);
  const model = useMemo(() => (viewFor === fleetKey ? buildGraphModel(grouping, seatIds, specs, view) : null), [viewFor, fleetKey, grouping, seatIds, specs, view]);
  const namesKey = useFleet(selectNamesKey);
  const labels = useMemo(() => {
    const map = new Map<string, string>();
    for (const line of namesKey.split('\n')) {
      const [id, name, kind] = line.split('\t');
      if (id) map.set(id, `${kind === 'human' ? 'Human' : 'Agent'} seat ${name ?? id}`);
    }
    return map;
  }, [namesKey]);

  const { ready, direction, nodes, onNodesChange, onNodeDragStart, onNodeDragStop, refined } = useSeatNodes(api, fleetKey, seatIds, specs, labels, model);

  const [edges, setEdges] = useState<FleetEdgeType[]>([]);
  useEffect(() => {
    if (!model) return;
    setEdges((current) => {
      const byId = new Map(current.map((e) => [e.id, e]));
      return [...model.directEdges.map((spec) => toFlowEdge(spec, byId.get(spec.id))), ...model.aggregated.map((agg) => toGroupFlowEdge(agg, byId.get(agg.id)))];
    });
  }, [model]);
  const layerClass = useView((s) => {
    const layers = s.view.layers ?? {};
    return Object.entries(layers)
      .filter(([, shown]) => shown === false)
      .map(([layer]) => ` layer-off-${layer}`)
      .join('');
  });
  useFocusKeys();
  const [hovered, setHovered] = useState<FleetEdgeType | null>(null);
  const onEdgeMouseEnter = useCallback((_event: unknown, edge: FleetEdgeType) => setHovered(edge), []);
  const onEdgeMouseLeave = useCallback(() => setHovered(null), []);
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
  // Seats glide into elk's layout when it replaces the quick placement (app.css; not with reduced motion).
  const settling = useLayoutProgress((s) => s.settling);
  const big = seatIds.length > VIRTUALIZE_AFTER;
  // While a node is dragged the graph is marked (edges then draw solid: app.css, "Edges").
  const dragging = useFlowStore(anyNodeDragging);

  if (!ready || (nodes.length === 0 && seatIds.length > 0)) {
    return <div className="graph-placeholder" role="status">Laying out seats…</div>;
  }

  return (
    <GraphDirectionContext.Provider value={direction}>
    <ReactFlow<GraphNode, FleetEdgeType>
      className={`fleet-graph ${zoomClass}${layerClass}${settling ? ' layout-settling' : ''}${dragging ? ' is-dragging' : ''}`}
      nodes={nodes}
      edges={edges}
      nodeTypes={nodeTypes}
      edgeTypes={edgeTypes}
      onNodesChange={onNodesChange}
      onEdgesChange={onEdgesChange}
      onNodeDragStart={onNodeDragStart}
      onNodeDragStop={onNodeDragStop}
      onNodeClick={openSeatOfNode}
      onNodeDoubleClick={expandGroupOfNode}
      onEdgeMouseEnter={onEdgeMouseEnter}
      onEdgeMouseLeave={onEdgeMouseLeave}
      zoomOnDoubleClick={false}
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
      <HoveredLabel edge={hovered} />
      <RefitAfterRefine refined={refined} nodes={nodes} />
      <GraphOverlays edges={edges} vertical={direction === 'TB'} zoomClass={zoomClass} model={model} grouping={grouping} />
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
