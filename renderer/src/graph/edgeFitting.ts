/**
 * Fitting edges around seats (pure, unit-tested): for each drawn edge, how far to bend its curve so
 * it does not run through a seat it does not connect, and where along it to put the label so the
 * label sits on no seat and no other label. Greedy, most important edges first (designed handoffs,
 * then traffic, then rules); a few hundred candidate curves for a small fleet, well under a
 * millisecond per edge.
 */
import { curvePoints, pointAt, type P } from './edgeGeometry';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface FitInput {
  id: string;
  kind: 'handoff' | 'traffic' | 'rule' | 'group';
  source: string;
  target: string;
  /** Handle positions, canvas coordinates. */
  sx: number;
  sy: number;
  tx: number;
  ty: number;
  lane: number;
  lanes: number;
  /** The label's size, or null when it has none. */
  label: { width: number; height: number } | null;
}

export interface EdgeFit {
  bend: number;
  t: number;
}

const BENDS = [0, 45, -45, 90, -90, 140, -140, 200, -200, 270, -270];
const TS = [0.5, 0.42, 0.58, 0.34, 0.66, 0.27, 0.73, 0.2, 0.8];
const KIND_ORDER: Record<FitInput['kind'], number> = { handoff: 0, group: 1, traffic: 2, rule: 3 };
const SAMPLES = 48;
/** Seats are a little smaller for crossing tests (the curve leaves through the seat's edge), labels a little bigger. */
const SEAT_INSET = 6;
const LABEL_MARGIN = 3;

const inside = (p: P, r: Rect, inset: number) => p.x > r.x + inset && p.x < r.x + r.width - inset && p.y > r.y + inset && p.y < r.y + r.height - inset;
const overlaps = (a: Rect, b: Rect) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

export function fitEdges(edges: readonly FitInput[], seats: ReadonlyMap<string, Rect>, vertical: boolean): Map<string, EdgeFit> {
  const fits = new Map<string, EdgeFit>();
  const placedLabels: Rect[] = [];
  const seatList = [...seats.entries()];
  const order = [...edges].sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || (a.id < b.id ? -1 : 1));
  for (const edge of order) {
    let best: { fit: EdgeFit; score: number; label: Rect | null } | null = null;
    for (const bend of BENDS) {
      const curve = curvePoints(edge.sx, edge.sy, edge.tx, edge.ty, edge.lane, edge.lanes, vertical, bend);
      // A cubic lies inside the box of its control points: seats outside it cannot be crossed.
      const hull = { x: Math.min(...curve.map((p) => p.x)), y: Math.min(...curve.map((p) => p.y)), width: 0, height: 0 };
      hull.width = Math.max(...curve.map((p) => p.x)) - hull.x;
      hull.height = Math.max(...curve.map((p) => p.y)) - hull.y;
      let crossings = 0;
      for (const [id, rect] of seatList) {
        if (id === edge.source || id === edge.target || !overlaps(hull, rect)) continue;
        for (let i = 1; i < SAMPLES; i++) {
          if (inside(pointAt(curve, i / SAMPLES), rect, SEAT_INSET)) {
            crossings++;
            break;
          }
        }
      }
      // Each crossing costs more than any label trouble; a bigger bend costs a little.
      const bendCost = Math.abs(bend) / 1000;
      if (best && crossings * 100 + bendCost >= best.score) continue;
      let labelBest: { t: number; clashes: number; rect: Rect | null } = { t: 0.5, clashes: Infinity, rect: null };
      if (!edge.label) labelBest = { t: 0.5, clashes: 0, rect: null };
      else {
        for (const t of TS) {
          const at = pointAt(curve, t);
          const rect = { x: at.x - edge.label.width / 2 - LABEL_MARGIN, y: at.y - edge.label.height / 2 - LABEL_MARGIN, width: edge.label.width + LABEL_MARGIN * 2, height: edge.label.height + LABEL_MARGIN * 2 };
          let clashes = 0;
          for (const [, seat] of seatList) if (overlaps(rect, seat)) clashes++;
          for (const other of placedLabels) if (overlaps(rect, other)) clashes++;
          if (clashes < labelBest.clashes) labelBest = { t, clashes, rect };
          if (clashes === 0) break;
        }
      }
      const score = crossings * 100 + labelBest.clashes * 10 + bendCost;
      if (!best || score < best.score) best = { fit: { bend, t: labelBest.t }, score, label: labelBest.rect };
      if (score < 1) break;
    }
    if (!best) continue;
    fits.set(edge.id, best.fit);
    if (best.label) placedLabels.push(best.label);
  }
  return fits;
}
