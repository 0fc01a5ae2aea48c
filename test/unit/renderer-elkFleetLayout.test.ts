import ELK from 'elkjs/lib/elk.bundled.js';
import { describe, expect, it } from 'vitest';
import { fitZoom, layOutFleet, laysOutByGroups, type FleetLayoutRequest } from '../../renderer/src/graph/elkFleetLayout';
import { placeNewSeats, SEAT_HEIGHT, SEAT_WIDTH, type Link, type Positions } from '../../renderer/src/graph/layout';

const elk = new ELK();

function expectNoOverlap(positions: Positions) {
  const boxes = Object.entries(positions);
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const [, a] = boxes[i]!;
      const [, b] = boxes[j]!;
      const apart = a.x + SEAT_WIDTH <= b.x || b.x + SEAT_WIDTH <= a.x || a.y + SEAT_HEIGHT <= b.y || b.y + SEAT_HEIGHT <= a.y;
      expect(apart, `${boxes[i]![0]} and ${boxes[j]![0]} overlap`).toBe(true);
    }
  }
}

/** Whether `q` comes after `p` along the flow: to its right, or on a later row (elk wraps long chains into rows). */
function after(p: { x: number; y: number }, q: { x: number; y: number }): boolean {
  return (q.x > p.x && Math.abs(q.y - p.y) < SEAT_HEIGHT) || q.y >= p.y + SEAT_HEIGHT;
}

/** Two teams (a human lead and six agents in a handoff chain), a handoff between them, some traffic, and a lone seat. */
function chainsFleet(): FleetLayoutRequest {
  const seats: string[] = [];
  const links: Link[] = [];
  const groups: Array<{ id: string; seats: string[] }> = [];
  for (const t of ['a', 'b']) {
    const members = [`${t}-lead`];
    for (let i = 1; i <= 6; i++) members.push(`${t}-${i}`);
    seats.push(...members);
    groups.push({ id: `${t}-lead`, seats: members });
    for (let i = 0; i + 1 < members.length; i++) links.push({ from: members[i]!, to: members[i + 1]! });
    links.push({ from: `${t}-6`, to: `${t}-lead`, ranked: false });
  }
  links.push({ from: 'a-6', to: 'b-lead' });
  seats.push('lone');
  return { seats, groups, links };
}

/** Teams of ten (a lead, a chain of agents reporting to it); each team's first agent hands off to the next team's. */
function teamsFleet(teams: number): FleetLayoutRequest {
  const seats: string[] = [];
  const links: Link[] = [];
  const groups: Array<{ id: string; seats: string[] }> = [];
  for (let t = 0; t < teams; t++) {
    const lead = `t${t}-lead`;
    const members = [lead];
    for (let a = 1; a < 10; a++) {
      members.push(`t${t}-a${a}`);
      links.push({ from: `t${t}-a${a}`, to: lead });
      if (a > 1) links.push({ from: `t${t}-a${a - 1}`, to: `t${t}-a${a}` });
    }
    links.push({ from: `t${t}-a1`, to: `t${(t + 1) % teams}-a1` });
    links.push({ from: lead, to: `t${(t + 3) % teams}-lead`, ranked: false });
    seats.push(...members);
    groups.push({ id: lead, seats: members });
  }
  return { seats, groups, links };
}

describe('layOutFleet (elkjs layout of a small fleet, as the layout worker runs it)', () => {
  it('places every seat once, overlapping nothing, readable at fit zoom', async () => {
    const request = chainsFleet();
    const positions = await layOutFleet(elk, request);
    expect(Object.keys(positions).sort()).toEqual([...request.seats].sort());
    expectNoOverlap(positions);
    expect(fitZoom(positions)).toBeGreaterThanOrEqual(0.6);
    expect(await layOutFleet(elk, request)).toEqual(positions);
  });

  it('flows left to right along designed handoffs; traffic and rules do not set ranks', async () => {
    const seats = ['a', 'b', 'c'];
    const designed: Link[] = [
      { from: 'a', to: 'b' },
      { from: 'b', to: 'c' },
    ];
    const withTraffic = [...designed, { from: 'c', to: 'a', ranked: false }, { from: 'c', to: 'b', ranked: false }];
    const positions = await layOutFleet(elk, { seats, groups: [], links: withTraffic });
    expect(after(positions.a!, positions.b!)).toBe(true);
    expect(after(positions.b!, positions.c!)).toBe(true);
    expect(positions).toEqual(await layOutFleet(elk, { seats, groups: [], links: designed }));
  });

  it('lays a fleet of teams out team by team: each team one block, the whole about a window’s shape', async () => {
    const request = teamsFleet(15);
    expect(laysOutByGroups(request)).toBe(true);
    const started = performance.now();
    const positions = await layOutFleet(elk, request);
    console.info(`150 seats in teams: elk ${Math.round(performance.now() - started)} ms, fit zoom ${fitZoom(positions).toFixed(3)}`);
    expect(Object.keys(positions)).toHaveLength(150);
    expectNoOverlap(positions);
    const box = (ps: Positions) => {
      const all = Object.values(ps);
      return { w: Math.max(...all.map((p) => p.x)) - Math.min(...all.map((p) => p.x)) + SEAT_WIDTH, h: Math.max(...all.map((p) => p.y)) - Math.min(...all.map((p) => p.y)) + SEAT_HEIGHT };
    };
    const whole = box(positions);
    expect(whole.w / whole.h).toBeGreaterThan(0.8);
    expect(whole.w / whole.h).toBeLessThan(4);
    // A team's seats span a small part of the whole, and no other team's seat sits inside its box.
    for (const g of request.groups) {
      const team = box(Object.fromEntries(g.seats.map((id) => [id, positions[id]!])));
      expect(team.w * team.h).toBeLessThan((whole.w * whole.h) / 6);
    }
  });

  it('lays a fleet whose handoffs mostly cross its groups out as one graph', async () => {
    const request: FleetLayoutRequest = {
      seats: ['a1', 'a2', 'b1', 'b2'],
      groups: [
        { id: 'a', seats: ['a1', 'a2'] },
        { id: 'b', seats: ['b1', 'b2'] },
      ],
      links: [
        { from: 'a1', to: 'b1' },
        { from: 'b1', to: 'a2' },
        { from: 'a2', to: 'b2' },
      ],
    };
    expect(laysOutByGroups(request)).toBe(false);
    const positions = await layOutFleet(elk, request);
    expect(after(positions.a1!, positions.b1!)).toBe(true);
    expect(after(positions.b1!, positions.a2!)).toBe(true);
    expect(after(positions.a2!, positions.b2!)).toBe(true);
    expectNoOverlap(positions);
  });

  it('is stable: a seat added after the layout moves no seat already placed', async () => {
    for (const request of [chainsFleet(), teamsFleet(6)]) {
      const before = await layOutFleet(elk, request);
      const added = placeNewSeats(before, ['new'], [{ from: request.seats[3]!, to: 'new' }], 'LR');
      const after = { ...before, ...added };
      for (const id of request.seats) {
        const moved = Math.hypot(after[id]!.x - before[id]!.x, after[id]!.y - before[id]!.y);
        expect(moved, `${id} moved`).toBeLessThanOrEqual(1);
      }
      expectNoOverlap(after);
    }
  });

  it('handles an empty fleet, a fleet with no handoffs and cycles', async () => {
    expect(await layOutFleet(elk, { seats: [], groups: [], links: [] })).toEqual({});
    const loners = await layOutFleet(elk, { seats: ['x', 'y', 'z'], groups: [{ id: 'g', seats: ['x', 'y'] }], links: [] });
    expect(Object.keys(loners).sort()).toEqual(['x', 'y', 'z']);
    expectNoOverlap(loners);
    const cycle = await layOutFleet(elk, { seats: ['a', 'b', 'c'], groups: [{ id: 'g', seats: ['a', 'b', 'c'] }], links: [{ from: 'a', to: 'b' }, { from: 'b', to: 'c' }, { from: 'c', to: 'a' }] });
    expectNoOverlap(cycle);
  });
});
