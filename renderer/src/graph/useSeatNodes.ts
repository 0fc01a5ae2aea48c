/**
 * The graph's nodes: one per seat, positioned from the saved layout (`getLayout`), a fresh dagre
 * layout on first open, or placed next to their neighbours when they appear later (layout.ts).
 * Existing nodes keep their object (and so React Flow's selection and measured size) across
 * patches. Drags are saved through `saveLayout`, debounced, on drag stop.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { applyNodeChanges, type NodeChange, type OnNodeDrag } from '@xyflow/react';
import type { FleetApi, FleetIdentity, LayoutPositions } from '../../../shared/api';
import { useFleet } from '../store/hooks';
import type { EdgeSpec } from './edgeSpecs';
import { directionFor, inferDirection, initialPositions, layoutLinks, placeNewSeats, type Direction, type Positions } from './layout';
import type { SeatNodeType } from './SeatNode';

const SAVE_DELAY_MS = 400;

function seatNode(id: string, position: { x: number; y: number }, label: string): SeatNodeType {
  return { id, type: 'seat', position, data: { seatId: id }, ariaLabel: label };
}


export interface SeatNodes {
  /** False until the saved layout has been read for this fleet. */
  ready: boolean;
  direction: Direction;
  nodes: SeatNodeType[];
  onNodesChange(changes: NodeChange<SeatNodeType>[]): void;
  onNodeDragStop: OnNodeDrag<SeatNodeType>;
}

export function useSeatNodes(api: FleetApi, fleetKey: string, seatIds: readonly string[], edges: readonly EdgeSpec[], labels: ReadonlyMap<string, string>): SeatNodes {
  /** The fleet whose saved layout has been read. */
  const [layoutFor, setLayoutFor] = useState<string | null>(null);
  const [nodes, setNodes] = useState<SeatNodeType[]>([]);
  const nodesRef = useRef(nodes);
  nodesRef.current = nodes;
  /** Saved positions of this fleet, updated on each drag (seats that vanish keep their place). */
  const savedRef = useRef<Positions>({});
  /** Chosen with the first layout of a fleet and kept, so handles do not jump as seats come and go. */
  const [direction, setDirection] = useState<Direction>('TB');
  const saveTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  /** Positions waiting to be saved, with the fleet they were dragged in (the host refuses another). */
  const pendingSave = useRef<{ fleet: FleetIdentity; positions: LayoutPositions } | null>(null);
  const root = useFleet((s) => s.data?.snapshot.root ?? '');
  const fleetRef = useRef<FleetIdentity>({ root, session: fleetKey });
  fleetRef.current = { root, session: fleetKey };

  // Read the saved layout whenever another fleet is shown.
  useEffect(() => {
    let live = true;
    setNodes([]);
    api
      .getLayout()
      .catch(() => ({}) as LayoutPositions)
      .then((saved) => {
        if (!live) return;
        savedRef.current = { ...saved };
        setLayoutFor(fleetKey);
      });
    return () => {
      live = false;
    };
  }, [api, fleetKey]);

  const ready = layoutFor === fleetKey;

  // Add nodes for new seats, drop nodes of removed ones; everyone else stays where they are.
  useEffect(() => {
    if (!ready) return;
    const saved = savedRef.current;
    const current = nodesRef.current;
    const byId = new Map(current.map((n) => [n.id, n]));
    const links = layoutLinks(edges);
    const missing = seatIds.filter((id) => !byId.has(id));
    let placed: Positions = {};
    let dir = direction;
    if (current.length === 0) {
      dir = inferDirection(saved, links) ?? directionFor(seatIds, links);
      if (dir !== direction) setDirection(dir);
      placed = initialPositions(seatIds, saved, links, dir);
    } else if (missing.length > 0) {
      const existing: Positions = {};
      for (const n of current) existing[n.id] = n.position;
      // A seat that comes back (a fleet.yaml edit and its undo) returns to its saved place.
      const back: Positions = {};
      for (const id of missing) {
        const p = saved[id];
        if (p) back[id] = p;
      }
      placed = { ...back, ...placeNewSeats({ ...existing, ...back }, missing.filter((id) => !back[id]), links, dir) };
    }
    let changed = current.length !== seatIds.length || missing.length > 0;
    const next = seatIds.map((id) => {
      const label = labels.get(id) ?? id;
      const old = byId.get(id);
      if (old) {
        if (old.ariaLabel === label) return old;
        changed = true;
        return { ...old, ariaLabel: label };
      }
      return seatNode(id, placed[id] ?? { x: 0, y: 0 }, label);
    });
    if (changed) setNodes(next);
  }, [ready, seatIds, edges, labels, direction]);

  const flushSave = useCallback(() => {
    if (saveTimer.current) clearTimeout(saveTimer.current);
    saveTimer.current = null;
    const pending = pendingSave.current;
    pendingSave.current = null;
    if (pending) api.saveLayout(pending.fleet, pending.positions).catch((error: unknown) => console.warn('Seatmap: could not save the layout', error));
  }, [api]);

  // Save what is pending when the window goes away. When another fleet opens, a pending save is
  // dropped: the host has already switched, and the old fleet's positions must not land in the new one.
  useEffect(() => {
    window.addEventListener('pagehide', flushSave);
    return () => {
      window.removeEventListener('pagehide', flushSave);
      if (saveTimer.current) clearTimeout(saveTimer.current);
      saveTimer.current = null;
      pendingSave.current = null;
    };
  }, [flushSave, fleetKey]);

  const onNodesChange = useCallback((changes: NodeChange<SeatNodeType>[]) => {
    // Seats are removed by the fleet, not by the Delete key.
    const allowed = changes.filter((c) => c.type !== 'remove');
    if (allowed.length > 0) setNodes((current) => applyNodeChanges(allowed, current));
  }, []);

  const onNodeDragStop = useCallback<OnNodeDrag<SeatNodeType>>(
    (_event, _node, dragged) => {
      const moved = new Map(dragged.map((n) => [n.id, n.position]));
      // Everything on screen plus saved places of seats that are gone for now.
      const positions: LayoutPositions = { ...savedRef.current };
      for (const n of nodesRef.current) {
        const p = moved.get(n.id) ?? n.position;
        positions[n.id] = { x: Math.round(p.x), y: Math.round(p.y) };
      }
      savedRef.current = positions;
      pendingSave.current = { fleet: fleetRef.current, positions };
      if (saveTimer.current) clearTimeout(saveTimer.current);
      saveTimer.current = setTimeout(flushSave, SAVE_DELAY_MS);
    },
    [flushSave],
  );

  return { ready, direction, nodes: ready ? nodes : [], onNodesChange, onNodeDragStop };
}
