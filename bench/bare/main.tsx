/**
 * The baseline page of `npm run bench:ui`: bare React Flow with `?nodes=N&edges=E` memo'd nodes on a
 * grid and E labelled edges, each node reading its count through a per-id selector (the same
 * technique Seatmap uses). `window.bump(i)` raises node i's count, for the append → paint figure.
 */
import { memo } from 'react';
import { createRoot } from 'react-dom/client';
import { create } from 'zustand';
import { Background, Handle, Position, ReactFlow, type Edge, type Node, type NodeProps } from '@xyflow/react';
import '@xyflow/react/dist/style.css';

const params = new URLSearchParams(location.search);
const N = Number(params.get('nodes') ?? 100);
const E = Number(params.get('edges') ?? 100);
const COLS = Math.ceil(Math.sqrt(N * 1.9));

const useCounts = create<{ counts: Record<string, number> }>(() => ({ counts: {} }));
(window as unknown as { bump(i: number): void }).bump = (i: number) => {
  const id = `n${i}`;
  useCounts.setState((s) => ({ counts: { ...s.counts, [id]: (s.counts[id] ?? 0) + 1 } }));
};

type CardNode = Node<{ label: string }, 'card'>;
const Card = memo(function Card({ id, data }: NodeProps<CardNode>) {
  const count = useCounts((s) => s.counts[id] ?? 0);
  return (
    <div data-testid={`bare-${id}`} style={{ width: 224, height: 112, border: '1px solid #ccd', borderRadius: 10, background: '#fff', padding: 10, boxSizing: 'border-box', font: '13px sans-serif' }}>
      <Handle type="target" position={Position.Top} />
      <strong>{data.label}</strong>
      <div className="count">{count} unread</div>
      <Handle type="source" position={Position.Bottom} />
    </div>
  );
});

const nodes: CardNode[] = Array.from({ length: N }, (_, i) => ({ id: `n${i}`, type: 'card', position: { x: (i % COLS) * 280, y: Math.floor(i / COLS) * 180 }, data: { label: `Seat ${i}` } }));
const edges: Edge[] = Array.from({ length: E }, (_, i) => ({ id: `e${i}`, source: `n${i % N}`, target: `n${(i * 7 + 1) % N}`, label: `${i} msgs` }));

createRoot(document.getElementById('root')!).render(
  <div style={{ width: '100vw', height: '100vh' }}>
    <ReactFlow defaultNodes={nodes} defaultEdges={edges} nodeTypes={{ card: Card }} fitView onlyRenderVisibleElements={N > 120} minZoom={0.05}>
      <Background />
    </ReactFlow>
  </div>,
);
