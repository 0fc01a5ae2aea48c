import { describe, expect, it } from 'vitest';
import { D, H, NOW, activity, handoff, human, input, inboxes, msg, only, registry, retired, rule, seat, signalsOf, stateFile } from './signals-fixtures';
import type { ActivityData, InboxMessage, StateFileRecord } from '../../shared/records';
import type { HandoffDecl, RuleDecl, SeatDecl } from '../../shared/registry';

const SEATS = [seat('dirk'), seat('pulse'), seat('radar'), human('david')];

function fleet(parts: { acts?: ActivityData[]; messages?: InboxMessage[]; handoffs?: HandoffDecl[]; rules?: RuleDecl[]; seats?: SeatDecl[]; files?: StateFileRecord[] }) {
  return input({
    registry: registry({ seats: parts.seats ?? SEATS, handoffs: parts.handoffs ?? [], rules: parts.rules ?? [] }),
    activity: parts.acts ?? [],
    inboxes: inboxes(parts.messages ?? []),
    stateFiles: parts.files ?? [],
  });
}

describe('duplicate-work', () => {
  it('fires once per seat pair with the shared entities, the touch count and the latest example', () => {
    const s = only('duplicate-work', fleet({
      acts: [
        activity('dirk', [[NOW - 2 * D, 'client:acme'], [NOW - 5 * H, 'client:initech'], [NOW - 1 * D, 'client:acme']]),
        activity('pulse', [[NOW - 3 * D, 'client:acme'], [NOW - 6 * D, 'client:globex']]),
      ],
      // A message's entities are a touch by its sender.
      messages: [msg('pulse', 'radar', 'm1', NOW - 3 * H, { entities: ['client:initech'] })],
    }));
    expect(s).toMatchObject({
      id: 'duplicate-work:dirk+pulse', severity: 'warning', seats: ['dirk', 'pulse'], files: ['inbox/radar.jsonl'],
      numbers: { count: 2, touches: 5, lastTs: NOW - 3 * H, windowMs: 7 * D },
    });
    expect(s.message).toBe('Dirk and Pulse both touched 2 entities in the last 7 d (client:acme and client:initech); the latest, Pulse on client:initech, was 3 h ago');
  });

  it('makes one signal per pair when three seats touch one entity', () => {
    const found = signalsOf('duplicate-work', fleet({ acts: [activity('dirk', [[NOW - H, 'deal:42']]), activity('pulse', [[NOW - H, 'deal:42']]), activity('radar', [[NOW - H, 'deal:42']])] }));
    expect(found.map((s) => s.id)).toEqual(['duplicate-work:dirk+pulse', 'duplicate-work:dirk+radar', 'duplicate-work:pulse+radar']);
  });

  it('still fires for entities a rule between the pair does not watch', () => {
    const s = only('duplicate-work', fleet({
      acts: [activity('dirk', [[NOW - H, 'client:acme'], [NOW - H, 'client:initech']]), activity('pulse', [[NOW - H, 'client:acme'], [NOW - H, 'client:initech']])],
      rules: [rule('pulse', 'dirk', 'state/pulse/watchlist.json')],
      files: [stateFile('state/pulse/watchlist.json', NOW - 2 * H, ['client:acme'])],
    }));
    expect(s.numbers.count).toBe(1);
    expect(s.message).toContain('(client:initech)');
  });

  it.each([
    ['a designed handoff', handoff('pulse', 'dirk')],
    ['a designed handoff the other way', handoff('dirk', 'pulse', 'state/dirk/x.json')],
  ])('still fires for a pair with %s (a handoff about one thing does not coordinate every shared client)', (_name, designed) => {
    const s = only('duplicate-work', fleet({ acts: [activity('dirk', [[NOW - H, 'client:acme']]), activity('pulse', [[NOW - 2 * H, 'client:acme']])], handoffs: [designed] }));
    expect(s.id).toBe('duplicate-work:dirk+pulse');
    expect(s.hint).toBe('Decide who owns this work: Dirk and Pulse have a handoff but did not tell each other about these; let them, or add a rule saying who wins');
  });

  it('keeps the per-entity exemption for a pair with a handoff: only the entity they talked about drops out', () => {
    const s = only('duplicate-work', fleet({
      acts: [activity('dirk', [[NOW - H, 'client:acme'], [NOW - H, 'client:globex']]), activity('pulse', [[NOW - 2 * H, 'client:globex']])],
      messages: [msg('pulse', 'dirk', 'm1', NOW - 2 * H, { entities: ['client:acme'] })],
      handoffs: [handoff('pulse', 'dirk')],
    }));
    expect(s.message).toContain('1 entity in the last 7 d (client:globex)');
  });

  const both = (entity: string, ageA: number, ageB: number) => [activity('dirk', [[NOW - ageA, entity]]), activity('pulse', [[NOW - ageB, entity]])];
  it.each([
    { name: 'different entities', parts: { acts: [activity('dirk', [[NOW - H, 'client:acme']]), activity('pulse', [[NOW - H, 'client:globex']])] } },
    { name: 'one touch older than the window', parts: { acts: both('client:acme', 7 * D + 1000, H) } },
    { name: 'both touches older than the window, close to each other', parts: { acts: both('client:acme', 9 * D, 9 * D - H) } },
    { name: 'one seat touching an entity many times', parts: { acts: [activity('dirk', [[NOW - H, 'client:acme'], [NOW - 2 * H, 'client:acme']])] } },
    {
      name: 'a pair where one told the other about the entity (coordination)',
      parts: { acts: [activity('dirk', [[NOW - H, 'client:acme']])], messages: [msg('pulse', 'dirk', 'm1', NOW - 2 * H, { entities: ['client:acme'] })] },
    },
    {
      name: 'an entity on the watchlist of a rule between the pair (rule-violation’s business)',
      parts: { acts: both('client:acme', H, 2 * H), rules: [rule('pulse', 'dirk', 'state/pulse/w.json')], files: [stateFile('state/pulse/w.json', NOW - D, ['client:acme'])] },
    },
    { name: 'a human and an agent', parts: { acts: [activity('dirk', [[NOW - H, 'client:acme']])], messages: [msg('david', 'radar', 'm1', NOW - H, { entities: ['client:acme'] })] } },
    { name: 'a retired seat', parts: { acts: both('client:acme', H, 2 * H), seats: [seat('dirk'), retired(seat('pulse'))] } },
    { name: 'touches without a valid time', parts: { acts: both('client:acme', Number.NaN, H) } },
  ])('does not fire for $name', ({ parts }) => {
    expect(signalsOf('duplicate-work', fleet(parts))).toEqual([]);
  });
});
