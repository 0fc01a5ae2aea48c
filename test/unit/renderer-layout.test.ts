import { describe, expect, it } from 'vitest';
import { inferDirection, layoutLinks, placeNewSeats, SEAT_HEIGHT, SEAT_WIDTH, type Positions } from '../../renderer/src/graph/layout';
import { quickPlacement } from '../../renderer/src/graph/quickPlacement';
import { adoptRefined } from '../../renderer/src/graph/refinedLayout';

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

/** The chain laid out along its handoffs, as elk does left to right (and top to bottom). */
const lr: Positions = { dash: { x: 0, y: 0 }, radar: { x: 424, y: 0 }, david: { x: 848, y: 0 } };
const tb: Positions = { dash: { x: 0, y: 0 }, radar: { x: 0, y: 224 }, david: { x: 0, y: 448 } };

describe('placeNewSeats', () => {

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
  it('keeps every drawn pair once: designed handoffs set ranks, traffic and rules only pull seats together', () => {
    const links = layoutLinks([
      { kind: 'rule', from: 'a', to: 'c' },
      { kind: 'handoff', from: 'a', to: 'b' },
      { kind: 'traffic', from: 'b', to: 'a' },
      { kind: 'traffic', from: 'c', to: 'a' },
      { kind: 'rule', from: 'd', to: 'b' },
      { kind: 'traffic', from: 'c', to: 'c' },
    ]);
    expect(links).toEqual([
      { from: 'a', to: 'b' },
      { from: 'b', to: 'a', ranked: false },
      { from: 'c', to: 'a', ranked: false },
      { from: 'a', to: 'c', ranked: false },
      { from: 'd', to: 'b', ranked: false },
    ]);
  });
});

describe('inferDirection', () => {
  it('reads the direction of a saved layout from where handoffs point', () => {
    expect(inferDirection(tb, chain)).toBe('TB');
    expect(inferDirection(lr, chain)).toBe('LR');
    expect(inferDirection({}, chain)).toBeNull();
  });
});

describe('quickPlacement (the first paint, before elk answers)', () => {
  const blocks = { groups: [{ id: 'david', seats: ['david', 'radar', 'dash'] }, { id: 'maria', seats: ['pulse', 'dirk'] }], ungrouped: ['scout'] };
  const seats = ['radar', 'dash', 'pulse', 'dirk', 'david', 'scout'];

  it('with nothing saved, places every seat at once, a group’s seats side by side, overlapping nothing', () => {
    const positions = quickPlacement(seats, {}, chain, 'LR', blocks);
    expect(Object.keys(positions).sort()).toEqual([...seats].sort());
    expectNoOverlap(positions);
    // A group's seats share a row; the other group and the lone seat are elsewhere.
    expect(positions.radar!.y).toBe(positions.david!.y);
    expect(positions.dash!.y).toBe(positions.david!.y);
    expect(positions.dirk!.y).toBe(positions.pulse!.y);
    expect(quickPlacement(seats, {}, chain, 'LR', blocks)).toEqual(positions);
  });

  it('keeps saved positions and places seats that have none next to their neighbours', () => {
    const saved = { dash: { x: 5000, y: -300 }, gone: { x: 1, y: 1 } };
    const positions = quickPlacement(['dash', 'radar'], saved, [{ from: 'dash', to: 'radar' }], 'LR', { groups: [], ungrouped: ['dash', 'radar'] });
    expect(positions.dash).toEqual({ x: 5000, y: -300 });
    expect(positions.radar!.x).toBeGreaterThan(5000);
    expect(positions).not.toHaveProperty('gone');
  });
});

describe('adoptRefined (elk’s layout arriving from the worker)', () => {
  const refined: Positions = { dash: { x: 0, y: 0 }, radar: { x: 424, y: 0 }, david: { x: 848, y: 0 } };

  it('replaces the quick placement with elk’s layout', () => {
    expect(adoptRefined(['dash', 'radar', 'david'], refined, chain, 'LR', false)).toEqual(refined);
  });

  it('is dropped when the user dragged a seat meanwhile: dragged places win', () => {
    expect(adoptRefined(['dash', 'radar', 'david'], refined, chain, 'LR', true)).toBeNull();
  });

  it('places a seat that appeared while elk worked next to its neighbour, moving no seat elk placed', () => {
    const adopted = adoptRefined(['dash', 'radar', 'david', 'scout'], refined, [...chain, { from: 'david', to: 'scout' }], 'LR', false)!;
    for (const id of ['dash', 'radar', 'david']) expect(adopted[id]).toEqual(refined[id]);
    expect(adopted.scout!.x).toBeGreaterThan(refined.david!.x);
    expectNoOverlap(adopted);
  });
});
