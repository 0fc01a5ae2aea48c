import { describe, expect, it } from 'vitest';
import { D, H, NOW, handoff, human, input, inboxes, msg, only, registry, retired, seat, signalsOf } from './signals-fixtures';
import type { InboxMessage } from '../../shared/records';
import type { HandoffDecl, SeatDecl } from '../../shared/registry';

const SEATS = [seat('dash'), seat('radar'), seat('dirk'), human('david')];

function fleet(messages: InboxMessage[], handoffs: HandoffDecl[] = [], seats: SeatDecl[] = SEATS) {
  return input({ registry: registry({ seats, handoffs }), inboxes: inboxes(messages) });
}

describe('undesigned-traffic', () => {
  it('fires once per ordered pair with the count and the latest message', () => {
    const s = only('undesigned-traffic', fleet([
      msg('dash', 'radar', 'm1', NOW - 3 * D),
      msg('dash', 'radar', 'm2', NOW - 2 * H, { subject: 'CPA spike on Acme' }),
      msg('dash', 'radar', 'm3', NOW - 5 * H),
    ]));
    expect(s).toMatchObject({
      id: 'undesigned-traffic:dash->radar', severity: 'warning', seats: ['dash', 'radar'], files: ['inbox/radar.jsonl'],
      numbers: { count: 3, lastTs: NOW - 2 * H, windowMs: 14 * D },
    });
    expect(s.message).toBe('Dash sent Radar 3 messages in the last 14 d with no handoff designed; the latest was 2 h ago ("CPA spike on Acme")');
    expect(s.hint).toBe('Design a handoff from Dash to Radar in fleet.yaml, or stop the traffic');
  });

  it('fires for each direction of an undesigned conversation started both ways', () => {
    const found = signalsOf('undesigned-traffic', fleet([msg('dash', 'radar', 'm1', NOW - H), msg('radar', 'dash', 'm2', NOW - H)]));
    expect(found.map((s) => s.id)).toEqual(['undesigned-traffic:dash->radar', 'undesigned-traffic:radar->dash']);
  });

  it('still fires for a reply chain’s origin, and for a message whose re names no message the receiver sent', () => {
    const found = signalsOf('undesigned-traffic', fleet([
      msg('dash', 'radar', 'q1', NOW - 2 * H, { type: 'REQUEST' }),
      msg('radar', 'dash', 'r1', NOW - H, { type: 'RESPONSE', re: 'q1' }),
      msg('dirk', 'radar', 'r2', NOW - H, { re: 'nothing-like-it' }),
    ]));
    expect(found.map((s) => s.id)).toEqual(['undesigned-traffic:dash->radar', 'undesigned-traffic:dirk->radar']);
  });

  it.each([
    { name: 'a designed inbox handoff', messages: [msg('dash', 'radar', 'm1', NOW - H)], handoffs: [handoff('dash', 'radar')], seats: SEATS },
    { name: 'a handoff designed through a state file', messages: [msg('dash', 'radar', 'm1', NOW - H)], handoffs: [handoff('dash', 'radar', 'state/dash/a.json')], seats: SEATS },
    {
      name: 'a response to a designed request',
      messages: [msg('radar', 'dash', 'q1', NOW - 2 * H, { type: 'REQUEST' }), msg('dash', 'radar', 'r1', NOW - H, { type: 'RESPONSE', re: 'q1' })],
      handoffs: [handoff('radar', 'dash')], seats: SEATS,
    },
    { name: 'a human writing to an agent', messages: [msg('david', 'radar', 'm1', NOW - H)], handoffs: [], seats: SEATS },
    { name: 'an agent writing to a human', messages: [msg('radar', 'david', 'm1', NOW - H)], handoffs: [], seats: SEATS },
    { name: 'traffic older than quietAfter', messages: [msg('dash', 'radar', 'm1', NOW - 14 * D - 1000)], handoffs: [], seats: SEATS },
    { name: 'a message with no valid time', messages: [msg('dash', 'radar', 'm1', Number.NaN)], handoffs: [], seats: SEATS },
    { name: 'a retired sender', messages: [msg('dash', 'radar', 'm1', NOW - H)], handoffs: [], seats: [retired(seat('dash')), seat('radar')] },
    { name: 'a retired receiver', messages: [msg('dash', 'radar', 'm1', NOW - H)], handoffs: [], seats: [seat('dash'), retired(seat('radar'))] },
    { name: 'a sender that is no seat at all', messages: [msg('zed', 'radar', 'm1', NOW - H)], handoffs: [], seats: SEATS },
  ])('does not fire for $name', ({ messages, handoffs, seats }) => {
    expect(signalsOf('undesigned-traffic', fleet(messages, handoffs, seats))).toEqual([]);
  });
});
