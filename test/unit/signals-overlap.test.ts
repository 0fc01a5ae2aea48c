import { describe, expect, it } from 'vitest';
import { H, NOW, activity, human, input, only, registry, retired, rule, seat, signalsOf } from './signals-fixtures';
import type { ActivityData } from '../../shared/records';
import type { RuleDecl, SeatDecl } from '../../shared/registry';

function fleet(seats: SeatDecl[], rules: RuleDecl[] = [], acts: ActivityData[] = []) {
  return input({ registry: registry({ seats, rules }), activity: acts });
}

describe('mandate-overlap', () => {
  it('fires once per seat pair with the shared domains, as an error', () => {
    const s = only('mandate-overlap', fleet([seat('dash', { owns: ['ad-analytics', 'reporting'] }), seat('jeff', { owns: ['Reporting ', 'ad-analytics', 'data-integrity'] })]));
    expect(s).toMatchObject({ id: 'mandate-overlap:dash+jeff', severity: 'error', seats: ['dash', 'jeff'], files: ['fleet.yaml'], numbers: { count: 2 } });
    expect(s.message).toBe('Dash and Jeff both own ad-analytics and reporting; one domain must have one seat');
  });

  it('fires for every pair when three seats own one domain, humans included, and a rule does not excuse it', () => {
    const found = signalsOf('mandate-overlap', fleet([seat('a', { owns: ['x'] }), seat('b', { owns: ['x'] }), human('c', { owns: ['x'] })], [rule('a', 'b')]));
    expect(found.map((s) => [s.id, s.severity])).toEqual([['mandate-overlap:a+b', 'error'], ['mandate-overlap:a+c', 'error'], ['mandate-overlap:b+c', 'error']]);
  });

  it.each([
    { name: 'different domains', seats: [seat('dash', { owns: ['ad-analytics'] }), seat('radar', { owns: ['morning-briefing'] })] },
    { name: 'a domain one seat owns and the other disowns', seats: [seat('dash', { owns: ['ad-analytics'] }), seat('radar', { notOwns: ['ad-analytics'] })] },
    { name: 'a retired seat that owned the same domain', seats: [seat('dash', { owns: ['ad-analytics'] }), retired(seat('jeff', { owns: ['ad-analytics'] }))] },
    { name: 'a seat listing a domain twice', seats: [seat('dash', { owns: ['ad-analytics', 'ad-analytics'] })] },
  ])('does not fire for $name', ({ seats }) => {
    expect(signalsOf('mandate-overlap', fleet(seats))).toEqual([]);
  });
});

describe('unruled-overlap', () => {
  it('is an error for overlapping mandates with no rule', () => {
    const s = only('unruled-overlap', fleet([seat('dash', { owns: ['ad-analytics'] }), seat('jeff', { owns: ['ad-analytics'] })]));
    expect(s).toMatchObject({ id: 'unruled-overlap:dash+jeff', severity: 'error', seats: ['dash', 'jeff'], numbers: { domainCount: 1, entityCount: 0 } });
    expect(s.message).toBe('Dash and Jeff overlap (both own ad-analytics) and no rule says who wins');
  });

  it('is a warning for duplicate work alone, and joins both reasons for one pair', () => {
    const dup = [activity('dirk', [[NOW - H, 'client:acme']]), activity('pulse', [[NOW - H, 'client:acme']])];
    const warn = only('unruled-overlap', fleet([seat('dirk'), seat('pulse')], [], dup));
    expect(warn).toMatchObject({ id: 'unruled-overlap:dirk+pulse', severity: 'warning', numbers: { domainCount: 0, entityCount: 1 } });
    expect(warn.message).toBe('Dirk and Pulse overlap (both touched 1 entity in the last 7 d) and no rule says who wins');
    const both = only('unruled-overlap', fleet([seat('dirk', { owns: ['sales'] }), seat('pulse', { owns: ['sales'] })], [], dup));
    expect(both).toMatchObject({ severity: 'error', numbers: { domainCount: 1, entityCount: 1 } });
    expect(both.message).toContain('(both own sales; both touched 1 entity in the last 7 d)');
  });

  const dup = [activity('dirk', [[NOW - H, 'client:acme']]), activity('pulse', [[NOW - H, 'client:acme']])];
  it.each([
    { name: 'a rule winner→over', seats: [seat('dirk', { owns: ['sales'] }), seat('pulse', { owns: ['sales'] })], rules: [rule('pulse', 'dirk')], acts: dup },
    { name: 'a rule the other way round', seats: [seat('dirk', { owns: ['sales'] }), seat('pulse', { owns: ['sales'] })], rules: [rule('dirk', 'pulse')], acts: [] },
    { name: 'no overlap at all', seats: [seat('dirk', { owns: ['sales'] }), seat('pulse', { owns: ['retention'] })], rules: [], acts: [] },
    { name: 'a retired seat', seats: [seat('dirk', { owns: ['sales'] }), retired(seat('pulse', { owns: ['sales'] }))], rules: [], acts: dup },
  ])('does not fire for $name', ({ seats, rules, acts }) => {
    expect(signalsOf('unruled-overlap', fleet(seats, rules, acts))).toEqual([]);
  });
});
