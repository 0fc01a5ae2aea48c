/**
 * Focus: a seat's neighbourhood stays bright and everything else dims. Selecting a seat focuses it;
 * F focuses the open or keyboard-focused seat; Esc clears. The dimming is one generated style
 * sheet naming what stays bright, so focusing re-renders no node or edge (a thousand seats stay
 * fluid). Opening a seat's panel also pans the canvas, if needed, so the seat and its neighbours
 * stay in view beside the panel.
 */
import { useEffect, useMemo, useRef } from 'react';
import { Panel, useReactFlow, useStore as useFlowStore } from '@xyflow/react';
import { useFleet } from '../store/hooks';
import { useSelection } from '../store/selection';
import { useView } from '../store/viewStore';
import { signalIndexOf } from '../warnings/signalIndex';
import type { GraphModel } from './graphModel';
import { neighbourhood, type LinkLike } from './neighbourhood';

const NO_LINKS: readonly LinkLike[] = [];

/** React Flow learns the canvas's new size (the panel opened) from a ResizeObserver: pan after it has. */
const AFTER_RESIZE_MS = 80;

function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT';
}

/** F and Esc on the graph. */
export function useFocusKeys() {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || isTypingTarget(event.target)) return;
      const view = useView.getState();
      if (event.key === 'Escape' && view.focus) {
        view.setFocus(null);
        return;
      }
      if (event.key !== 'f' && event.key !== 'F') return;
      const active = document.activeElement as HTMLElement | null;
      const nodeId = active?.classList.contains('react-flow__node-seat') ? active.dataset.id : undefined;
      const seat = nodeId ?? useSelection.getState().seat;
      if (!seat) return;
      event.preventDefault();
      view.setFocus(view.focus === seat ? null : seat);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);
}

const labelTestId = (edgeId: string): string => {
  // `handoff:a->b` is labelled `handoff-a-b` (FleetEdges.tsx).
  const [kind, pair = ''] = edgeId.split(':');
  const [from, to] = pair.split('->');
  return `${kind}-${from}-${to}`;
};

export function GraphFocus({ model }: { model: GraphModel }) {
  const focus = useView((s) => s.focus);
  const twoHop = useView((s) => s.twoHop);
  const specs = useFleet((s) => s.data?.edges);
  const overlaps = useFleet((s) => signalIndexOf(s.data?.signals).overlaps);
  const focusName = useFleet((s) => (focus ? (s.data?.seats.byId[focus]?.name ?? focus) : ''));

  const around = useMemo(() => {
    if (!focus || !specs) return null;
    const pairs = [...overlaps.values()].map((o) => [o.a, o.b] as const);
    return neighbourhood(focus, specs, pairs, twoHop ? 2 : 1);
  }, [focus, specs, overlaps, twoHop]);

  // Clearing the panel of the focused seat clears the focus.
  useEffect(
    () =>
      useSelection.subscribe((state, previous) => {
        if (previous.seat && !state.seat && useView.getState().focus === previous.seat) useView.getState().setFocus(null);
      }),
    [],
  );

  const sheet = useMemo(() => {
    if (!around) return '';
    const nodes = new Set<string>();
    for (const seat of around.seats) nodes.add(model.nodeOf(seat));
    const bright: string[] = [];
    for (const id of nodes) bright.push(`.fleet-graph .react-flow__node[data-id="${CSS.escape(id)}"]`);
    for (const spec of model.directEdges) {
      if (!around.edges.has(spec.id)) continue;
      bright.push(`.fleet-graph .react-flow__edge[data-id="${CSS.escape(spec.id)}"]`, `.fleet-graph [data-testid="${labelTestId(spec.id)}"]`);
    }
    for (const agg of model.aggregated) {
      if (!agg.members.some((m) => around.edges.has(m))) continue;
      bright.push(`.fleet-graph .react-flow__edge[data-id="${CSS.escape(agg.id)}"]`, `.fleet-graph [data-testid="group-edge-${agg.from}-${agg.to}"]`);
    }
    for (const key of around.overlaps) {
      const [a, b] = key.split('+');
      bright.push(`.fleet-graph [data-testid="overlap-${a}-${b}"]`);
    }
    return [
      '.fleet-graph .react-flow__node:not(.react-flow__node-frame), .fleet-graph .react-flow__edge, .fleet-graph .edge-label, .fleet-graph .overlap-label, .fleet-graph .overlap-line { opacity: 0.16; transition: opacity 0.15s; }',
      `${bright.join(',\n')} { opacity: 1; }`,
    ].join('\n');
  }, [around, model]);

  usePanToOpenSeat(model, specs ?? NO_LINKS);

  if (!focus) return null;
  return (
    <>
      <style data-testid="focus-style">{sheet}</style>
      <Panel position="top-center" className="focus-bar" data-testid="focus-bar">
        <span>
          Focus: <strong>{focusName}</strong>
        </span>
        <label className="focus-two-hop">
          <input type="checkbox" checked={twoHop} onChange={(e) => useView.getState().setTwoHop(e.target.checked)} data-testid="focus-two-hop" />
          Two hops
        </label>
        <button type="button" className="focus-clear" onClick={() => useView.getState().setFocus(null)} data-testid="focus-clear" aria-label="Clear focus (Esc)">
          Clear <kbd>Esc</kbd>
        </button>
      </Panel>
    </>
  );
}

/** When a seat's panel opens, pan so the seat and its neighbours are in view (the canvas just got narrower). */
function usePanToOpenSeat(model: GraphModel, links: readonly LinkLike[]) {
  const open = useSelection((s) => s.seat);
  const linksRef = useRef(links);
  linksRef.current = links;
  const modelRef = useRef(model);
  modelRef.current = model;
  const { getInternalNode, getViewport, setViewport } = useReactFlow();
  const width = useFlowStore((s) => s.width);
  const height = useFlowStore((s) => s.height);
  useEffect(() => {
    if (!open) return;
    const timer = setTimeout(() => {
      const nodeOf = modelRef.current.nodeOf;
      const around = neighbourhood(open, linksRef.current, [], 1);
      const boxes = [...around.seats]
        .map((seat) => getInternalNode(nodeOf(seat)))
        .filter((n) => n !== undefined)
        .map((n) => ({ x: n.internals.positionAbsolute.x, y: n.internals.positionAbsolute.y, w: n.measured.width ?? 0, h: n.measured.height ?? 0 }));
      const self = getInternalNode(nodeOf(open));
      if (!self || boxes.length === 0) return;
      const { x, y, zoom } = getViewport();
      const pad = 24;
      const minX = Math.min(...boxes.map((b) => b.x));
      const minY = Math.min(...boxes.map((b) => b.y));
      const maxX = Math.max(...boxes.map((b) => b.x + b.w));
      const maxY = Math.max(...boxes.map((b) => b.y + b.h));
      const inView = (px: number, py: number) => px * zoom + x >= pad && px * zoom + x <= width - pad && py * zoom + y >= pad && py * zoom + y <= height - pad;
      if (inView(minX, minY) && inView(maxX, maxY)) return;
      // Keep the zoom when everything fits at it, else zoom out just enough (never below 0.35).
      const fit = Math.min((width - pad * 2) / (maxX - minX || 1), (height - pad * 2) / (maxY - minY || 1));
      const nextZoom = Math.max(0.35, Math.min(zoom, fit));
      const cx = (minX + maxX) / 2;
      const cy = (minY + maxY) / 2;
      void setViewport({ x: width / 2 - cx * nextZoom, y: height / 2 - cy * nextZoom, zoom: nextZoom }, { duration: 300 });
    }, AFTER_RESIZE_MS);
    return () => clearTimeout(timer);
    // Only when another seat opens (or the canvas size settles for it), not on every message.
  }, [open, width, height, getInternalNode, getViewport, setViewport]);
}
