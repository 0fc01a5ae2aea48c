/**
 * Keeps what the warnings point at in view: when a selected warning's highlight changes, the graph
 * pans (and zooms out if needed) to fit its seats; when the warnings panel opens or closes and so
 * resizes the canvas, the whole graph is fitted again. Lives inside <ReactFlow> for useReactFlow.
 */
import { useEffect, useRef } from 'react';
import { useReactFlow } from '@xyflow/react';
import { useSelection } from '../store/selection';

/** React Flow learns the canvas's new size from a ResizeObserver: fit after it has. */
const AFTER_RESIZE_MS = 60;

export function FocusHighlight() {
  const seats = useSelection((s) => s.highlightedSeats);
  const warningsOpen = useSelection((s) => s.warningsOpen);
  const { fitView, getNode } = useReactFlow();

  useEffect(() => {
    const nodes = seats.filter((id) => getNode(id)).map((id) => ({ id }));
    if (nodes.length === 0) return;
    const timer = setTimeout(() => void fitView({ nodes, padding: 0.35, maxZoom: 1, duration: 350 }), AFTER_RESIZE_MS);
    return () => clearTimeout(timer);
  }, [seats, fitView, getNode]);

  const panelWas = useRef(warningsOpen);
  useEffect(() => {
    if (panelWas.current === warningsOpen) return;
    panelWas.current = warningsOpen;
    if (useSelection.getState().highlightedSeats.length > 0) return;
    const timer = setTimeout(() => void fitView({ padding: 0.08, maxZoom: 1, duration: 250 }), AFTER_RESIZE_MS);
    return () => clearTimeout(timer);
  }, [warningsOpen, fitView]);
  return null;
}
