/**
 * The graph's nodes: seat cards, collapsed group cards and group frames.
 *
 * Two ways to place them, chosen when a fleet opens:
 * - a small fleet (groups open expanded) is placed seat by seat: saved positions (`getLayout`)
 *   win; on a first open (nothing saved) quickPlacement.ts draws groups in rows at once, and elk's
 *   layout of the whole fleet from the layout worker (elkFleetLayout.ts) replaces it, unless the
 *   user dragged a seat meanwhile (refinedLayout.ts), and is saved; new seats are placed next to
 *   their neighbours without moving anyone; a collapsed group's card sits where its seats were,
 *   frames follow the seats;
 * - a big fleet (groups open collapsed) packs groups and lone seats in rows (groupLayout.ts),
 *   laying out only what is expanded (elk, in the worker), so nothing waits for a layout.
 * Existing nodes keep their object (and so React Flow's selection and measured size) unless they
 * moved. Drags are saved through `saveLayout`, debounced, on drag stop.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { applyNodeChanges, type NodeChange, type OnNodeDrag } from '@xyflow/react';
import type { FleetApi, FleetIdentity, LayoutPositions } from '../../../shared/api';
import { useFleet } from '../store/hooks';
import { COLLAPSE_AFTER_SEATS } from '../../../shared/viewState';
import type { EdgeSpec } from './edgeSpecs';
import { groupNodeId, type GraphModel } from './graphModel';
import { FRAME_HEADER, FRAME_PAD, frameAround, packUnits, type Box, type LayoutUnit } from './groupLayout';
import type { FrameNodeType, GroupNodeType } from './GroupNodes';
import { refineFleet, refineGroups, settleLayout, warmLayoutWorker } from './layoutWorkerClient';
import { inferDirection, layoutLinks, placeNewSeats, type Direction, type Point, type Positions } from './layout';
import { quickPlacement } from './quickPlacement';
import { adoptRefined } from './refinedLayout';
import type { SeatNodeType } from './SeatNode';

const SAVE_DELAY_MS = 400;
/** How long a first expansion waits for the layout worker before it takes the quick grid. */
const REFINE_WAIT_MS = 700;

export type GraphNode = SeatNodeType | GroupNodeType | FrameNodeType;

export const frameNodeId = (groupId: string): string => `frame:${groupId}`;

function samePoint(a: Point, b: Point): boolean {
  return a.x === b.x && a.y === b.y;
}

export interface SeatNodes {
  /** False until the saved layout has been read for this fleet. */
  ready: boolean;
  direction: Direction;
  nodes: GraphNode[];
  onNodesChange(changes: NodeChange<GraphNode>[]): void;
  onNodeDragStart: OnNodeDrag<GraphNode>;
  onNodeDragStop: OnNodeDrag<GraphNode>;
  /** Bumped when elk's layout of a small fleet replaced the quick placement (fit the view again). */
  refined: number;
}

export function useSeatNodes(api: FleetApi, fleetKey: string, seatIds: readonly string[], edges: readonly EdgeSpec[], labels: ReadonlyMap<string, string>, model: GraphModel | null): SeatNodes {
  /** The fleet whose saved layout has been read. */
  const [layoutFor, setLayoutFor] = useState<string | null>(null);
  const [nodes, setNodes] = useState<GraphNode[]>([]);
  const nodesRef = useRef(nodes);
  nodesRef.current = nodes;
  /** Saved positions of this fleet, updated on each drag (seats that vanish keep their place). */
  const savedRef = useRef<Positions>({});
  /** Where every seat laid out so far is, drawn or inside a collapsed group. */
  const placedRef = useRef<Positions>({});
  /** Packed layout only: the row width of the first packing, kept so rows do not re-wrap. */
  const rowWidthRef = useRef<number | undefined>(undefined);
  /** Chosen when the fleet opens: a big fleet is packed by groups. */
  const packedRef = useRef(false);
  /** Chosen with the first layout of a fleet and kept, so handles do not jump as seats come and go. */
  const [direction, setDirection] = useState<Direction>('TB');
  const saveTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  /** Positions waiting to be saved, with the fleet they were dragged in (the host refuses another). */
  const pendingSave = useRef<{ fleet: FleetIdentity; positions: LayoutPositions } | null>(null);
  const root = useFleet((s) => s.data?.snapshot.root ?? '');
  const fleetRef = useRef<FleetIdentity>({ root, session: fleetKey });
  fleetRef.current = { root, session: fleetKey };
  /** Packed layout: groups sent to the layout worker (once each). */
  const refineRef = useRef(new Map<string, 'pending' | 'done'>());
  const persistAfterLayout = useRef(false);
  /** Bumped when the worker's refined offsets arrive, to place the nodes again. */
  const [refinedTick, setRefinedTick] = useState(0);
  /** Small fleet: bumped when elk's layout of the whole fleet replaced the quick placement. */
  const [fleetRefined, setFleetRefined] = useState(0);
  /** Drags started so far: elk's layout that arrives after the user started moving a seat is dropped. */
  const dragsRef = useRef(0);

  // Read the saved layout whenever another fleet is shown.
  useEffect(() => {
    let live = true;
    setNodes([]);
    placedRef.current = {};
    rowWidthRef.current = undefined;
    refineRef.current = new Map();
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

  const ready = layoutFor === fleetKey && model !== null;

  useEffect(() => {
    if (!ready || !model) return;
    const current = nodesRef.current;
    const placed = placedRef.current;
    const saved = savedRef.current;
    const firstLayout = current.length === 0 && Object.keys(placed).length === 0;
    if (firstLayout) {
      packedRef.current = seatIds.length > COLLAPSE_AFTER_SEATS;
      // Start the worker (and elk's first, slow run) before anyone expands a group.
      if (packedRef.current) warmLayoutWorker();
    }
    const links = layoutLinks(edges);

    const seatPos: Positions = {};
    const cardPos: Positions = {};
    const frames: Record<string, Box> = {};
    let dir = direction;
    if (packedRef.current) {
      dir = 'TB';
      if (dir !== direction) setDirection(dir);
      const known: Positions = { ...saved, ...placed };
      // A group expanded for the first time (none of its seats has a place yet) is laid out in the
      // worker first; its card stays until the answer comes, or a short wait runs out (then a grid).
      const refine = refineRef.current;
      const fresh = model.groups.filter((g) => !g.collapsed && !refine.has(g.id) && g.seats.every((id) => !known[id]));
      for (const g of fresh) refine.set(g.id, 'pending');
      if (fresh.length > 0) {
        const requests = fresh.map((g) => ({ groupId: g.id, seats: g.seats, links: links.filter((l) => g.seats.includes(l.from) && g.seats.includes(l.to)) }));
        let settled = false;
        const finish = (offsets: Record<string, Positions>) => {
          if (settled || refineRef.current !== refine) return; // too late, or another fleet by now
          settled = true;
          for (const g of fresh) refine.set(g.id, 'done');
          for (const shape of Object.values(offsets)) for (const [id, p] of Object.entries(shape)) placed[id] = p;
          // Refined or the quick grid: either way this is now where the seats are, kept across
          // reloads (saved once the next pass has placed them).
          persistAfterLayout.current = true;
          setRefinedTick((n) => n + 1);
        };
        setTimeout(() => finish({}), REFINE_WAIT_MS);
        refineGroups(requests).then(finish, (error: unknown) => {
          console.warn('Seatmap: the layout worker failed; using the quick placement', error);
          finish({});
        });
      }
      const units: LayoutUnit[] = [
        ...model.groups.map((g) => ({ id: g.id, kind: 'group' as const, seats: g.seats, collapsed: g.collapsed || refine.get(g.id) === 'pending' })),
        ...model.grouping.ungrouped.map((id) => ({ id, kind: 'seat' as const, seats: [id], collapsed: false })),
      ];
      const packed = packUnits(units, known, rowWidthRef.current);
      rowWidthRef.current = packed.rowWidth;
      Object.assign(seatPos, packed.seats);
      Object.assign(cardPos, packed.cards);
      Object.assign(frames, packed.frames);
      Object.assign(placed, packed.seats);
    } else {
      const missing = seatIds.filter((id) => !placed[id]);
      if (firstLayout) {
        // elk lays fleets out left to right; a saved layout keeps the direction it was made in.
        dir = inferDirection(saved, links) ?? 'LR';
        if (dir !== direction) setDirection(dir);
        Object.assign(placed, quickPlacement(seatIds, saved, links, dir, { groups: model.grouping.groups, ungrouped: model.grouping.ungrouped }));
        // Nothing saved yet: the quick placement shows at once, elk lays the fleet out in the worker.
        if (seatIds.length > 0 && seatIds.every((id) => !saved[id])) {
          const token = refineRef.current;
          const drags = dragsRef.current;
          refineFleet({ seats: seatIds, groups: model.grouping.groups, links }).then(
            (refined) => {
              if (refineRef.current !== token) return; // another fleet by now
              const shown = Object.keys(placed);
              const adopted = adoptRefined(shown, refined, links, 'LR', dragsRef.current !== drags);
              if (!adopted) return;
              for (const id of shown) placed[id] = adopted[id]!;
              settleLayout();
              setDirection('LR');
              persistAfterLayout.current = true;
              setFleetRefined((n) => n + 1);
            },
            (error: unknown) => console.warn('Seatmap: the layout worker failed; keeping the quick placement', error),
          );
        }
      } else if (missing.length > 0) {
        // A seat that comes back (a fleet.yaml edit and its undo) returns to its saved place.
        const back: Positions = {};
        for (const id of missing) {
          const p = saved[id];
          if (p) back[id] = p;
        }
        Object.assign(placed, back, placeNewSeats({ ...placed, ...back }, missing.filter((id) => !back[id]), links, dir));
      }
      for (const id of model.visibleSeats) seatPos[id] = placed[id] ?? { x: 0, y: 0 };
      for (const g of model.groups) {
        const box = frameAround(g.seats.map((id) => placed[id]).filter((p): p is Point => p !== undefined));
        if (!box) continue;
        if (g.collapsed) cardPos[g.id] = { x: box.x + FRAME_PAD, y: box.y + FRAME_HEADER };
        else frames[g.id] = box;
      }
    }

    const byId = new Map(current.map((n) => [n.id, n]));
    const next: GraphNode[] = [];
    let changed = current.length === 0;
    const keep = <N extends GraphNode>(node: N, same: (old: GraphNode) => boolean): void => {
      const old = byId.get(node.id);
      if (old && old.type === node.type && same(old)) next.push(old);
      else {
        changed = true;
        next.push(node);
      }
    };
    if (model.frames) {
      for (const g of model.groups) {
        const box = frames[g.id];
        if (!box) continue;
        const node: FrameNodeType = {
          id: frameNodeId(g.id),
          type: 'frame',
          position: { x: box.x, y: box.y },
          width: box.width,
          height: box.height,
          style: { width: box.width, height: box.height },
          data: { groupId: g.id, label: g.label, seats: g.seats },
          // Above the edges (its Collapse button must take clicks), below the seats (drawn after it).
          zIndex: 0,
          draggable: false,
          selectable: false,
          focusable: false,
          ariaLabel: `Group ${g.label}`,
        };
        keep(node, (old) => samePoint(old.position, node.position) && old.width === box.width && old.height === box.height && (old.data as { seats: readonly string[] }).seats === g.seats);
      }
    }
    for (const g of model.groups) {
      const at = cardPos[g.id];
      if (!at) continue;
      const node: GroupNodeType = {
        id: groupNodeId(g.id),
        type: 'group',
        position: at,
        data: { groupId: g.id, label: g.label, seats: g.seats },
        ariaLabel: `Group ${g.label}, ${g.seats.length} seats, collapsed`,
      };
      keep(node, (old) => samePoint(old.position, at) && (old.data as { seats: readonly string[] }).seats === g.seats);
    }
    for (const id of model.visibleSeats) {
      const at = seatPos[id];
      // A seat of a group still waiting for the layout worker is not drawn yet (its card is).
      if (!at) continue;
      const label = labels.get(id) ?? id;
      const node: SeatNodeType = { id, type: 'seat', position: at, data: { seatId: id }, ariaLabel: label };
      keep(node, (old) => samePoint(old.position, at) && old.ariaLabel === label);
    }
    if (next.length !== current.length) changed = true;
    if (changed) setNodes(next);
    if (persistAfterLayout.current) {
      persistAfterLayout.current = false;
      persist.current();
    }
  }, [ready, model, seatIds, edges, labels, direction, refinedTick, fleetRefined]);

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

  const onNodesChange = useCallback((changes: NodeChange<GraphNode>[]) => {
    // Seats are removed by the fleet, not by the Delete key.
    const allowed = changes.filter((c) => c.type !== 'remove');
    if (allowed.length > 0) setNodes((current) => applyNodeChanges(allowed, current));
  }, []);

  /** Saves every placed seat (plus saved places of seats that are gone for now), debounced. */
  const persist = useRef(() => {});
  persist.current = () => {
    const positions: LayoutPositions = { ...savedRef.current };
    for (const [id, p] of Object.entries(placedRef.current)) positions[id] = { x: Math.round(p.x), y: Math.round(p.y) };
    savedRef.current = positions;
    pendingSave.current = { fleet: fleetRef.current, positions };
    if (saveTimer.current) clearTimeout(saveTimer.current);
    saveTimer.current = setTimeout(flushSave, SAVE_DELAY_MS);
  };

  // Counted when a drag starts, so a layout that arrives mid-drag does not move the seat under the pointer.
  const onNodeDragStart = useCallback<OnNodeDrag<GraphNode>>(() => {
    dragsRef.current++;
  }, []);

  const onNodeDragStop = useCallback<OnNodeDrag<GraphNode>>(
    (_event, _node, dragged) => {
      const placed = placedRef.current;
      const before = new Map(nodesRef.current.map((n) => [n.id, n.position]));
      for (const n of dragged) {
        if (n.type === 'seat') placed[n.id] = { x: Math.round(n.position.x), y: Math.round(n.position.y) };
        else if (n.type === 'group') {
          // A collapsed group moved: its seats move with it.
          const was = before.get(n.id);
          const dx = was ? n.position.x - was.x : 0;
          const dy = was ? n.position.y - was.y : 0;
          for (const seat of (n.data as { seats: readonly string[] }).seats) {
            const p = placed[seat];
            if (p) placed[seat] = { x: Math.round(p.x + dx), y: Math.round(p.y + dy) };
          }
        }
      }
      // Frames follow their seats.
      setNodes((current) =>
        current.map((n) => {
          if (n.type !== 'frame') return n;
          const box = frameAround((n.data.seats as readonly string[]).map((id) => placed[id]).filter((p): p is Point => p !== undefined));
          if (!box || (samePoint(box, n.position) && box.width === n.width && box.height === n.height)) return n;
          return { ...n, position: { x: box.x, y: box.y }, width: box.width, height: box.height, style: { width: box.width, height: box.height } };
        }),
      );
      persist.current();
    },
    [],
  );

  return { ready, direction, nodes: ready ? nodes : [], onNodesChange, onNodeDragStart, onNodeDragStop, refined: fleetRefined };
}
