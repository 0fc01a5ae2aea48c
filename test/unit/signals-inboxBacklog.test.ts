import { describe, expect, it } from 'vitest';
import { D, H, NOW, handoff, human, inbox, input, msg, only, registry, retired, seat, signalsOf } from './signals-fixtures';
import type { InboxMessage } from '../../shared/records';
import type { SeatDecl } from '../../shared/registry';

function fleet(radar: SeatDecl, messages: InboxMessage[], acks: string[] = []) {
  return input({
    registry: registry({ seats: [radar, seat('dash'), seat('dirk'), human('david')], handoffs: [handoff('dash', 'radar'), handoff('dirk', 'radar')] }),
    inboxes: [inbox('radar', messages, acks)],
  });
}

describe('inbox-backlog', () => {
  it('fires once per inbox with the count of late messages and the oldest age', () => {
    const s = only('inbox-backlog', fleet(seat('radar'), [
      msg('dash', 'radar', 'm1', NOW - 3 * D),
      msg('dirk', 'radar', 'm2', NOW - 30 * H),
      msg('dash', 'radar', 'm3', NOW - 2 * D),
      msg('dash', 'radar', 'm4', NOW - 1 * H), // not late yet
    ], ['m3']));
    expect(s).toMatchObject({
      id: 'inbox-backlog:radar', severity: 'warning', seats: ['radar'], files: ['inbox/radar.jsonl'],
      handoffs: ['dash->radar@inbox', 'dirk->radar@inbox'],
      numbers: { count: 2, ageMs: 3 * D, limitMs: 24 * H, oldestTs: NOW - 3 * D },
    });
    expect(s.message).toBe('Radar has 2 unacknowledged messages older than 24 h; the oldest is 3 d old');
  });

  it('uses the seat’s backlogAfter over the default', () => {
    const s = only('inbox-backlog', fleet(seat('radar', { backlogAfterMs: 2 * H }), [msg('dash', 'radar', 'm1', NOW - 3 * H)]));
    expect(s.numbers).toMatchObject({ count: 1, limitMs: 2 * H, ageMs: 3 * H });
    expect(s.message).toContain('1 unacknowledged message older than 2 h');
  });

  it('counts a human’s inbox too', () => {
    const i = input({ registry: registry({ seats: [seat('radar'), human('david')] }), inboxes: [inbox('david', [msg('radar', 'david', 'm1', NOW - 2 * D)])] });
    expect(only('inbox-backlog', i).seats).toEqual(['david']);
  });

  it.each([
    { name: 'a message exactly backlogAfter old', radar: seat('radar'), messages: [msg('dash', 'radar', 'm1', NOW - 24 * H)], acks: [] },
    { name: 'an old message that was acked', radar: seat('radar'), messages: [msg('dash', 'radar', 'm1', NOW - 5 * D)], acks: ['m1'] },
    { name: 'a seat with a longer backlogAfter', radar: seat('radar', { backlogAfterMs: 4 * D }), messages: [msg('dash', 'radar', 'm1', NOW - 3 * D)], acks: [] },
    { name: 'a message without a valid time', radar: seat('radar'), messages: [msg('dash', 'radar', 'm1', Number.NaN)], acks: [] },
    { name: 'a message dated in the future', radar: seat('radar'), messages: [msg('dash', 'radar', 'm1', NOW + 3 * D)], acks: [] },
    { name: 'a seat’s note to itself', radar: seat('radar'), messages: [msg('radar', 'radar', 'm1', NOW - 3 * D)], acks: [] },
    { name: 'a retired seat’s inbox', radar: retired(seat('radar')), messages: [msg('dash', 'radar', 'm1', NOW - 9 * D)], acks: [] },
  ])('does not fire for $name', ({ radar, messages, acks }) => {
    expect(signalsOf('inbox-backlog', fleet(radar, messages, acks))).toEqual([]);
  });
});
