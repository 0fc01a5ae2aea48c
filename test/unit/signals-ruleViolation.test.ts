import { describe, expect, it } from 'vitest';
import { D, H, NOW, activity, human, input, inboxes, msg, only, registry, retired, rule, seat, signalsOf, stateFile } from './signals-fixtures';
import type { ActivityData, InboxMessage, StateFileRecord } from '../../shared/records';
import type { RuleDecl, SeatDecl } from '../../shared/registry';

const WATCH = 'state/pulse/watchlist.json';
const SEATS = [seat('pulse'), seat('dirk'), seat('radar'), human('maria')];
/** Acme listed from the file's time (2 d ago); Globex since 5 d ago. */
const LIST = () => stateFile(WATCH, NOW - 2 * D, ['client:acme', { entity: 'client:globex', since: new Date(NOW - 5 * D).toISOString() }, 42, { nope: 1 }]);

function fleet(parts: { acts?: ActivityData[]; messages?: InboxMessage[]; rules?: RuleDecl[]; seats?: SeatDecl[]; files?: StateFileRecord[] }) {
  return input({
    registry: registry({ seats: parts.seats ?? SEATS, rules: parts.rules ?? [rule('pulse', 'dirk', WATCH)] }),
    activity: parts.acts ?? [],
    inboxes: inboxes(parts.messages ?? []),
    stateFiles: parts.files ?? [LIST()],
  });
}

describe('rule-violation', () => {
  it('fires once per rule with the count and the latest example, as an error', () => {
    const s = only('rule-violation', fleet({
      acts: [activity('dirk', [[NOW - D, 'client:acme'], [NOW - 4 * D, 'client:globex'], [NOW - 3 * D, 'client:acme']])], // the last is before Acme was listed
      messages: [msg('dirk', 'radar', 'm1', NOW - 3 * H, { entities: ['client:globex'] })],
    }));
    expect(s).toMatchObject({
      id: 'rule-violation:pulse>dirk#0', severity: 'error', seats: ['dirk', 'pulse'], files: [WATCH, 'inbox/radar.jsonl'],
      numbers: { count: 3, entityCount: 2, lastTs: NOW - 3 * H, listedTs: NOW - 5 * D },
    });
    expect(s.message).toBe("Dirk touched 2 entities on Pulse's watch list after they were listed (3 times, latest client:globex 3 h ago, listed 5 d ago); the rule says Pulse wins when: Client is on the watch list");
  });

  it('counts an entity from the file’s time when since is missing or not a time', () => {
    const files = [stateFile(WATCH, NOW - 2 * D, [{ entity: 'client:acme', since: 'someday' }])];
    expect(only('rule-violation', fleet({ files, acts: [activity('dirk', [[NOW - D, 'client:acme']])] })).numbers).toMatchObject({ count: 1, listedTs: NOW - 2 * D });
  });

  it.each([
    { name: 'a touch before the entity was listed', parts: { acts: [activity('dirk', [[NOW - 3 * D, 'client:acme']])] } },
    { name: 'a touch at the moment it was listed', parts: { acts: [activity('dirk', [[NOW - 2 * D, 'client:acme']])] } },
    { name: 'an entity not on the list', parts: { acts: [activity('dirk', [[NOW - H, 'client:initech']])] } },
    { name: 'the winner touching its own listed entity', parts: { acts: [activity('pulse', [[NOW - H, 'client:acme']])] } },
    { name: 'the loser asking the winner about it', parts: { messages: [msg('dirk', 'pulse', 'm1', NOW - H, { entities: ['client:acme'] })] } },
    { name: 'a touch older than quietAfter', parts: { files: [stateFile(WATCH, NOW - 30 * D, ['client:acme'])], acts: [activity('dirk', [[NOW - 15 * D, 'client:acme']])] } },
    { name: 'a rule without a watchlist', parts: { rules: [rule('pulse', 'dirk')], acts: [activity('dirk', [[NOW - H, 'client:acme']])] } },
    { name: 'a watchlist that is missing', parts: { files: [], acts: [activity('dirk', [[NOW - H, 'client:acme']])] } },
    { name: 'a retired loser', parts: { seats: [seat('pulse'), retired(seat('dirk'))], acts: [activity('dirk', [[NOW - H, 'client:acme']])] } },
    { name: 'a retired winner', parts: { seats: [retired(seat('pulse')), seat('dirk')], acts: [activity('dirk', [[NOW - H, 'client:acme']])] } },
  ])('does not fire for $name', ({ parts }) => {
    expect(signalsOf('rule-violation', fleet(parts))).toEqual([]);
  });
});
