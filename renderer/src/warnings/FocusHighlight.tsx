/**
 * Brings a selected warning's seats into view: when the highlight changes, the graph pans (and
 * zooms out if needed) to fit them. Lives inside <ReactFlow> for useReactFlow; renders nothing.
 */
import { useEffect } from 'react';
import { useReactFlow } from '@xyflow/react';
import { useSelection } from '../store/selection';

export function FocusHighlight() {
  const seats = useSelection((s) => s.highlightedSeats);
  const { fitView, getNode } = useReactFlow();
  useEffect(() => {
    const nodes = seats.filter((id) => getNode(id)).map((id) => ({ id }));
    if (nodes.length === 0) return;
    void fitView({ nodes, padding: 0.35, maxZoom: 1, duration: 350 });
  }, [seats, fitView, getNode]);
  return null;
}
