import { describe, expect, it } from 'vitest';
import { buildEdgeSpecs, sameEdgeSpecs, type EdgeSpec } from '../../renderer/src/graph/edgeSpecs';

const h = (from: string, to: string, via = 'inbox') => ({ id: `${from}->${to}@${via}`, from, to });
const t = (from: string, to: string, count: number) => ({ id: `${from}->${to}`, from, to, count });
const r = (winner: string, over: string, id = `${winner}>${over}`) => ({ id, winner, over });

const ids = (specs: EdgeSpec[]) => specs.map((s) => s.id);

describe('buildEdgeSpecs', () => {
  const seats = ['dash', 'radar', 'pulse', 'dirk', 'david'];

  it('draws one handoff edge per designed pair, carrying the pair, and no separate traffic edge for it', () => {
    const specs = buildEdgeSpecs(
      seats,
      [h('dash', 'radar', 'state/dash/anomalies.json'), h('dash', 'radar', 'inbox'), h('pulse', 'dirk')],
      [t('dash', 'radar', 7), t('dirk', 'pulse', 2)],
      [],
    );
    expect(ids(specs)).toEqual(['handoff:dash->radar', 'handoff:pulse->dirk', 'traffic:dirk->pulse']);
    const dashRadar = specs.find((s) => s.id === 'handoff:dash->radar');
    expect(dashRadar).toMatchObject({ kind: 'handoff', from: 'dash', to: 'radar', pairId: 'dash->radar' });
    expect(dashRadar?.kind === 'handoff' && dashRadar.handoffIds).toEqual(['dash->radar@state/dash/anomalies.json', 'dash->radar@inbox']);
  });

  it('draws undesigned traffic as a traffic edge, and rules as winner→over edges', () => {
    const specs = buildEdgeSpecs(seats, [], [t('radar', 'dirk', 3)], [r('pulse', 'dirk'), r('pulse', 'dirk', 'second')]);
    expect(specs).toEqual([
      expect.objectContaining({ id: 'rule:pulse->dirk', kind: 'rule', from: 'pulse', to: 'dirk', ruleIds: ['pulse>dirk', 'second'] }),
      expect.objectContaining({ id: 'traffic:radar->dirk', kind: 'traffic', from: 'radar', to: 'dirk' }),
    ]);
  });

  it('leaves out edges to seats that are not on the graph, self-loops and empty traffic', () => {
    const specs = buildEdgeSpecs(seats, [h('dash', 'ghost'), h('radar', 'radar')], [t('ghost', 'dash', 4), t('dash', 'dirk', 0)], [r('nobody', 'dash')]);
    expect(specs).toEqual([]);
  });

  it('gives edges between the same two seats separate lanes, handoffs first', () => {
    const specs = buildEdgeSpecs(seats, [h('pulse', 'dirk')], [t('dirk', 'pulse', 1)], [r('pulse', 'dirk')]);
    const lanes = Object.fromEntries(specs.map((s) => [s.id, [s.lane, s.lanes]]));
    expect(lanes).toEqual({ 'handoff:pulse->dirk': [0, 3], 'traffic:dirk->pulse': [1, 3], 'rule:pulse->dirk': [2, 3] });
    const single = buildEdgeSpecs(seats, [h('dash', 'radar')], [], []);
    expect(single[0]).toMatchObject({ lane: 0, lanes: 1 });
  });
});

describe('sameEdgeSpecs', () => {
  it('is true for the same structure and false when an edge, lane or member handoff changes', () => {
    const build = (extra: ReturnType<typeof h>[] = [], traffic = [t('dirk', 'pulse', 1)]) =>
      buildEdgeSpecs(['a', 'b', 'dirk', 'pulse'], [h('a', 'b'), ...extra], traffic, []);
    expect(sameEdgeSpecs(build(), build([], [t('dirk', 'pulse', 99)]))).toBe(true);
    expect(sameEdgeSpecs(build(), build([h('a', 'b', 'state/a/x.json')]))).toBe(false);
    expect(sameEdgeSpecs(build(), build([h('b', 'a')]))).toBe(false);
    expect(sameEdgeSpecs(build(), build([], []))).toBe(false);
  });
});
