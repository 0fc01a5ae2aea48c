/**
 * Links between seats whose mandates or work overlap (mandate-overlap, unruled-overlap,
 * duplicate-work). They are not designed edges, so they are drawn apart from React Flow's edge list:
 * the lower seat id of each pair draws a dashed link to its partner in the viewport portal, under
 * the nodes, with a small "Overlap" label (`overlap-<a>-<b>`, a < b) whose title gives the reasons.
 */
import { memo, type SyntheticEvent } from 'react';
import { useInternalNode, ViewportPortal, type InternalNode } from '@xyflow/react';
import { useFleet } from '../store/hooks';
import { overlapEdgeId } from './signalTargets';
import { useHighlight, useOverlapLink, useOverlapPartners } from './useSignals';
import { OverlapIcon } from './warningIcons';

/** Gap between a seat's border and the end of the link. */
const GAP = 6;

interface Box {
  cx: number;
  cy: number;
  hw: number;
  hh: number;
}

function boxOf(node: InternalNode | undefined): Box | null {
  const w = node?.measured.width;
  const h = node?.measured.height;
  if (!node || !w || !h) return null;
  const p = node.internals.positionAbsolute;
  return { cx: p.x + w / 2, cy: p.y + h / 2, hw: w / 2, hh: h / 2 };
}

/** Where the line from the box's centre towards (dx, dy) leaves the box, plus a small gap. */
function exitPoint(box: Box, dx: number, dy: number): { x: number; y: number; t: number } {
  const len = Math.hypot(dx, dy);
  const t = Math.min(dx === 0 ? Infinity : box.hw / Math.abs(dx), dy === 0 ? Infinity : box.hh / Math.abs(dy)) + GAP / len;
  return { x: box.cx + dx * t, y: box.cy + dy * t, t };
}

/** Link geometry between two seat boxes, or null when they touch (nothing to draw). */
export function overlapGeometry(a: Box, b: Box): { x1: number; y1: number; x2: number; y2: number; mx: number; my: number } | null {
  const dx = b.cx - a.cx;
  const dy = b.cy - a.cy;
  if (dx === 0 && dy === 0) return null;
  const start = exitPoint(a, dx, dy);
  const end = exitPoint(b, -dx, -dy);
  if (start.t + end.t >= 1) return null;
  return { x1: start.x, y1: start.y, x2: end.x, y2: end.y, mx: (start.x + end.x) / 2, my: (start.y + end.y) / 2 };
}

const REASON: Record<string, string> = {
  'mandate-overlap': 'same domain',
  'duplicate-work': 'duplicate work',
  'unruled-overlap': 'no rule',
};

const stop = (event: SyntheticEvent) => event.stopPropagation();

const OverlapLink = memo(function OverlapLink({ a, b }: { a: string; b: string }) {
  const key = `${a}+${b}`;
  const info = useOverlapLink(key);
  const nameA = useFleet((s) => s.data?.seats.byId[a]?.name ?? a);
  const nameB = useFleet((s) => s.data?.seats.byId[b]?.name ?? b);
  const highlight = useHighlight('edge', overlapEdgeId(a, b));
  const boxA = boxOf(useInternalNode(a));
  const boxB = boxOf(useInternalNode(b));
  if (!info || !boxA || !boxB) return null;
  const geometry = overlapGeometry(boxA, boxB);
  if (!geometry) return null;
  const [severity = 'warning', kinds = '', messages = ''] = info.split('\t');
  const reasons = kinds.split(',').map((k) => REASON[k] ?? k);
  const state = highlight === 'on' ? ' is-highlighted' : highlight === 'off' ? ' is-dimmed' : '';
  const title = `${nameA} and ${nameB} overlap (${reasons.join(', ')})\n${messages}`;
  return (
    <>
      <svg className={`overlap-line is-${severity}${state}`} width="1" height="1" aria-hidden="true">
        <path d={`M${geometry.x1},${geometry.y1} L${geometry.x2},${geometry.y2}`} />
      </svg>
      <div
        className={`overlap-label overlap-label--${severity}${state} nodrag nopan`}
        data-testid={`overlap-${a}-${b}`}
        data-severity={severity}
        role="img"
        aria-label={`${nameA} and ${nameB} overlap: ${reasons.join(', ')}`}
        title={title}
        style={{ transform: `translate(-50%, -50%) translate(${geometry.mx}px, ${geometry.my}px)` }}
        onClick={stop}
        onMouseDown={stop}
        onPointerDown={stop}
        onDoubleClick={stop}
      >
        <OverlapIcon size={13} />
        <span>Overlap</span>
      </div>
    </>
  );
});

/** The overlap links a seat draws: to each partner whose id sorts after its own. */
export const SeatOverlapLinks = memo(function SeatOverlapLinks({ seatId }: { seatId: string }) {
  const partners = useOverlapPartners(seatId);
  if (!partners) return null;
  return (
    <ViewportPortal>
      {partners.split('\n').map((b) => (
        <OverlapLink key={b} a={seatId} b={b} />
      ))}
    </ViewportPortal>
  );
});
