import { describe, expect, it } from 'vitest';
import { D, H, MIN, NOW, handoff, input, only, registry, retired, seat, signalsOf, stateFile } from './signals-fixtures';
import type { SeatDecl } from '../../shared/registry';

const ANOMALIES = 'state/dash/anomalies.json';

function fleet(dash: SeatDecl, time: number, path = ANOMALIES) {
  return input({
    registry: registry({ seats: [dash, seat('radar', { reads: [] })], handoffs: [handoff('dash', 'radar', ANOMALIES)] }),
    stateFiles: [stateFile(path, time)],
  });
}

describe('stale-state', () => {
  it('fires for a file older than its limit, with the numbers in one sentence, and names the handoff it feeds', () => {
    const s = only('stale-state', fleet(seat('dash', { writes: [ANOMALIES] }), NOW - 36 * H));
    expect(s).toMatchObject({
      id: `stale-state:${ANOMALIES}`,
      severity: 'warning',
      seats: ['dash'],
      files: [ANOMALIES],
      handoffs: [`dash->radar@${ANOMALIES}`],
      numbers: { ageMs: 36 * H, limitMs: 18 * H, lastTs: NOW - 36 * H },
    });
    expect(s.message).toBe("Dash's anomalies.json is 36 h old; its limit is 18 h (read by Radar)");
    expect(s.hint).toContain('staleAfter');
  });

  it.each([
    { name: 'per-file limit wins over the seat and the default', file: 2 * H, seatLimit: 30 * H, age: 3 * H, limit: 2 * H },
    { name: 'per-seat limit wins over the default', file: null, seatLimit: 2 * H, age: 3 * H, limit: 2 * H },
    { name: 'the default applies without overrides', file: null, seatLimit: null, age: 19 * H, limit: 18 * H },
  ])('$name', ({ file, seatLimit, age, limit }) => {
    const writes = file === null ? [ANOMALIES] : [{ path: ANOMALIES, staleAfterMs: file }];
    const s = only('stale-state', fleet(seat('dash', { writes, staleAfterMs: seatLimit }), NOW - age));
    expect(s.numbers).toMatchObject({ ageMs: age, limitMs: limit });
  });

  it('shows the precise age when the rounded one would equal the limit', () => {
    const s = only('stale-state', fleet(seat('dash', { writes: [ANOMALIES] }), NOW - 18 * H - 20 * MIN));
    expect(s.message).toContain('is 18 h 20 min old; its limit is 18 h');
  });

  it('judges files a seat does not declare, and folders of undeclared seats, by the defaults', () => {
    const undeclaredFile = fleet(seat('dash', { writes: [], staleAfterMs: 5 * H }), NOW - 6 * H, 'state/dash/extra.json');
    expect(only('stale-state', undeclaredFile).numbers.limitMs).toBe(5 * H);
    const ghost = fleet(seat('dash'), NOW - 19 * H, 'state/ghost/notes.md');
    expect(only('stale-state', ghost)).toMatchObject({ seats: ['ghost'], numbers: { limitMs: 18 * H } });
  });

  it.each([
    { name: 'a file exactly at its limit', dash: seat('dash', { writes: [ANOMALIES] }), time: NOW - 18 * H },
    { name: 'a file just under its limit', dash: seat('dash', { writes: [ANOMALIES] }), time: NOW - 18 * H + 1000 },
    { name: 'a fresh file under a generous per-file limit', dash: seat('dash', { writes: [{ path: ANOMALIES, staleAfterMs: 3 * D }] }), time: NOW - 2 * D },
    { name: 'a file dated in the future (clock skew, never a negative age)', dash: seat('dash', { writes: [ANOMALIES] }), time: NOW + 5 * H },
    { name: 'a file with no usable time', dash: seat('dash', { writes: [ANOMALIES] }), time: Number.NaN },
    { name: 'a retired seat’s file', dash: retired(seat('dash', { writes: [ANOMALIES] })), time: NOW - 30 * D },
  ])('does not fire for $name', ({ dash, time }) => {
    expect(signalsOf('stale-state', fleet(dash, time))).toEqual([]);
  });
});
