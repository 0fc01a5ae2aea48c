import { describe, expect, it } from 'vitest';
import { MIN_UNACKED_MESSAGES } from '../../shared/signals';
import { D, H, NOW, handoff, inbox, input, msg, only, registry, retired, rule, seat, signalsOf, stateFile } from './signals-fixtures';
import type { FleetPath } from '../../shared/ids';
import type { InboxData } from '../../shared/records';
import type { HandoffDecl, RuleDecl, SeatDecl } from '../../shared/registry';

const FILE = 'state/dash/anomalies.json';
const reads = (...paths: string[]) => paths as FleetPath[];

function files(seats: SeatDecl[], handoffs: HandoffDecl[] = [], rules: RuleDecl[] = [], path = FILE) {
  return input({ registry: registry({ seats, handoffs, rules }), stateFiles: [stateFile(path, NOW - H)] });
}

function inboxFleet(box: InboxData, radar: SeatDecl = seat('radar')) {
  return input({ registry: registry({ seats: [radar, seat('dash')], handoffs: [handoff('dash', 'radar')] }), inboxes: [box] });
}

const threeOld = () => [msg('dash', 'radar', 'm1', NOW - 3 * D), msg('dash', 'radar', 'm2', NOW - 2 * D), msg('dash', 'radar', 'm3', NOW - H)];

describe('orphan-output', () => {
  it('fires for a state file that no handoff carries and no seat reads', () => {
    const s = only('orphan-output', files([seat('dash', { writes: [FILE] }), seat('radar')]));
    expect(s).toMatchObject({ id: `orphan-output:${FILE}`, severity: 'warning', seats: ['dash'], files: [FILE], numbers: { readers: 0, ageMs: H } });
    expect(s.message).toBe("Nobody reads Dash's anomalies.json: no handoff carries it and no seat lists it in reads");
  });

  it('fires when the only reader is retired, or the only handoff goes to a retired seat', () => {
    expect(signalsOf('orphan-output', files([seat('dash'), retired(seat('radar', { reads: reads(FILE) }))]))).toHaveLength(1);
    expect(signalsOf('orphan-output', files([seat('dash'), retired(seat('radar'))], [handoff('dash', 'radar', FILE)]))).toHaveLength(1);
  });

  it(`fires for an inbox with ${MIN_UNACKED_MESSAGES} or more messages and not one ack, the first older than backlogAfter`, () => {
    const s = only('orphan-output', inboxFleet(inbox('radar', threeOld())));
    expect(s).toMatchObject({
      id: 'orphan-output:inbox/radar.jsonl', seats: ['radar'], files: ['inbox/radar.jsonl'],
      numbers: { count: 3, acked: 0, minCount: MIN_UNACKED_MESSAGES, firstTs: NOW - 3 * D, ageMs: 3 * D },
    });
    expect(s.message).toBe('Radar has never acknowledged any of the 3 messages in its inbox; the first arrived 3 d ago');
  });

  it.each([
    { name: 'a file a seat reads', i: files([seat('dash'), seat('radar', { reads: reads(FILE) })]) },
    { name: 'a file a handoff carries', i: files([seat('dash'), seat('radar')], [handoff('dash', 'radar', FILE)]) },
    { name: 'a rule’s watchlist', i: files([seat('dash'), seat('radar')], [], [rule('dash', 'radar', FILE)]) },
    { name: 'a file in a retired seat’s folder', i: files([retired(seat('dash')), seat('radar')]) },
    { name: 'an inbox with one ack', i: inboxFleet(inbox('radar', threeOld(), ['m3'])) },
    { name: 'an inbox with fewer messages than the minimum', i: inboxFleet(inbox('radar', threeOld().slice(0, MIN_UNACKED_MESSAGES - 1))) },
    { name: 'an unacked inbox whose first message is recent', i: inboxFleet(inbox('radar', [msg('dash', 'radar', 'a', NOW - 3 * H), msg('dash', 'radar', 'b', NOW - 2 * H), msg('dash', 'radar', 'c', NOW - H)])) },
    { name: 'a retired seat’s unacked inbox', i: inboxFleet(inbox('radar', threeOld()), retired(seat('radar'))) },
  ])('does not fire for $name', ({ i }) => {
    expect(signalsOf('orphan-output', i)).toEqual([]);
  });
});
