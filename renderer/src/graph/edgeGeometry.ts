/**
 * Edge curves (pure). An edge leaves its source downstream (bottom, or right side when the layout
 * runs left to right) and enters its target from upstream, like React Flow's bezier. Two things
 * differ: edges between the same two seats get lanes (their curves and labels are pushed apart),
 * and an edge that runs backwards (against the flow) arcs around instead of cutting through the
 * seats in between.
 */
export interface Curve {
  path: string;
  labelX: number;
  labelY: number;
}

export const LANE_SPACING = 54;

export interface P {
  x: number;
  y: number;
}

/** A cubic bezier for a left-to-right flow: [start, control 1, control 2, end]. */
function flowCurve(s: P, t: P, lane: number, lanes: number, bend: number): [P, P, P, P] {
  const dx = t.x - s.x;
  const dy = t.y - s.y;
  const backwards = dx < 0;
  // A backward edge leaves and enters its seats a little way out (enough to clear the handles), not
  // in a loop as wide as the canvas.
  const reach = backwards ? Math.min(110, 45 + -dx * 0.12) : Math.max(30, dx / 2);
  const c1 = { x: s.x + reach, y: s.y };
  const c2 = { x: t.x - reach, y: t.y };

  // Offset perpendicular to the chord: lanes spread around the centre, backward edges bulge out.
  let offset = (lane - (lanes - 1) / 2) * LANE_SPACING + bend;
  // A backward edge that runs mostly against the flow bulges out (over the top when the seats share
  // a row, else through the gap between their rows, towards the target), so it does not run back
  // along the edges going forward. One between neighbours of the same rank (mostly sideways) is a
  // plain S-curve from one seat into the next.
  if (backwards && -dx > Math.abs(dy) / 2) offset += (dy > 0 ? -1 : 1) * Math.min(140, 50 + -dx * 0.1);
  if (offset !== 0) {
    const length = Math.hypot(dx, dy) || 1;
    const nx = -dy / length;
    const ny = dx / length;
    // Moving both control points by d moves the midpoint by 3/4 d: scale so the label lands `offset` away.
    const d = (offset * 4) / 3;
    c1.x += nx * d;
    c1.y += ny * d;
    c2.x += nx * d;
    c2.y += ny * d;
  }
  return [s, c1, c2, t];
}

const round = (v: number) => Math.round(v * 10) / 10;

/**
 * `vertical`: the layout runs top to bottom (handles on the bottom and top of seats). `bend` pushes
 * the curve sideways (to go around a seat in the way) and `labelT` says where along it the label
 * sits (to keep it off seats and other labels); both come from edgeFitting.ts.
 */
export function edgeCurve(sx: number, sy: number, tx: number, ty: number, lane = 0, lanes = 1, vertical = false, bend = 0, labelT?: number): Curve {
  const [a, b, c, d] = curvePoints(sx, sy, tx, ty, lane, lanes, vertical, bend);
  // Top to bottom, labels are much wider than the lane gap: stagger them along the edge instead.
  const t = labelT ?? (vertical && lanes > 1 ? Math.min(0.8, Math.max(0.2, 0.5 + (lane - (lanes - 1) / 2) * 0.3)) : 0.5);
  const at = pointAt([a, b, c, d], t);
  return {
    path: `M${round(a.x)},${round(a.y)} C${round(b.x)},${round(b.y)} ${round(c.x)},${round(c.y)} ${round(d.x)},${round(d.y)}`,
    labelX: round(at.x),
    labelY: round(at.y),
  };
}

/** The cubic's control points, in canvas coordinates. */
export function curvePoints(sx: number, sy: number, tx: number, ty: number, lane = 0, lanes = 1, vertical = false, bend = 0): [P, P, P, P] {
  // A vertical flow is the horizontal one with x and y swapped (mirrored, so mirror the lane order too).
  const swap = (p: P): P => (vertical ? { x: p.y, y: p.x } : p);
  return flowCurve(swap({ x: sx, y: sy }), swap({ x: tx, y: ty }), vertical ? lanes - 1 - lane : lane, lanes, vertical ? -bend : bend).map(swap) as [P, P, P, P];
}

export function pointAt([a, b, c, d]: readonly [P, P, P, P], t: number): P {
  const u = 1 - t;
  return {
    x: u * u * u * a.x + 3 * u * u * t * b.x + 3 * u * t * t * c.x + t * t * t * d.x,
    y: u * u * u * a.y + 3 * u * u * t * b.y + 3 * u * t * t * c.y + t * t * t * d.y,
  };
}
