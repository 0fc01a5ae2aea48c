import { describe, expect, it } from 'vitest';
import { autoLayout, initialPositions, placeNewSeats, SEAT_HEIGHT, SEAT_WIDTH, type Positions } from '../../renderer/src/graph/layout';

function expectNoOverlap(positions: Positions) {
  const entries = Object.entries(positions);
  for (let i = 0; i < entries.length; i++) {
    for (let j = i + 1; j < entries.length; j++) {
      const [a, p] = entries[i]!;
      const [b, q] = entries[j]!;
      const apart = Math.abs(p.x - q.x) >= SEAT_WIDTH || Math.abs(p.y - q.y) >= SEAT_HEIGHT;
      if (!apart) throw new Error(`${a} overlaps ${b}: ${JSON.stringify(p)} ${JSON.stringify(q)}`);
    }
  }
}

const chain = [
  { from: 'dash', to: 'radar' },
  { from: 'radar', to: 'david' },
];

describe('autoLayout', () => {
  it('places every seat, flows left to right along handoffs, and overlaps nothing', () => {
    const positions = autoLayout(['dash', 'radar', 'david', 'loner'], chain);
    expect(Object.keys(positions).sort()).toEqual(['dash', 'david', 'loner', 'radar']);
    expect(positions.dash!.x).toBeLessThan(positions.radar!.x);
    expect(positions.radar!.x).toBeLessThan(positions.david!.x);
    // Unconnected seats go under the graph, not into a dagre rank.
    expect(positions.loner!.y).toBeGreaterThan(positions.radar!.y);
    expectNoOverlap(positions);
  });

  it('lays out 200 seats without overlaps', () => {
    const ids = Array.from({ length: 200 }, (_, i) => `s${String(i).padStart(3, '0')}`);
    const links = ids.slice(1).map((id, i) => ({ from: ids[Math.floor(i / 3)]!, to: id }));
    const positions = autoLayout(ids, links);
    expect(Object.keys(positions)).toHaveLength(200);
    expectNoOverlap(positions);
    for (const p of Object.values(positions)) expect(Number.isFinite(p.x) && Number.isFinite(p.y)).toBe(true);
  });

  it('is deterministic and handles an empty fleet and cycles', () => {
    expect(autoLayout([], [])).toEqual({});
    const cyc = [...chain, { from: 'david', to: 'dash' }];
    expect(autoLayout(['dash', 'radar', 'david'], cyc)).toEqual(autoLayout(['dash', 'radar', 'david'], cyc));
  });
});

describe('placeNewSeats', () => {
  const existing = autoLayout(['dash', 'radar', 'david'], chain);

  it('returns only the new seats and puts a receiver one rank right of its sender', () => {
    const placed = placeNewSeats(existing, ['scout'], [{ from: 'david', to: 'scout' }]);
    expect(Object.keys(placed)).toEqual(['scout']);
    expect(placed.scout!.x).toBeGreaterThan(existing.david!.x);
    expectNoOverlap({ ...existing, ...placed });
  });

  it('puts a sender left of its receiver and an unconnected seat under everything', () => {
    const placed = placeNewSeats(existing, ['feeder', 'solo'], [{ from: 'feeder', to: 'dash' }]);
    expect(placed.feeder!.x).toBeLessThan(existing.dash!.x);
    const lowest = Math.max(...Object.values(existing).map((p) => p.y));
    expect(placed.solo!.y).toBeGreaterThan(lowest);
    expectNoOverlap({ ...existing, ...placed });
  });

  it('never overlaps when many seats arrive around one sender', () => {
    const newIds = Array.from({ length: 25 }, (_, i) => `n${i}`);
    const placed = placeNewSeats(existing, newIds, newIds.map((id) => ({ from: 'radar', to: id })));
    expect(Object.keys(placed)).toHaveLength(25);
    expectNoOverlap({ ...existing, ...placed });
  });
});

describe('initialPositions', () => {
  it('keeps saved positions and places seats that have none around them', () => {
    const saved = { dash: { x: 5000, y: -300 }, gone: { x: 1, y: 1 } };
    const positions = initialPositions(['dash', 'radar'], saved, [{ from: 'dash', to: 'radar' }]);
    expect(positions.dash).toEqual({ x: 5000, y: -300 });
    expect(positions.radar!.x).toBeGreaterThan(5000);
    expect(positions).not.toHaveProperty('gone');
  });

  it('lays out from scratch when no seat has a saved position', () => {
    expect(initialPositions(['dash', 'radar', 'david'], { other: { x: 0, y: 0 } }, chain)).toEqual(autoLayout(['dash', 'radar', 'david'], chain));
  });
});
