import { describe, expect, it } from 'vitest';
import { groupSeats, type GroupableSeat } from '../../shared/seatGroups';
import { findSeats } from '../../renderer/src/graph/findSeats';
import { buildGraphModel } from '../../renderer/src/graph/graphModel';
import { CARD_HEIGHT, CARD_WIDTH, frameAround, groupOffsets, packUnits, type LayoutUnit } from '../../renderer/src/graph/groupLayout';
import { SEAT_HEIGHT, SEAT_WIDTH, type Positions } from '../../renderer/src/graph/layout';
import { neighbourhood } from '../../renderer/src/graph/neighbourhood';
import { buildEdgeSpecs } from '../../renderer/src/graph/edgeSpecs';
import { curvePoints, pointAt } from '../../renderer/src/graph/edgeGeometry';
import { fitEdges } from '../../renderer/src/graph/edgeFitting';
import { elkGraphOf, offsetsOf } from '../../renderer/src/graph/elkGroupLayout';

/** Teams of eight: a human lead and seven agents. */
function teams(count: number, size = 8): GroupableSeat[] {
  const seats: GroupableSeat[] = [];
  for (let t = 0; t < count; t++) {
    const lead = `t${t}-lead`;
    seats.push({ id: lead, name: `Lead ${t}`, kind: 'human', owner: null });
    for (let a = 1; a < size; a++) seats.push({ id: `t${t}-a${a}`, name: `Agent ${t}.${a}`, kind: 'agent', owner: lead });
  }
  return seats;
}

function unitsOf(seats: GroupableSeat[], collapsed: (group: string) => boolean): LayoutUnit[] {
  const grouping = groupSeats(seats);
  return [
    ...grouping.groups.map((g) => ({ id: g.id, kind: 'group' as const, seats: g.seats, collapsed: collapsed(g.id) })),
    ...grouping.ungrouped.map((id) => ({ id, kind: 'seat' as const, seats: [id], collapsed: false })),
  ];
}

function overlap(a: { x: number; y: number; width: number; height: number }, b: { x: number; y: number; width: number; height: number }): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

describe('packUnits (big fleets)', () => {
  it('lays out only what is expanded, and nothing overlaps', () => {
    const seats = teams(125);
    const expanded = new Set(['t3-lead', 't77-lead']);
    const layout = packUnits(unitsOf(seats, (g) => !expanded.has(g)), {});
    expect(Object.keys(layout.cards)).toHaveLength(123);
    expect(Object.keys(layout.frames).sort()).toEqual(['t3-lead', 't77-lead']);
    expect(Object.keys(layout.seats)).toHaveLength(16);
    const boxes = [
      ...Object.values(layout.cards).map((p) => ({ ...p, width: CARD_WIDTH, height: CARD_HEIGHT })),
      ...Object.values(layout.frames),
    ];
    let clashes = 0;
    for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) if (overlap(boxes[i]!, boxes[j]!)) clashes++;
    expect(clashes).toBe(0);
    // Seats sit inside their frame, clear of each other.
    for (const group of expanded) {
      const frame = layout.frames[group]!;
      const members = seats.filter((s) => s.id === group || s.owner === group).map((s) => layout.seats[s.id]!);
      for (const p of members) expect(p.x >= frame.x && p.y >= frame.y && p.x + SEAT_WIDTH <= frame.x + frame.width && p.y + SEAT_HEIGHT <= frame.y + frame.height).toBe(true);
      const seatBoxes = members.map((p) => ({ ...p, width: SEAT_WIDTH, height: SEAT_HEIGHT }));
      for (let i = 0; i < seatBoxes.length; i++) for (let j = i + 1; j < seatBoxes.length; j++) expect(overlap(seatBoxes[i]!, seatBoxes[j]!)).toBe(false);
    }
  });

  it('is stable: adding a seat moves no other seat by more than one row of seats', () => {
    const seats = teams(30);
    const all = (g: string) => g.length < 0; // every group expanded
    const first = packUnits(unitsOf(seats, all), {});
    // The new seat comes early in fleet order (right after its lead), the hardest case for a grid.
    const at = seats.findIndex((s) => s.id === 't4-lead') + 1;
    const grown = [...seats.slice(0, at), { id: 't4-a0', name: 'New', kind: 'agent' as const, owner: 't4-lead' }, ...seats.slice(at)];
    const second = packUnits(unitsOf(grown, all), first.seats, first.rowWidth);
    let moved = 0;
    for (const [id, p] of Object.entries(first.seats)) {
      const q = second.seats[id]!;
      const distance = Math.hypot(q.x - p.x, q.y - p.y);
      expect(distance).toBeLessThanOrEqual(SEAT_HEIGHT + 28);
      if (distance > 0) moved++;
    }
    // Seats of the new seat's own group and of groups before it do not move at all.
    for (const id of ['t4-lead', 't4-a1', 't4-a7', 't0-a3', 't3-a7']) expect(second.seats[id]).toEqual(first.seats[id]);
    expect(second.seats['t4-a0']).toBeDefined();
    expect(moved).toBeLessThan(Object.keys(first.seats).length);
  });

  it('keeps a dragged shape inside a group, and new seats take free cells', () => {
    const known: Positions = { a: { x: 1000, y: 500 }, b: { x: 1400, y: 500 } };
    const offsets = groupOffsets(['a', 'b', 'c'], known);
    expect(offsets.a).toEqual({ x: 0, y: 0 });
    expect(offsets.b).toEqual({ x: 400, y: 0 });
    // c lands on no one.
    for (const other of [offsets.a!, offsets.b!]) expect(overlap({ ...offsets.c!, width: SEAT_WIDTH, height: SEAT_HEIGHT }, { ...other, width: SEAT_WIDTH, height: SEAT_HEIGHT })).toBe(false);
  });

  it('frames the seats they hold', () => {
    const box = frameAround([{ x: 0, y: 0 }, { x: 300, y: 200 }])!;
    expect(box.x).toBeLessThan(0);
    expect(box.y).toBeLessThan(0);
    expect(box.x + box.width).toBeGreaterThan(300 + SEAT_WIDTH);
    expect(box.y + box.height).toBeGreaterThan(200 + SEAT_HEIGHT);
    expect(frameAround([])).toBeNull();
  });

  it('packs 1,000 seats collapsed in milliseconds (no layout before the first paint)', () => {
    const seats = teams(125);
    const started = performance.now();
    const layout = packUnits(unitsOf(seats, () => true), {});
    // Generous: this is a sanity check that no per-seat layout runs, not a speed goal.
    expect(performance.now() - started).toBeLessThan(1000);
    expect(Object.keys(layout.seats)).toHaveLength(0);
  });
});

describe('graph model', () => {
  const seats = teams(3, 3);
  const ids = seats.map((s) => s.id);
  const specs = buildEdgeSpecs(
    ids,
    [
      { id: 'h1', from: 't0-a1', to: 't1-a1' },
      { id: 'h2', from: 't0-a1', to: 't0-a2' },
    ],
    [
      { id: 't0-a1->t1-a1', from: 't0-a1', to: 't1-a1', count: 5 },
      { id: 't0-a2->t1-a2', from: 't0-a2', to: 't1-a2', count: 3 },
      { id: 't2-a1->t0-a1', from: 't2-a1', to: 't0-a1', count: 1 },
    ],
    [{ id: 'r1', winner: 't1-a1', over: 't0-a1' }],
  );
  const grouping = groupSeats(seats);

  it('draws collapsed groups as one node each with aggregated edges', () => {
    const model = buildGraphModel(grouping, ids, specs, { groups: { 't0-lead': 'collapsed', 't1-lead': 'collapsed' } });
    expect(model.visibleSeats).toEqual(['t2-lead', 't2-a1', 't2-a2']);
    expect(model.nodeOf('t0-a2')).toBe('group:t0-lead');
    expect(model.nodeOf('t2-a1')).toBe('t2-a1');
    expect(model.aggregated.map((a) => [a.from, a.to, a.style, a.pairIds.length])).toEqual([
      ['t0-lead', 't1-lead', 'mixed', 2],
      ['t1-lead', 't0-lead', 'rule', 0],
      ['t2-a1', 't0-lead', 'undesigned', 1],
    ]);
    expect(model.directEdges).toEqual([]);
  });

  it('layers filter edge kinds before aggregation', () => {
    const model = buildGraphModel(grouping, ids, specs, { groups: { 't0-lead': 'collapsed', 't1-lead': 'collapsed' }, layers: { undesigned: false, rule: false } });
    expect(model.aggregated.map((a) => [a.from, a.to, a.style])).toEqual([['t0-lead', 't1-lead', 'designed']]);
    const open = buildGraphModel(grouping, ids, specs, { layers: { handoff: false } });
    expect(open.directEdges.map((e) => e.kind).sort()).toEqual(['rule', 'traffic', 'traffic']);
    expect(open.frames).toBe(false);
  });
});

describe('neighbourhood (Focus)', () => {
  const edges = [
    { id: 'e1', from: 'a', to: 'b' },
    { id: 'e2', from: 'c', to: 'a' },
    { id: 'e3', from: 'b', to: 'd' },
    { id: 'e4', from: 'x', to: 'y' },
  ];
  it('one hop: senders, receivers and overlaps', () => {
    const n = neighbourhood('a', edges, [['a', 'z']], 1);
    expect([...n.seats].sort()).toEqual(['a', 'b', 'c', 'z']);
    expect([...n.edges].sort()).toEqual(['e1', 'e2']);
    expect([...n.overlaps]).toEqual(['a+z']);
  });
  it('two hops reaches one further', () => {
    const n = neighbourhood('a', edges, [], 2);
    expect([...n.seats].sort()).toEqual(['a', 'b', 'c', 'd']);
    expect(n.edges.has('e3')).toBe(true);
    expect(n.edges.has('e4')).toBe(false);
  });
});

describe('findSeats', () => {
  const seats = [
    { id: 'radar', name: 'Radar', owner: 'david', ownerName: 'David', owns: ['morning-briefing'] },
    { id: 'dash', name: 'Dash', owner: 'david', ownerName: 'David', owns: ['ad-analytics'] },
    { id: 'david', name: 'David', owner: null, owns: [] },
    { id: 'paradox', name: 'Para', owner: null, owns: [] },
  ];
  it('finds by name, id, owner and domain, best first', () => {
    expect(findSeats(seats, 'rad').map((h) => h.id)).toEqual(['radar', 'paradox']);
    expect(findSeats(seats, 'david').map((h) => [h.id, h.field])).toEqual([
      ['david', 'name'],
      ['radar', 'owner'],
      ['dash', 'owner'],
    ]);
    expect(findSeats(seats, 'analytics')).toEqual([{ id: 'dash', field: 'domain', text: 'ad-analytics' }]);
    expect(findSeats(seats, '  ')).toEqual([]);
  });
});

describe('fitEdges (a readable first view)', () => {
  const seat = (x: number, y: number) => ({ x, y, width: 224, height: 120 });
  const seats = new Map([
    ['a', seat(0, 0)],
    ['b', seat(400, 0)],
    ['c', seat(800, 0)],
  ]);
  const edge = (id: string, source: string, target: string, kind: 'handoff' | 'traffic' = 'handoff') => {
    const s = seats.get(source)!;
    const t = seats.get(target)!;
    return { id, kind, source, target, sx: s.x + s.width, sy: s.y + 60, tx: t.x, ty: t.y + 60, lane: 0, lanes: 1, label: { width: 150, height: 34 } };
  };

  it('bends an edge around a seat it does not connect', () => {
    const input = edge('a->c', 'a', 'c');
    const fit = fitEdges([input], seats, false).get('a->c')!;
    expect(fit.bend).not.toBe(0);
    const curve = curvePoints(input.sx, input.sy, input.tx, input.ty, 0, 1, false, fit.bend);
    const b = seats.get('b')!;
    for (let i = 1; i < 50; i++) {
      const p = pointAt(curve, i / 50);
      expect(p.x > b.x + 6 && p.x < b.x + b.width - 6 && p.y > b.y + 6 && p.y < b.y + b.height - 6).toBe(false);
    }
  });

  it('keeps labels off each other', () => {
    const fits = fitEdges([edge('one', 'a', 'b'), { ...edge('two', 'a', 'b', 'traffic'), lane: 0 }], seats, false);
    const one = fits.get('one')!;
    const two = fits.get('two')!;
    expect(one.bend !== two.bend || one.t !== two.t).toBe(true);
  });
});

describe('elk group layout (the layout worker)', () => {
  it('lays a team of eight out as a block along its handoffs, no seat on another', async () => {
    const { default: ELK } = await import('elkjs/lib/elk.bundled.js');
    const seats = ['lead', 'a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'a7'];
    const links = seats.slice(1).flatMap((a, i) => [{ from: a, to: 'lead' }, ...(seats[i + 2] ? [{ from: a, to: seats[i + 2]! }] : [])]);
    const offsets = offsetsOf(await new ELK().layout(elkGraphOf({ groupId: 'g', seats, links })));
    expect(Object.keys(offsets).sort()).toEqual([...seats].sort());
    const boxes = Object.values(offsets).map((p) => ({ ...p, width: SEAT_WIDTH, height: SEAT_HEIGHT }));
    let clashes = 0;
    for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) if (overlap(boxes[i]!, boxes[j]!)) clashes++;
    expect(clashes).toBe(0);
    expect(Math.min(...boxes.map((b) => b.x))).toBe(0);
    expect(Math.min(...boxes.map((b) => b.y))).toBe(0);
    // Wrapped into rows, not one line of eight.
    expect(Math.max(...boxes.map((b) => b.x + b.width))).toBeLessThan(8 * SEAT_WIDTH);
    // The handoff chain runs forward: a1 before a2 (left of it, or on an earlier row).
    expect(offsets.a1!.x < offsets.a2!.x || offsets.a1!.y < offsets.a2!.y).toBe(true);
  });
});
