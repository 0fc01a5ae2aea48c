import { describe, expect, it } from 'vitest';
import { edgeCurve, LANE_SPACING } from '../../renderer/src/graph/edgeGeometry';

describe('edgeCurve', () => {
  it('starts and ends on the handles and puts the label midway for a plain forward edge', () => {
    const c = edgeCurve(0, 0, 200, 0);
    expect(c.path.startsWith('M0,0 C')).toBe(true);
    expect(c.path.endsWith(' 200,0')).toBe(true);
    expect(c.labelX).toBe(100);
    expect(c.labelY).toBe(0);
  });

  it('spreads the labels of edges between the same seats by lane', () => {
    const a = edgeCurve(0, 0, 300, 0, 0, 2);
    const b = edgeCurve(0, 0, 300, 0, 1, 2);
    expect(Math.abs(a.labelY - b.labelY)).toBeCloseTo(LANE_SPACING, 5);
  });

  it('arcs a backward edge away from the straight line between the seats', () => {
    const back = edgeCurve(600, 0, 0, 0);
    expect(Math.abs(back.labelY)).toBeGreaterThan(60);
  });

  it('keeps a long backward edge close to its seats instead of looping across the canvas', () => {
    const back = edgeCurve(2000, 0, 0, 0);
    expect(Math.abs(back.labelY)).toBeLessThanOrEqual(140);
    const controls = back.path.match(/-?[\d.]+/g)!.map(Number);
    // Control points stay within a card's width of the ends, not hundreds of pixels beyond.
    expect(Math.max(...controls.filter((_, i) => i % 2 === 0))).toBeLessThanOrEqual(2110);
    expect(Math.min(...controls.filter((_, i) => i % 2 === 0))).toBeGreaterThanOrEqual(-110);
  });

  it('draws an edge between neighbours of one rank as a plain S-curve, without a bulge', () => {
    // Top to bottom: from the bottom of one seat to the top of the seat beside it.
    const c = edgeCurve(0, 124, 320, 0, 0, 1, true);
    expect(c.labelX).toBeCloseTo(160, 5);
    expect(c.labelY).toBeCloseTo(62, 5);
  });

  it('in a top-to-bottom flow is the same curve with x and y swapped', () => {
    const h = edgeCurve(0, 0, 300, 40);
    const v = edgeCurve(0, 0, 40, 300, 0, 1, true);
    expect(v.labelX).toBeCloseTo(h.labelY, 5);
    expect(v.labelY).toBeCloseTo(h.labelX, 5);
    expect(v.path.startsWith('M0,0 C')).toBe(true);
    expect(v.path.endsWith(' 40,300')).toBe(true);
  });

  it('in a top-to-bottom flow staggers the labels of parallel edges along the flow', () => {
    const a = edgeCurve(0, 0, 0, 300, 0, 2, true);
    const b = edgeCurve(0, 0, 0, 300, 1, 2, true);
    expect(Math.abs(a.labelY - b.labelY)).toBeGreaterThan(40);
  });
});
