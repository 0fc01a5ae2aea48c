import { describe, expect, it } from 'vitest';
import { overlapGeometry } from '../../renderer/src/warnings/OverlapLinks';

const box = (cx: number, cy: number) => ({ cx, cy, hw: 100, hh: 50 });

describe('overlap link geometry', () => {
  it('runs between the borders of two seats side by side, with a gap, labelled in the middle', () => {
    expect(overlapGeometry(box(0, 0), box(400, 0))).toEqual({ x1: 106, y1: 0, x2: 294, y2: 0, mx: 200, my: 0 });
  });

  it('leaves through the top or bottom when the seats are stacked', () => {
    const g = overlapGeometry(box(0, 0), box(0, 300))!;
    expect(g.y1).toBeCloseTo(56);
    expect(g.y2).toBeCloseTo(244);
    expect(g.x1).toBe(0);
  });

  it('draws nothing for seats that touch or sit on each other', () => {
    expect(overlapGeometry(box(0, 0), box(150, 0))).toBeNull();
    expect(overlapGeometry(box(0, 0), box(0, 0))).toBeNull();
  });
});
