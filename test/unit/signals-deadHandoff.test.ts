import { describe, expect, it } from 'vitest';
import { D, H, NOW, handoff, human, input, inboxes, msg, only, registry, retired, seat, signalsOf, stateFile } from './signals-fixtures';
import type { InboxMessage, StateFileRecord } from '../../shared/records';
import type { HandoffDecl, SeatDecl } from '../../shared/registry';

const VIA = 'state/dash/anomalies.json';
const SEATS = [seat('dash', { writes: [VIA] }), seat('radar'), seat('pulse'), seat('dirk'), human('david')];

function fleet(handoffs: HandoffDecl[], messages: InboxMessage[] = [], files: StateFileRecord[] = [], seats: SeatDecl[] = SEATS) {
  return input({ registry: registry({ seats, handoffs }), inboxes: inboxes(messages), stateFiles: files });
}

describe('dead-handoff', () => {
  it('fires for an inbox handoff quiet for longer than quietAfter', () => {
    const s = only('dead-handoff', fleet([handoff('pulse', 'dirk')], [msg('pulse', 'dirk', 'm1', NOW - 20 * D), msg('pulse', 'dirk', 'm2', NOW - 21 * D)]));
    expect(s).toMatchObject({
      id: 'dead-handoff:pulse->dirk@inbox', severity: 'warning', seats: ['pulse', 'dirk'], handoffs: ['pulse->dirk@inbox'], files: ['inbox/dirk.jsonl'],
      numbers: { quietMs: 20 * D, limitMs: 14 * D, lastTs: NOW - 20 * D, count: 2 },
    });
    expect(s.message).toBe('The handoff from Pulse to Dirk through Dirk\'s inbox has carried nothing for 20 d; its limit is 14 d (2 messages before that)');
  });

  it('fires for a file handoff whose file is old and that carried no message either', () => {
    const s = only('dead-handoff', fleet([handoff('dash', 'radar', VIA)], [], [stateFile(VIA, NOW - 15 * D)]));
    expect(s).toMatchObject({ files: [VIA, 'inbox/radar.jsonl'], numbers: { quietMs: 15 * D, limitMs: 14 * D, count: 0 } });
    expect(s.message).toContain('through anomalies.json has carried nothing for 15 d; its limit is 14 d');
  });

  it('fires for a handoff that never carried anything (its file does not exist)', () => {
    const s = only('dead-handoff', fleet([handoff('dash', 'radar', VIA)]));
    expect(s.numbers).toEqual({ limitMs: 14 * D, count: 0 });
    expect(s.message).toBe(`The handoff from Dash to Radar through anomalies.json has never carried anything (${VIA} does not exist)`);
  });

  it('only counts messages from the handoff’s sender to its receiver', () => {
    const s = only('dead-handoff', fleet([handoff('pulse', 'dirk')], [msg('radar', 'dirk', 'm1', NOW - H), msg('dirk', 'pulse', 'm2', NOW - H)]));
    expect(s.id).toBe('dead-handoff:pulse->dirk@inbox');
  });

  it.each([
    { name: 'an inbox handoff with a recent message', handoffs: [handoff('pulse', 'dirk')], messages: [msg('pulse', 'dirk', 'm1', NOW - 13 * D)], files: [], seats: SEATS },
    { name: 'an inbox handoff quiet exactly quietAfter', handoffs: [handoff('pulse', 'dirk')], messages: [msg('pulse', 'dirk', 'm1', NOW - 14 * D)], files: [], seats: SEATS },
    { name: 'a file handoff whose file was written recently', handoffs: [handoff('dash', 'radar', VIA)], messages: [], files: [stateFile(VIA, NOW - 2 * H)], seats: SEATS },
    { name: 'a file handoff with an old file but a recent message', handoffs: [handoff('dash', 'radar', VIA)], messages: [msg('dash', 'radar', 'm1', NOW - D)], files: [stateFile(VIA, NOW - 30 * D)], seats: SEATS },
    { name: 'a file dated in the future', handoffs: [handoff('dash', 'radar', VIA)], messages: [], files: [stateFile(VIA, NOW + D)], seats: SEATS },
    { name: 'a handoff from a retired seat', handoffs: [handoff('pulse', 'dirk')], messages: [], files: [], seats: [retired(seat('pulse')), seat('dirk')] },
    { name: 'a handoff to a retired seat', handoffs: [handoff('pulse', 'dirk')], messages: [], files: [], seats: [seat('pulse'), retired(seat('dirk'))] },
  ])('does not fire for $name', ({ handoffs, messages, files, seats }) => {
    expect(signalsOf('dead-handoff', fleet(handoffs, messages, files, seats))).toEqual([]);
  });
});
