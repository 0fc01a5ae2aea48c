/**
 * Edge curves (pure). Seats are laid out left to right, so an edge leaves its source's right side
 * and enters its target's left side, like React Flow's bezier. Two things differ: edges between
 * the same two seats get lanes (their curves and labels are pushed apart), and an edge that runs
 * backwards (target left of source) arcs above the row instead of cutting through the seats between.
 */
export interface Curve {
  path: string;
  labelX: number;
  labelY: number;
}

export const LANE_SPACING = 44;

export function edgeCurve(sx: number, sy: number, tx: number, ty: number, lane = 0, lanes = 1): Curve {
  const dx = tx - sx;
  const dy = ty - sy;
  const backwards = dx < 0;
  const reach = backwards ? Math.min(240, 60 + -dx * 0.25) : Math.max(30, dx / 2);
  let c1x = sx + reach;
  let c1y = sy;
  let c2x = tx - reach;
  let c2y = ty;

  // Offset perpendicular to the chord: lanes spread around the centre, backward edges bulge up.
  let offset = (lane - (lanes - 1) / 2) * LANE_SPACING;
  if (backwards) offset += Math.min(260, 70 + -dx * 0.2);
  if (offset !== 0) {
    const length = Math.hypot(dx, dy) || 1;
    // Unit normal; for a backward chord its y is negative (up).
    const nx = -dy / length;
    const ny = dx / length;
    // Moving both control points by d moves the midpoint by 3/4 d: scale so the label lands `offset` away.
    const d = (offset * 4) / 3;
    c1x += nx * d;
    c1y += ny * d;
    c2x += nx * d;
    c2y += ny * d;
  }

  const labelX = (sx + 3 * c1x + 3 * c2x + tx) / 8;
  const labelY = (sy + 3 * c1y + 3 * c2y + ty) / 8;
  const r = (v: number) => Math.round(v * 10) / 10;
  return {
    path: `M${r(sx)},${r(sy)} C${r(c1x)},${r(c1y)} ${r(c2x)},${r(c2y)} ${r(tx)},${r(ty)}`,
    labelX: r(labelX),
    labelY: r(labelY),
  };
}
