import { afterEach, describe, expect, it } from 'vitest';
import { parseFleetYaml } from '../../shared/parseFleet';
import { aggregateStyle, groupIdOf, groupSeats, groupSummary, summedCount, visibleEdges, type GroupableEdge, type GroupableSeat } from '../../shared/seatGroups';
import { COLLAPSE_AFTER_SEATS, isCollapsed, isLayerShown, viewStateSchema, withGroup, withLayer } from '../../shared/viewState';
import { FleetService } from '../../service/fleetService';
import { makeFleetDir, removeDir } from '../helpers/fleetDir';

const human = (id: string, team?: string): GroupableSeat => ({ id, name: id.toUpperCase(), kind: 'human', owner: null, team: team ?? null });
const agent = (id: string, owner: string | null, team?: string): GroupableSeat => ({ id, name: id.toUpperCase(), kind: 'agent', owner, team: team ?? null });

describe('team: in fleet.yaml', () => {
  it('is read, trimmed, and missing means null', () => {
    const parsed = parseFleetYaml(`version: 1
seats:
  radar: { kind: agent, owner: david, team: "  Morning Briefing " }
  dash: { kind: agent, owner: david }
  david: { kind: human }
`);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.registry.seats.find((s) => s.id === 'radar')?.team).toBe('Morning Briefing');
    expect(parsed.registry.seats.find((s) => s.id === 'dash')?.team).toBeNull();
  });

  it('of the wrong type is reported and ignored, and the seat stays', () => {
    const parsed = parseFleetYaml('version: 1\nseats:\n  radar: { kind: agent, team: [a, b] }\n');
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.registry.seats.map((s) => s.id)).toEqual(['radar']);
    expect(parsed.registry.seats[0]?.team ?? null).toBeNull();
    expect(parsed.diagnostics.some((d) => d.line === 3)).toBe(true);
  });
});

describe('groupSeats', () => {
  it('groups by the team key first, ids made safe', () => {
    const g = groupSeats([agent('a', 'lee', 'Sales Ops'), agent('b', null, 'sales ops'), human('lee')]);
    expect(g.groups).toEqual([{ id: 'sales-ops', label: 'Sales Ops', source: 'team', seats: ['a', 'b'] }]);
    // Lee owns no agent without a team, so Lee is on their own.
    expect(g.ungrouped).toEqual(['lee']);
    expect(groupIdOf('  --Ünïcode Team!! ')).toBe('n-code-team');
    expect(groupIdOf('***')).toBe('team');
  });

  it('falls back to the owner: a human and the agents they own, human first', () => {
    const g = groupSeats([agent('x', 'maria'), human('maria'), agent('y', 'maria'), agent('z', 'sam'), human('sam')]);
    expect(g.groups.map((gr) => [gr.id, gr.label, gr.seats])).toEqual([
      ['maria', 'MARIA', ['maria', 'x', 'y']],
      ['sam', 'SAM', ['sam', 'z']],
    ]);
    expect(g.groupOf.get('y')).toBe('maria');
    expect(g.ungrouped).toEqual([]);
  });

  it('leaves seats with neither team nor owner on their own, and a one-seat owner group is no group', () => {
    const g = groupSeats([agent('lonely', null), human('solo'), agent('x', 'Some Contractor'), agent('p', 'ops team'), agent('q', 'ops team')]);
    expect(g.groups.map((gr) => [gr.id, gr.label, gr.seats])).toEqual([['ops-team', 'ops team', ['p', 'q']]]);
    expect(g.ungrouped).toEqual(['lonely', 'solo', 'x']);
  });

  it('an explicit team of one seat is still a group; a human with a team joins it', () => {
    const g = groupSeats([human('boss', 'core'), agent('a', 'boss'), agent('b', 'boss', 'core')]);
    // a has no team: grouped with its owner boss, but boss is in team "core": a's group is boss's id.
    expect(g.groupOf.get('boss')).toBe('core');
    expect(g.groupOf.get('b')).toBe('core');
    expect(g.groupOf.get('a')).toBeUndefined();
    expect(g.ungrouped).toEqual(['a']);
  });
});

describe('visibleEdges (aggregation between collapsed groups)', () => {
  const e = (kind: GroupableEdge['kind'], from: string, to: string): GroupableEdge => ({ id: `${kind}:${from}->${to}`, kind, from, to, pairId: `${from}->${to}` });
  const groupOf: Record<string, string> = { a1: 'ga', a2: 'ga', b1: 'gb', b2: 'gb' };
  const edges = [
    e('handoff', 'a1', 'b1'),
    e('traffic', 'a2', 'b2'),
    e('handoff', 'a1', 'a2'),
    e('rule', 'b1', 'a1'),
    e('traffic', 'x', 'a1'),
    e('handoff', 'x', 'y'),
  ];

  it('folds edges into one per pair of visible ends, drops edges inside a group, keeps the rest', () => {
    const { direct, aggregated } = visibleEdges(edges, (seat) => groupOf[seat] ?? null);
    expect(direct.map((d) => d.id)).toEqual(['handoff:x->y']);
    expect(aggregated.map((a) => [a.id, a.from, a.to, a.style, a.designed, a.undesigned, a.rules, a.pairIds])).toEqual([
      ['group-edge:ga->gb', 'ga', 'gb', 'mixed', 1, 1, 0, ['a1->b1', 'a2->b2']],
      ['group-edge:gb->ga', 'gb', 'ga', 'rule', 0, 0, 1, []],
      ['group-edge:x->ga', 'x', 'ga', 'undesigned', 0, 1, 0, ['x->a1']],
    ]);
  });

  it('with only one group collapsed, edges to its expanded neighbours end on their seats', () => {
    const { direct, aggregated } = visibleEdges(edges, (seat) => (groupOf[seat] === 'gb' ? 'gb' : null));
    expect(direct.map((d) => d.id).sort()).toEqual(['handoff:a1->a2', 'handoff:x->y', 'traffic:x->a1']);
    expect(aggregated.map((a) => [a.from, a.to, a.style])).toEqual([
      ['a1', 'gb', 'designed'],
      ['a2', 'gb', 'undesigned'],
      ['gb', 'a1', 'rule'],
    ]);
  });

  it('sums counts and classifies', () => {
    const counts: Record<string, number> = { 'a1->b1': 40, 'a2->b2': 2 };
    expect(summedCount(['a1->b1', 'a2->b2', 'none'], (id) => counts[id] ?? 0)).toBe(42);
    expect(aggregateStyle({ designed: 3, undesigned: 0 })).toBe('designed');
    expect(aggregateStyle({ designed: 0, undesigned: 1 })).toBe('undesigned');
    expect(aggregateStyle({ designed: 1, undesigned: 1 })).toBe('mixed');
  });
});

describe('groupSummary', () => {
  it('counts seats and unread, takes the worst warning and counts stale members', () => {
    const unread: Record<string, number> = { a: 3, b: 0, c: 7 };
    const worst: Record<string, 'error' | 'warning' | 'info'> = { a: 'info', c: 'warning' };
    const summary = groupSummary(['a', 'b', 'c'], { unreadOf: (s) => unread[s] ?? 0, worstOf: (s) => worst[s] ?? null, isStale: (s) => s === 'b' });
    expect(summary).toEqual({ seats: 3, unread: 10, worst: 'warning', stale: 1 });
    expect(groupSummary([], { unreadOf: () => 1, worstOf: () => 'error', isStale: () => true })).toEqual({ seats: 0, unread: 0, worst: null, stale: 0 });
  });
});

describe('collapse state and layers', () => {
  it('collapses by default only past the threshold; a choice wins either way', () => {
    expect(isCollapsed({}, 'g', COLLAPSE_AFTER_SEATS)).toBe(false);
    expect(isCollapsed({}, 'g', COLLAPSE_AFTER_SEATS + 1)).toBe(true);
    const view = withGroup(withGroup({}, 'g', false), 'h', true);
    expect(isCollapsed(view, 'g', 1000)).toBe(false);
    expect(isCollapsed(view, 'h', 10)).toBe(true);
    expect(isCollapsed(view, 'other', 1000)).toBe(true);
  });

  it('shows every edge layer by default and group frames only in big fleets', () => {
    expect(isLayerShown({}, 'traffic', 10)).toBe(true);
    expect(isLayerShown({}, 'groups', 10)).toBe(false);
    expect(isLayerShown({}, 'groups', 1000)).toBe(true);
    expect(isLayerShown(withLayer({}, 'traffic', false), 'traffic', 10)).toBe(false);
  });

  it('refuses bad group ids and unknown layers at the boundary', () => {
    expect(viewStateSchema.safeParse({ groups: { '../x': 'collapsed' } }).success).toBe(false);
    expect(viewStateSchema.safeParse({ layers: { bogus: true } }).success).toBe(false);
    expect(viewStateSchema.safeParse({ groups: { t01: 'collapsed' }, layers: { rule: false } }).success).toBe(true);
  });
});

describe('view.json through the fleet service', () => {
  const dirs: string[] = [];
  afterEach(async () => {
    await Promise.all(dirs.splice(0).map(removeDir));
  });

  it('saves and reads back the view; a broken file reads as no choices', async () => {
    const dir = await makeFleetDir({ 'fleet.yaml': 'version: 1\nseats:\n  radar: { kind: agent }\n' });
    dirs.push(dir);
    const service = await FleetService.open({ root: dir, watch: false });
    try {
      expect(await service.getView()).toEqual({});
      await service.saveView({ groups: { t01: 'expanded' }, layers: { traffic: false } });
      expect(await service.getView()).toEqual({ groups: { t01: 'expanded' }, layers: { traffic: false } });
      await expect(service.saveView({ groups: { 'Bad Id': 'collapsed' } } as never)).rejects.toThrow();
      const { writeFile } = await import('node:fs/promises');
      await writeFile(`${dir}/.seatmap/view.json`, '{ not json');
      expect(await service.getView()).toEqual({});
    } finally {
      await service.close();
    }
  });
});
