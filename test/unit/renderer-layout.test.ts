import { describe, expect, it } from 'vitest';
import { autoLayout, directionFor, inferDirection, initialPositions, layoutLinks, placeNewSeats, SEAT_HEIGHT, SEAT_WIDTH, type Positions } from '../../renderer/src/graph/layout';

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
  it('places every seat, flows top to bottom along handoffs when asked, and overlaps nothing', () => {
    const positions = autoLayout(['dash', 'radar', 'david', 'loner'], chain, 'TB');
    expect(Object.keys(positions).sort()).toEqual(['dash', 'david', 'loner', 'radar']);
    expect(positions.dash!.y).toBeLessThan(positions.radar!.y);
    expect(positions.radar!.y).toBeLessThan(positions.david!.y);
    // Unconnected seats go under the graph, not into a dagre rank.
    expect(positions.loner!.y).toBeGreaterThan(positions.david!.y);
    expectNoOverlap(positions);
  });

  it('flows left to right when asked (big fleets)', () => {
    const positions = autoLayout(['dash', 'radar', 'david'], chain, 'LR');
    expect(positions.dash!.x).toBeLessThan(positions.radar!.x);
    expect(positions.radar!.x).toBeLessThan(positions.david!.x);
  });

  it('picks the direction whose layout fits a landscape window at the larger scale; big fleets left to right', () => {
    const ids = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];
    const fitScale = (direction: 'LR' | 'TB', links: { from: string; to: string }[]) => {
      const ps = Object.values(autoLayout(ids, links, direction));
      const w = Math.max(...ps.map((p) => p.x)) - Math.min(...ps.map((p) => p.x)) + SEAT_WIDTH;
      const h = Math.max(...ps.map((p) => p.y)) - Math.min(...ps.map((p) => p.y)) + SEAT_HEIGHT;
      return Math.min(1.7 / w, 1 / h);
    };
    for (const links of [
      ids.slice(1).map((id, i) => ({ from: ids[i]!, to: id })),
      ids.slice(1).map((id) => ({ from: 'a', to: id })),
      [{ from: 'a', to: 'b' }, { from: 'c', to: 'd' }, { from: 'a', to: 'd' }],
    ]) {
      const best = fitScale('TB', links) > fitScale('LR', links) ? 'TB' : 'LR';
      expect(directionFor(ids, links)).toBe(best);
    }
    const many = Array.from({ length: 60 }, (_, i) => `s${i}`);
    expect(directionFor(many, [])).toBe('LR');
  });

  it('lays out 200 seats without overlaps, in columns', () => {
    const ids = Array.from({ length: 200 }, (_, i) => `s${String(i).padStart(3, '0')}`);
    const links = ids.slice(1).map((id, i) => ({ from: ids[Math.floor(i / 3)]!, to: id }));
    const positions = autoLayout(ids, links, directionFor(ids, links));
    expect(inferDirection(positions, links)).toBe('LR');
    expect(Object.keys(positions)).toHaveLength(200);
    expectNoOverlap(positions);
    for (const p of Object.values(positions)) expect(Number.isFinite(p.x) && Number.isFinite(p.y)).toBe(true);
  });

  it('is deterministic and handles an empty fleet and cycles', () => {
    expect(autoLayout([], [], 'LR')).toEqual({});
    const cyc = [...chain, { from: 'david', to: 'dash' }];
    expect(autoLayout(['dash', 'radar', 'david'], cyc, 'LR')).toEqual(autoLayout(['dash', 'radar', 'david'], cyc, 'LR'));
  });
});

describe('placeNewSeats', () => {
  const lr = autoLayout(['dash', 'radar', 'david'], chain, 'LR');
  const tb = autoLayout(['dash', 'radar', 'david'], chain, 'TB');

  it('returns only the new seats and puts a receiver one rank downstream of its sender', () => {
    const right = placeNewSeats(lr, ['scout'], [{ from: 'david', to: 'scout' }], 'LR');
    expect(Object.keys(right)).toEqual(['scout']);
    expect(right.scout!.x).toBeGreaterThan(lr.david!.x);
    expectNoOverlap({ ...lr, ...right });
    const below = placeNewSeats(tb, ['scout'], [{ from: 'david', to: 'scout' }], 'TB');
    expect(below.scout!.y).toBeGreaterThan(tb.david!.y);
    expectNoOverlap({ ...tb, ...below });
  });

  it('puts a sender upstream of its receiver and an unconnected seat under everything', () => {
    const placed = placeNewSeats(lr, ['feeder', 'solo'], [{ from: 'feeder', to: 'dash' }], 'LR');
    expect(placed.feeder!.x).toBeLessThan(lr.dash!.x);
    const lowest = Math.max(...Object.values(lr).map((p) => p.y));
    expect(placed.solo!.y).toBeGreaterThan(lowest);
    expectNoOverlap({ ...lr, ...placed });
    const above = placeNewSeats(tb, ['feeder'], [{ from: 'feeder', to: 'dash' }], 'TB');
    expect(above.feeder!.y).toBeLessThan(tb.dash!.y);
  });

  it('never overlaps when many seats arrive around one sender', () => {
    const newIds = Array.from({ length: 25 }, (_, i) => `n${i}`);
    for (const [existing, direction] of [[lr, 'LR'], [tb, 'TB']] as const) {
      const placed = placeNewSeats(existing, newIds, newIds.map((id) => ({ from: 'radar', to: id })), direction);
      expect(Object.keys(placed)).toHaveLength(25);
      expectNoOverlap({ ...existing, ...placed });
    }
  });
});

describe('layoutLinks', () => {
  it('ranks by designed handoffs; traffic and rules only pull in seats no handoff connects', () => {
    const links = layoutLinks([
      { kind: 'handoff', from: 'a', to: 'b' },
      { kind: 'traffic', from: 'b', to: 'a' },
      { kind: 'traffic', from: 'c', to: 'a' },
      { kind: 'rule', from: 'a', to: 'c' },
      { kind: 'rule', from: 'd', to: 'b' },
    ]);
    expect(links).toEqual([
      { from: 'a', to: 'b' },
      { from: 'c', to: 'a' },
      { from: 'd', to: 'b' },
    ]);
  });
});

describe('inferDirection', () => {
  it('reads the direction of a saved layout from where handoffs point', () => {
    expect(inferDirection(autoLayout(['dash', 'radar', 'david'], chain, 'TB'), chain)).toBe('TB');
    expect(inferDirection(autoLayout(['dash', 'radar', 'david'], chain, 'LR'), chain)).toBe('LR');
    expect(inferDirection({}, chain)).toBeNull();
  });
});

describe('initialPositions', () => {
  it('keeps saved positions and places seats that have none around them', () => {
    const saved = { dash: { x: 5000, y: -300 }, gone: { x: 1, y: 1 } };
    const positions = initialPositions(['dash', 'radar'], saved, [{ from: 'dash', to: 'radar' }], 'LR');
    expect(positions.dash).toEqual({ x: 5000, y: -300 });
    expect(positions.radar!.x).toBeGreaterThan(5000);
    expect(positions).not.toHaveProperty('gone');
  });

  it('lays out from scratch when no seat has a saved position', () => {
    expect(initialPositions(['dash', 'radar', 'david'], { other: { x: 0, y: 0 } }, chain, 'TB')).toEqual(autoLayout(['dash', 'radar', 'david'], chain, 'TB'));
  });
});
