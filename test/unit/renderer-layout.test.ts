import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { autoLayout, directionFor, inferDirection, initialPositions, layoutLinks, placeNewSeats, SEAT_HEIGHT, SEAT_WIDTH, type Link, type Positions } from '../../renderer/src/graph/layout';

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

/** The zoom (at most 1) at which the laid-out fleet fits a landscape 1350 × 710 canvas: how readable it is. */
function zoomToFit(positions: Positions): number {
  const ps = Object.values(positions);
  const w = Math.max(...ps.map((p) => p.x)) - Math.min(...ps.map((p) => p.x)) + SEAT_WIDTH;
  const h = Math.max(...ps.map((p) => p.y)) - Math.min(...ps.map((p) => p.y)) + SEAT_HEIGHT;
  return Math.min(1, 1350 / w, 710 / h);
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
    // Unconnected seats go in a block of their own after the graph (beside or under it), not into a dagre rank.
    const graphRight = Math.max(positions.dash!.x, positions.radar!.x, positions.david!.x) + SEAT_WIDTH;
    expect(positions.loner!.x >= graphRight || positions.loner!.y > positions.david!.y).toBe(true);
    expectNoOverlap(positions);
  });

  it('flows left to right when asked (big fleets)', () => {
    const positions = autoLayout(['dash', 'radar', 'david'], chain, 'LR');
    expect(positions.dash!.x).toBeLessThan(positions.radar!.x);
    expect(positions.radar!.x).toBeLessThan(positions.david!.x);
  });

  it('prefers left to right (handoff labels read best there) when both directions fit the window as well', () => {
    const ids = ['a', 'b', 'c', 'x', 'y', 'z'];
    const twoLayers = ['a', 'b', 'c'].flatMap((from) => ['x', 'y', 'z'].map((to) => ({ from, to })));
    for (const links of [twoLayers, [], [{ from: 'a', to: 'b' }, { from: 'c', to: 'x' }]]) {
      expect(directionFor(ids, links)).toBe('LR');
      expect(zoomToFit(autoLayout(ids, links, 'LR'))).toBe(1);
    }
  });

  it('picks the direction in which a deep, wide fleet stays readable in a landscape window', () => {
    // Six ranks of four seats, each fed by the seat before it and the one diagonally before.
    const ids: string[] = [];
    const links: Link[] = [];
    for (let rank = 0; rank < 6; rank++) {
      for (let lane = 0; lane < 4; lane++) {
        ids.push(`n${rank}-${lane}`);
        if (rank > 0) links.push({ from: `n${rank - 1}-${lane}`, to: `n${rank}-${lane}` });
        if (rank > 0 && lane > 0) links.push({ from: `n${rank - 1}-${lane - 1}`, to: `n${rank}-${lane}` });
      }
    }
    const direction = directionFor(ids, links);
    const positions = autoLayout(ids, links, direction);
    expectNoOverlap(positions);
    // Readable: the whole fleet fits the window at two thirds of full size or more.
    expect(zoomToFit(positions)).toBeGreaterThanOrEqual(0.65);
    const along = (id: string) => (direction === 'LR' ? positions[id]!.x : positions[id]!.y);
    // Most handoffs point forward along the flow (a compact grid wraps a few).
    expect(links.filter((l) => along(l.to) > along(l.from)).length).toBeGreaterThanOrEqual(links.length * 0.75);
  });

  it('never picks a direction that fits a random small fleet clearly worse than the other one', () => {
    const fleet = fc
      .integer({ min: 2, max: 14 })
      .chain((n) => fc.tuple(fc.constant(n), fc.array(fc.tuple(fc.nat(n - 1), fc.nat(n - 1)), { maxLength: n * 2 })));
    fc.assert(
      fc.property(fleet, ([n, pairs]) => {
        const ids = Array.from({ length: n }, (_, i) => `s${i}`);
        const links = pairs.filter(([from, to]) => from !== to).map(([from, to]) => ({ from: ids[from]!, to: ids[to]! }));
        const chosen = directionFor(ids, links);
        const positions = autoLayout(ids, links, chosen);
        expect(Object.keys(positions).sort()).toEqual([...ids].sort());
        expectNoOverlap(positions);
        const other = autoLayout(ids, links, chosen === 'LR' ? 'TB' : 'LR');
        expect(zoomToFit(positions) * 1.16).toBeGreaterThanOrEqual(zoomToFit(other));
      }),
      { seed: 42, numRuns: 40 },
    );
  });

  it('puts a deep handoff chain of a small fleet on a compact grid that fits a window, mostly flowing forward', () => {
    // Eight ranks deep, like the demo: one dagre rank per seat would be far too wide (or tall) to read.
    const ids = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'x', 'y'];
    const links: Link[] = [
      ...ids.slice(1, 8).map((id, i) => ({ from: ids[i]!, to: id })),
      { from: 'x', to: 'c' },
      { from: 'y', to: 'f' },
      { from: 'h', to: 'a', ranked: false },
    ];
    for (const direction of ['LR', 'TB'] as const) {
      const positions = autoLayout(ids, links, direction);
      expectNoOverlap(positions);
      const ps = Object.values(positions);
      const w = Math.max(...ps.map((p) => p.x)) - Math.min(...ps.map((p) => p.x)) + SEAT_WIDTH;
      const h = Math.max(...ps.map((p) => p.y)) - Math.min(...ps.map((p) => p.y)) + SEAT_HEIGHT;
      // Readable at 0.6 zoom in a 1400 × 700 canvas.
      expect(w * 0.6).toBeLessThanOrEqual(1400);
      expect(h * 0.6).toBeLessThanOrEqual(700);
      const along = (id: string) => (direction === 'LR' ? positions[id]!.x : positions[id]!.y);
      const forward = links.filter((l) => l.ranked !== false && along(l.to) > along(l.from)).length;
      expect(forward).toBeGreaterThanOrEqual(6);
    }
  });

  it('lays out 200 seats in teams without overlaps, as a compact block rather than one long staircase', () => {
    // Teams of ten (a lead, a chain of agents reporting to it), the teams' first agents in a ring.
    const ids: string[] = [];
    const links: { from: string; to: string }[] = [];
    for (let t = 0; t < 20; t++) {
      const lead = `t${t}-lead`;
      ids.push(lead);
      for (let a = 1; a < 10; a++) {
        ids.push(`t${t}-a${a}`);
        links.push({ from: `t${t}-a${a}`, to: lead });
        if (a > 1) links.push({ from: `t${t}-a${a - 1}`, to: `t${t}-a${a}` });
      }
      links.push({ from: `t${t}-a1`, to: `t${(t + 1) % 20}-a1` });
    }
    const positions = autoLayout(ids, links, directionFor(ids, links));
    expect(Object.keys(positions)).toHaveLength(200);
    expectNoOverlap(positions);
    for (const p of Object.values(positions)) expect(Number.isFinite(p.x) && Number.isFinite(p.y)).toBe(true);
    const ps = Object.values(positions);
    const w = Math.max(...ps.map((p) => p.x)) - Math.min(...ps.map((p) => p.x)) + SEAT_WIDTH;
    const h = Math.max(...ps.map((p) => p.y)) - Math.min(...ps.map((p) => p.y)) + SEAT_HEIGHT;
    expect(w / h).toBeGreaterThan(0.8);
    expect(w / h).toBeLessThan(4);
    // Each team stays together: its seats span a small part of the whole.
    for (let t = 0; t < 20; t++) {
      const team = ids.filter((id) => id.startsWith(`t${t}-`)).map((id) => positions[id]!);
      const tw = Math.max(...team.map((p) => p.x)) - Math.min(...team.map((p) => p.x));
      const th = Math.max(...team.map((p) => p.y)) - Math.min(...team.map((p) => p.y));
      expect(tw * th).toBeLessThan((w * h) / 8);
    }
  });

  it('lays out 200 seats of a tree without overlaps', () => {
    const ids = Array.from({ length: 200 }, (_, i) => `s${String(i).padStart(3, '0')}`);
    const links = ids.slice(1).map((id, i) => ({ from: ids[Math.floor(i / 3)]!, to: id }));
    const positions = autoLayout(ids, links, directionFor(ids, links));
    expect(Object.keys(positions)).toHaveLength(200);
    expectNoOverlap(positions);
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

  it('does not let traffic against the design add ranks', () => {
    const ids = ['a', 'b', 'c'];
    const designed = [
      { from: 'a', to: 'b' },
      { from: 'b', to: 'c' },
    ];
    const withTraffic = [...designed, { from: 'c', to: 'a', ranked: false }, { from: 'c', to: 'b', ranked: false }];
    const ranks = (links: typeof withTraffic) => new Set(Object.values(autoLayout(ids, links, 'TB')).map((p) => p.y)).size;
    expect(ranks(withTraffic)).toBe(ranks(designed));
    const positions = autoLayout(ids, withTraffic, 'TB');
    expect(positions.a!.y).toBeLessThan(positions.b!.y);
    expect(positions.b!.y).toBeLessThan(positions.c!.y);
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
