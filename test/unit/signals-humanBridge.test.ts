import { describe, expect, it } from 'vitest';
import { BRIDGE_THRESHOLD } from '../../shared/signals';
import { D, H, NOW, handoff, human, input, inboxes, msg, only, registry, retired, seat, signalsOf } from './signals-fixtures';
import type { InboxMessage } from '../../shared/records';
import type { HandoffDecl, SeatDecl } from '../../shared/registry';

const SEATS = [seat('dash'), seat('radar'), human('david'), human('maria')];

function fleet(messages: InboxMessage[], handoffs: HandoffDecl[] = [], seats: SeatDecl[] = SEATS) {
  return input({ registry: registry({ seats, handoffs }), inboxes: inboxes(messages) });
}

/** Dash tells David something; David passes it on to Radar with `re`. */
function relay(n: number, at: number, to = 'radar', by = 'david'): InboxMessage[] {
  return [msg('dash', by, `a${n}`, at - H), msg(by, to, `b${n}`, at, { re: `a${n}` })];
}

describe('human-bridge', () => {
  it(`fires once per (agent, human, agent) when the human relays ${BRIDGE_THRESHOLD} times or more`, () => {
    const s = only('human-bridge', fleet([...relay(1, NOW - 3 * D), ...relay(2, NOW - 2 * H), ...relay(3, NOW - D)]));
    expect(s).toMatchObject({
      id: 'human-bridge:dash->david->radar', severity: 'warning', seats: ['dash', 'david', 'radar'], files: ['inbox/david.jsonl', 'inbox/radar.jsonl'],
      numbers: { count: 3, threshold: BRIDGE_THRESHOLD, lastTs: NOW - 2 * H },
    });
    expect(s.message).toBe('David passed 3 messages from Dash on to Radar by hand in the last 14 d; the latest was 2 h ago');
    expect(s.hint).toBe('Design a handoff from Dash to Radar so David no longer has to relay');
  });

  it('still fires when a designed handoff exists and is in use, and says so', () => {
    // Dash sends Radar work directly through the handoff, and David relays other things anyway.
    const direct = msg('dash', 'radar', 'd1', NOW - 3 * H);
    const s = only('human-bridge', fleet([direct, ...relay(1, NOW - H), ...relay(2, NOW - 2 * H)], [handoff('dash', 'radar')]));
    expect(s.handoffs).toEqual([handoff('dash', 'radar').id]);
    expect(s.message).toBe('David passed 2 messages from Dash on to Radar by hand in the last 14 d; the latest was 1 h ago. A handoff from Dash to Radar exists (work) and is in use, but these messages went around it');
    expect(s.hint).toBe('Send these from Dash to Radar through the designed handoff (or widen what it carries) so David no longer has to relay');
    expect(s.numbers).toMatchObject({ handoffs: 1, quietHandoffs: 0 });
  });

  it('says when the designed handoff is quiet (by dead-handoff’s measure)', () => {
    const old = msg('dash', 'radar', 'd1', NOW - 15 * D);
    const s = only('human-bridge', fleet([old, ...relay(1, NOW - H), ...relay(2, NOW - 2 * H)], [handoff('dash', 'radar')]));
    expect(s.message).toMatch(/\. A handoff from Dash to Radar exists \(work\) but is quiet: it carried nothing in the last 14 d$/);
    expect(s.numbers).toMatchObject({ handoffs: 1, quietHandoffs: 1 });
    expect(signalsOf('dead-handoff', fleet([old, ...relay(1, NOW - H), ...relay(2, NOW - 2 * H)], [handoff('dash', 'radar')]))).toHaveLength(1);
  });

  it('counts several designed handoffs, and ignores one the other way round', () => {
    const files = [handoff('dash', 'radar'), { ...handoff('dash', 'radar', 'state/dash/routes.json'), what: 'routes' }];
    const s = only('human-bridge', fleet([msg('dash', 'radar', 'd1', NOW - 3 * H), ...relay(1, NOW - H), ...relay(2, NOW - 2 * H)], files));
    expect(s.message).toMatch(/\. 2 handoffs from Dash to Radar exist \(work and routes\), all in use, but these messages went around them$/);
    const reverse = only('human-bridge', fleet([...relay(1, NOW - H), ...relay(2, NOW - 2 * H)], [handoff('radar', 'dash')]));
    expect(reverse.handoffs).toEqual([]);
    expect(reverse.hint).toBe('Design a handoff from Dash to Radar so David no longer has to relay');
  });

  it('follows a chain through the human’s own follow-ups and through a colleague who forwarded it', () => {
    const s = only('human-bridge', fleet([
      // David follows up on his own relay.
      msg('dash', 'david', 'a1', NOW - 5 * H),
      msg('david', 'radar', 'b1', NOW - 4 * H, { re: 'a1' }),
      msg('david', 'radar', 'b2', NOW - 3 * H, { re: 'b1' }),
      // Maria got it from Dash, forwarded it to David, who passed it on.
      msg('dash', 'maria', 'a2', NOW - 3 * H),
      msg('maria', 'david', 'f2', NOW - 2 * H, { re: 'a2' }),
      msg('david', 'radar', 'b3', NOW - H, { re: 'f2' }),
    ]));
    expect(s.numbers.count).toBe(3);
  });

  it('stops at a loop in the re chain', () => {
    const messages = [msg('maria', 'david', 'x', NOW - H, { re: 'y' }), msg('david', 'maria', 'y', NOW - H, { re: 'x' }), msg('david', 'radar', 'z1', NOW - H, { re: 'x' }), msg('david', 'radar', 'z2', NOW - H, { re: 'x' })];
    expect(signalsOf('human-bridge', fleet(messages))).toEqual([]);
  });

  it.each([
    { name: 'a single relay (below the threshold)', messages: relay(1, NOW - H), handoffs: [], seats: SEATS },
    { name: 'relays without re', messages: [msg('dash', 'david', 'a1', NOW - 2 * H), msg('david', 'radar', 'b1', NOW - H), msg('dash', 'david', 'a2', NOW - 2 * H), msg('david', 'radar', 'b2', NOW - H)], handoffs: [], seats: SEATS },
    { name: 'a human answering the agent that asked', messages: [...relay(1, NOW - H, 'dash'), ...relay(2, NOW - H, 'dash')], handoffs: [], seats: SEATS },
    { name: 'relays older than quietAfter', messages: [...relay(1, NOW - 15 * D), ...relay(2, NOW - 16 * D)], handoffs: [], seats: SEATS },
    { name: 'an agent passing things on (not a human)', messages: [...relay(1, NOW - H, 'radar', 'dash'), msg('radar', 'dash', 'q', NOW - H)], handoffs: [], seats: [seat('dash'), seat('radar'), seat('pulse')] },
    { name: 'a retired human', messages: [...relay(1, NOW - H), ...relay(2, NOW - 2 * H)], handoffs: [], seats: [seat('dash'), seat('radar'), retired(human('david'))] },
    { name: 'a retired receiving agent', messages: [...relay(1, NOW - H), ...relay(2, NOW - 2 * H)], handoffs: [], seats: [seat('dash'), retired(seat('radar')), human('david')] },
    { name: 're naming a message the human never received', messages: [msg('david', 'radar', 'b1', NOW - H, { re: 'nope' }), msg('david', 'radar', 'b2', NOW - H, { re: 'nope' })], handoffs: [], seats: SEATS },
  ])('does not fire for $name', ({ messages, handoffs, seats }) => {
    expect(signalsOf('human-bridge', fleet(messages, handoffs, seats))).toEqual([]);
  });
});
