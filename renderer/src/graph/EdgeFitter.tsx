/**
 * Keeps the edges' fits (edgeFitting.ts) in step with where seats are: after the nodes settle (not
 * during a drag) and the labels have been measured, it refits every drawn edge and publishes one
 * `"bend:t"` per edge, which each edge component reads by its id. Big canvases skip it (they are
 * read as groups, and the pass grows with seats × edges).
 */
import { useEffect } from 'react';
import { useStore as useFlowStore } from '@xyflow/react';
import { create } from 'zustand';
import { fitEdges, type FitInput, type Rect } from './edgeFitting';
import type { FleetEdgeType } from './FleetEdges';

/** Past this many nodes the pass is skipped: it would be a long task after every drop. */
const FIT_UP_TO = 80;

const useFits = create<{ fits: Record<string, string> }>(() => ({ fits: {} }));

export function useEdgeFit(edgeId: string): { bend: number; t: number | undefined } {
  const key = useFits((s) => s.fits[edgeId] ?? '');
  if (!key) return { bend: 0, t: undefined };
  const [bend, t] = key.split(':');
  return { bend: Number(bend) || 0, t: Number(t) || undefined };
}

function labelTestId(edge: FleetEdgeType): string {
  if (edge.type === 'group') {
    const data = edge.data as { from: string; to: string };
    return `group-edge-${data.from}-${data.to}`;
  }
  const data = edge.data as { from: string; to: string };
  return `${edge.type}-${data.from}-${data.to}`;
}

export function EdgeFitter({ edges, vertical, zoomClass }: { edges: readonly FleetEdgeType[]; vertical: boolean; zoomClass: string }) {
  // Node boxes as one key; null while anything is being dragged (the fit waits for the drop).
  const key = useFlowStore((s) => {
    if (s.nodeLookup.size > FIT_UP_TO) return 'off';
    let k = '';
    for (const n of s.nodeLookup.values()) {
      if (n.dragging) return null;
      if (n.type === 'frame') continue;
      k += `${n.id},${Math.round(n.internals.positionAbsolute.x)},${Math.round(n.internals.positionAbsolute.y)},${n.measured.width ?? 0},${n.measured.height ?? 0};`;
    }
    return k;
  });
  const nodeLookup = useFlowStore((s) => s.nodeLookup);

  useEffect(() => {
    if (key === null) return;
    if (key === 'off') {
      useFits.setState({ fits: {} });
      return;
    }
    const seats = new Map<string, Rect>();
    for (const n of nodeLookup.values()) {
      if (n.type === 'frame' || !n.measured.width || !n.measured.height) continue;
      seats.set(n.id, { x: n.internals.positionAbsolute.x, y: n.internals.positionAbsolute.y, width: n.measured.width, height: n.measured.height });
    }
    const handle = (id: string, kind: 'source' | 'target') => {
      const n = nodeLookup.get(id);
      const box = seats.get(id);
      if (!n || !box) return null;
      const h = n.internals.handleBounds?.[kind]?.[0];
      if (h) return { x: box.x + h.x + h.width / 2, y: box.y + h.y + h.height / 2 };
      if (vertical) return { x: box.x + box.width / 2, y: kind === 'source' ? box.y + box.height : box.y };
      return { x: kind === 'source' ? box.x + box.width : box.x, y: box.y + box.height / 2 };
    };
    const inputs: FitInput[] = [];
    for (const edge of edges) {
      const s = handle(edge.source, 'source');
      const t = handle(edge.target, 'target');
      if (!s || !t) continue;
      const label = document.querySelector<HTMLElement>(`[data-testid="${labelTestId(edge)}"]`);
      const data = edge.data as { lane?: number; lanes?: number };
      inputs.push({
        id: edge.id,
        kind: edge.type ?? 'handoff',
        source: edge.source,
        target: edge.target,
        sx: s.x,
        sy: s.y,
        tx: t.x,
        ty: t.y,
        lane: data.lane ?? 0,
        lanes: data.lanes ?? 1,
        label: label && label.offsetWidth > 0 ? { width: label.offsetWidth, height: label.offsetHeight } : null,
      });
    }
    const fits = fitEdges(inputs, seats, vertical);
    const next: Record<string, string> = {};
    for (const [id, fit] of fits) if (fit.bend !== 0 || fit.t !== 0.5) next[id] = `${fit.bend}:${fit.t}`;
    useFits.setState({ fits: next });
  }, [key, nodeLookup, edges, vertical, zoomClass]);
  return null;
}
