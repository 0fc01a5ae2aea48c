import { describe, expect, it } from 'vitest';
import type { Signal } from '../../shared/signalTypes';
import type { Keyed } from '../../renderer/src/store/fleetState';
import { buildEdgeSpecs } from '../../renderer/src/graph/edgeSpecs';
import { buildSignalIndex, parseBadge, signalIndexOf, worstSeverity } from '../../renderer/src/warnings/signalIndex';
import { groupSignals, severitySummary } from '../../renderer/src/warnings/signalGroups';
import { overlapEdgeId, signalTargets } from '../../renderer/src/warnings/signalTargets';

function signal(id: string, parts: Partial<Signal> = {}): Signal {
  const kind = id.slice(0, id.indexOf(':')) as Signal['kind'];
  return { id, kind, severity: 'warning', seats: [], files: [], message: id, hint: 'fix it', handoffs: [], numbers: {}, ...parts };
}

const keyed = (signals: Signal[]): Keyed<Signal> => ({ ids: signals.map((s) => s.id), byId: Object.fromEntries(signals.map((s) => [s.id, s])) });

const FLEET: Signal[] = [
  signal('stale-state:state/dash/a.json', { seats: ['dash'], files: ['state/dash/a.json'], handoffs: ['dash->radar@state/dash/a.json'] }),
  signal('dead-handoff:coach->echo@inbox', { seats: ['coach', 'echo'], handoffs: ['coach->echo@inbox'] }),
  signal('mandate-overlap:dash+jeff', { severity: 'error', seats: ['dash', 'jeff'], files: ['fleet.yaml'] }),
  signal('unruled-overlap:dash+jeff', { severity: 'error', seats: ['dash', 'jeff'], files: ['fleet.yaml'] }),
  signal('duplicate-work:atlas+jeff', { seats: ['atlas', 'jeff'] }),
  signal('undesigned-traffic:jeff->dash', { seats: ['jeff', 'dash'], files: ['inbox/dash.jsonl'], numbers: { line: 4 } }),
  signal('human-bridge:coach->maria->pulse', { seats: ['coach', 'maria', 'pulse'] }),
  signal('rule-violation:pulse>dirk#0', { severity: 'error', seats: ['dirk', 'pulse'] }),
  signal('unowned-seat:scout', { severity: 'error', seats: ['scout'] }),
];

describe('signal index (what seats and edges show)', () => {
  const index = buildSignalIndex(FLEET);

  it.each([
    ['dash', '4:error'],
    ['jeff', '4:error'],
    ['atlas', '1:warning'],
    ['scout', '1:error'],
    ['maria', '1:warning'],
    ['radar', undefined],
  ])('seat %s has badge %s', (seat, badge) => {
    expect(index.seatBadges.get(seat)).toBe(badge);
  });

  it('marks stale files on their seat and on the handoffs that carry them', () => {
    expect(index.seatStale.get('dash')).toBe('state/dash/a.json');
    expect(index.seatStale.has('radar')).toBe(false);
    expect(index.staleHandoffs.get('dash->radar@state/dash/a.json')).toBe('state/dash/a.json');
  });

  it('knows dead handoffs by id', () => {
    expect([...index.deadHandoffs]).toEqual(['coach->echo@inbox']);
  });

  it('links each overlapping pair once, drawn by the lower id, with every reason and the worst severity', () => {
    expect([...index.overlaps.keys()].sort()).toEqual(['atlas+jeff', 'dash+jeff']);
    expect(index.overlaps.get('dash+jeff')).toMatchObject({ a: 'dash', b: 'jeff', severity: 'error', kinds: ['mandate-overlap', 'unruled-overlap'] });
    expect(index.overlapPartners.get('dash')).toBe('jeff');
    expect(index.overlapPartners.get('atlas')).toBe('jeff');
    expect(index.overlapPartners.has('jeff')).toBe(false);
    // Undesigned traffic between two seats is not an overlap.
    expect(index.overlaps.get('dash+jeff')!.kinds).not.toContain('undesigned-traffic');
  });

  it('counts the whole list with its worst severity, and nothing as "0:"', () => {
    expect(index.total).toBe(`${FLEET.length}:error`);
    expect(buildSignalIndex([]).total).toBe('0:');
    expect(parseBadge('0:')).toEqual({ count: 0, severity: null });
    expect(parseBadge('3:warning')).toEqual({ count: 3, severity: 'warning' });
  });

  it('builds once per collection identity, so every seat shares one pass', () => {
    const collection = keyed(FLEET);
    expect(signalIndexOf(collection)).toBe(signalIndexOf(collection));
    expect(signalIndexOf(keyed(FLEET))).not.toBe(signalIndexOf(collection));
    expect(signalIndexOf(undefined).total).toBe('0:');
  });

  it('picks the worst severity', () => {
    expect(worstSeverity(['info', 'warning'])).toBe('warning');
    expect(worstSeverity(['warning', 'error', 'info'])).toBe('error');
    expect(worstSeverity([])).toBeNull();
  });
});

describe('signal targets (what a clicked warning highlights)', () => {
  const specs = buildEdgeSpecs(
    ['dash', 'radar', 'jeff', 'coach', 'echo', 'maria', 'pulse', 'dirk', 'atlas'],
    [
      { id: 'dash->radar@state/dash/a.json', from: 'dash', to: 'radar' },
      { id: 'coach->echo@inbox', from: 'coach', to: 'echo' },
      { id: 'maria->pulse@inbox', from: 'maria', to: 'pulse' },
    ],
    [
      { id: 'jeff->dash', from: 'jeff', to: 'dash', count: 3 },
      { id: 'coach->maria', from: 'coach', to: 'maria', count: 2 },
      { id: 'maria->pulse', from: 'maria', to: 'pulse', count: 2 },
    ],
    [{ id: 'r0', winner: 'pulse', over: 'dirk' }],
  );
  const targets = (id: string) => signalTargets(FLEET.find((s) => s.id === id)!, specs);

  it.each([
    ['stale-state:state/dash/a.json', ['dash'], ['handoff:dash->radar']],
    ['dead-handoff:coach->echo@inbox', ['coach', 'echo'], ['handoff:coach->echo']],
    ['undesigned-traffic:jeff->dash', ['jeff', 'dash'], ['traffic:jeff->dash']],
    ['human-bridge:coach->maria->pulse', ['coach', 'maria', 'pulse'], ['handoff:maria->pulse', 'traffic:coach->maria']],
    ['rule-violation:pulse>dirk#0', ['dirk', 'pulse'], ['rule:pulse->dirk']],
    ['mandate-overlap:dash+jeff', ['dash', 'jeff'], ['overlap:dash+jeff']],
    ['duplicate-work:atlas+jeff', ['atlas', 'jeff'], ['overlap:atlas+jeff']],
    ['unowned-seat:scout', ['scout'], []],
  ])('%s highlights seats %j and edges %j', (id, seats, edges) => {
    expect(targets(id)).toEqual({ seats, edges });
  });

  it('names overlap links with the pair sorted', () => {
    expect(overlapEdgeId('jeff', 'dash')).toBe('overlap:dash+jeff');
    expect(overlapEdgeId('dash', 'jeff')).toBe('overlap:dash+jeff');
  });
});

describe('warnings panel groups', () => {
  it('groups by kind in plain words, kinds with errors first, the worst first within a kind', () => {
    const groups = groupSignals([
      ...FLEET,
      signal('stale-state:state/a/b.json', { seats: ['a'], severity: 'error' }),
    ]);
    expect(groups.map((g) => g.title)).toEqual([
      'Stale state',
      'Overlapping mandates',
      'Overlaps without a rule',
      'Broken rules',
      'Seats without an owner',
      'Undesigned traffic',
      'Dead handoffs',
      'Duplicate work',
      'Human bridges',
    ]);
    expect(groups[0]!.signals.map((s) => s.id)).toEqual(['stale-state:state/a/b.json', 'stale-state:state/dash/a.json']);
    expect(groups.flatMap((g) => g.signals)).toHaveLength(FLEET.length + 1);
  });

  it('has no groups for no signals', () => {
    expect(groupSignals([])).toEqual([]);
  });

  it('summarises by severity', () => {
    expect(severitySummary(FLEET)).toBe('4 errors, 5 warnings');
    expect(severitySummary([signal('stale-state:x', { severity: 'warning' })])).toBe('1 warning');
    expect(severitySummary([signal('stale-state:x', { severity: 'info' })])).toBe('1 note');
    expect(severitySummary([])).toBe('');
  });
});
