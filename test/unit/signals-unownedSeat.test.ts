import { describe, expect, it } from 'vitest';
import { human, input, only, registry, retired, seat, signalsOf } from './signals-fixtures';
import type { SeatDecl } from '../../shared/registry';

const fleet = (seats: SeatDecl[]) => input({ registry: registry({ seats }) });

describe('unowned-seat', () => {
  it('fires for an active agent seat with no owner, as an error', () => {
    const s = only('unowned-seat', fleet([seat('dash', { owner: null, line: 12 }), human('david')]));
    expect(s).toMatchObject({ id: 'unowned-seat:dash', severity: 'error', seats: ['dash'], files: ['fleet.yaml'], numbers: { line: 12 } });
    expect(s.message).toBe('Dash has no owner; every agent seat needs one accountable human');
  });

  it.each([
    { name: 'an agent seat', owner: 'radar', text: 'is owned by Radar, an agent seat, not an accountable human' },
    { name: 'a retired human', owner: 'jeff', text: 'is owned by Jeff, a retired seat' },
    { name: 'blank text', owner: '   ', text: 'has no owner' },
  ])('fires for an owner that is $name', ({ owner, text }) => {
    const s = only('unowned-seat', fleet([seat('dash', { owner }), seat('radar'), retired(human('jeff')), human('david')]));
    expect(s.message).toContain(text);
  });

  it.each([
    { name: 'an owner that is a human seat', seats: [seat('dash', { owner: 'david' }), human('david')] },
    { name: 'an owner in free text', seats: [seat('dash', { owner: 'Maria Lopez (COO)' })] },
    { name: 'a human seat without an owner', seats: [human('david')] },
    { name: 'a retired agent seat without an owner', seats: [retired(seat('dash', { owner: null }))] },
  ])('does not fire for $name', ({ seats }) => {
    expect(signalsOf('unowned-seat', fleet(seats))).toEqual([]);
  });
});
