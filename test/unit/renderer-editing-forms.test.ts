import { describe, expect, it } from 'vitest';
import {
  describeRefusal,
  editingDisabledText,
  handoffDefaults,
  handoffProblem,
  handoffUpdate,
  idFromName,
  parseList,
  reverseDraft,
  ruleCommand,
  ruleProblem,
  ruleUpdate,
  seatIdProblem,
  seatUpdate,
  viaOptions,
  type SeatInfo,
} from '../../renderer/src/editing/formModel';

const seat = (id: string, name: string, writes: string[] = [], status: 'active' | 'retired' = 'active'): SeatInfo => ({ id, name, kind: 'agent', writes, status });
const seats = new Map<string, SeatInfo>([
  ['dash', seat('dash', 'Dash', ['state/dash/anomalies.json', 'state/dash/spend.json'])],
  ['radar', seat('radar', 'Radar', ['state/radar/briefing.md'])],
  ['dirk', seat('dirk', 'Dirk')],
  ['jeff', seat('jeff', 'Jeff', [], 'retired')],
]);
const handoffs = [{ id: 'dash->radar@state/dash/anomalies.json', from: 'dash', to: 'radar', via: 'state/dash/anomalies.json' }];

describe('handoff form', () => {
  it('defaults to the sender’s first state file, else its inbox, and names both seats', () => {
    expect(handoffDefaults(seats.get('dash'), seats.get('dirk'), 'dash', 'dirk')).toEqual({ from: 'dash', to: 'dirk', via: 'state/dash/anomalies.json', what: 'Dash → Dirk' });
    expect(handoffDefaults(seats.get('dirk'), seats.get('radar'), 'dirk', 'radar')).toEqual({ from: 'dirk', to: 'radar', via: 'inbox', what: 'Dirk → Radar' });
    expect(handoffDefaults(undefined, undefined, 'x', 'y').what).toBe('x → y');
  });

  it('offers the sender’s state files, then the inbox', () => {
    expect(viaOptions(seats.get('dash')).map((o) => o.value)).toEqual(['state/dash/anomalies.json', 'state/dash/spend.json', 'inbox']);
    expect(viaOptions(undefined).map((o) => o.value)).toEqual(['inbox']);
  });

  it.each([
    [{ from: 'dash', to: 'dash', via: 'inbox', what: 'x' }, /two different seats/],
    [{ from: 'dash', to: 'nobody', via: 'inbox', what: 'x' }, /no seat nobody/],
    [{ from: 'jeff', to: 'dash', via: 'inbox', what: 'x' }, /retired/],
    [{ from: 'dirk', to: 'dash', via: 'state/dash/anomalies.json', what: 'x' }, /Dirk does not write state\/dash\/anomalies.json/],
    [{ from: 'dash', to: 'radar', via: 'state/dash/anomalies.json', what: 'x' }, /already hands off/],
    [{ from: 'dash', to: 'radar', via: 'inbox', what: '  ' }, /what the handoff carries/],
  ])('refuses %o', (draft, message) => {
    expect(handoffProblem(draft, seats, handoffs)).toMatch(message);
  });

  it('accepts a valid draft, and the handoff being edited is not its own duplicate', () => {
    expect(handoffProblem({ from: 'dash', to: 'radar', via: 'inbox', what: 'x' }, seats, handoffs)).toBeNull();
    expect(handoffProblem({ from: 'dash', to: 'radar', via: 'state/dash/anomalies.json', what: 'y' }, seats, handoffs, handoffs[0]!.id)).toBeNull();
  });

  it('sends only what changed', () => {
    const original = { id: 'h', from: 'dash', to: 'radar', via: 'inbox', what: 'x' };
    expect(handoffUpdate(original, { from: 'dash', to: 'radar', via: 'inbox', what: ' x ' })).toBeNull();
    expect(handoffUpdate(original, { from: 'dash', to: 'radar', via: 'inbox', what: 'y' })).toEqual({ type: 'updateHandoff', id: 'h', changes: { what: 'y' } });
  });

  it('reverses, falling back to a route the new sender has', () => {
    expect(reverseDraft({ from: 'dash', to: 'dirk', via: 'state/dash/anomalies.json', what: 'x' }, seats)).toEqual({ from: 'dirk', to: 'dash', via: 'inbox', what: 'x' });
    expect(reverseDraft({ from: 'dash', to: 'radar', via: 'state/dash/anomalies.json', what: 'x' }, seats).via).toBe('state/radar/briefing.md');
    expect(reverseDraft({ from: 'dash', to: 'radar', via: 'inbox', what: 'x' }, seats).via).toBe('inbox');
  });
});

describe('rule form', () => {
  const rules = [{ id: 'dash>dirk#0', winner: 'dash', over: 'dirk', when: 'Always' }];
  it.each([
    [{ winner: '', over: 'dirk', when: 'x', watchlist: '' }, /Choose/],
    [{ winner: 'dash', over: 'dash', when: 'x', watchlist: '' }, /two different seats/],
    [{ winner: 'dash', over: 'dirk', when: ' ', watchlist: '' }, /Say when/],
    [{ winner: 'dash', over: 'dirk', when: 'Always', watchlist: '' }, /already exists/],
  ])('refuses %o', (draft, message) => {
    expect(ruleProblem(draft, seats, rules)).toMatch(message);
  });

  it('builds add and update commands; clearing the watchlist removes it', () => {
    expect(ruleCommand({ winner: 'dash', over: 'dirk', when: ' New ', watchlist: '' })).toEqual({ type: 'addRule', winner: 'dash', over: 'dirk', when: 'New' });
    expect(ruleCommand({ winner: 'dash', over: 'dirk', when: 'New', watchlist: 'state/dash/spend.json' })).toMatchObject({ watchlist: 'state/dash/spend.json' });
    const original = { id: 'r', winner: 'dash', over: 'dirk', when: 'Always', watchlist: 'state/dash/spend.json' };
    expect(ruleUpdate(original, { winner: 'dash', over: 'dirk', when: 'Always', watchlist: 'state/dash/spend.json' })).toBeNull();
    expect(ruleUpdate(original, { winner: 'dash', over: 'dirk', when: 'Always', watchlist: '' })).toEqual({ type: 'updateRule', id: 'r', changes: { watchlist: null } });
  });
});

describe('seat forms', () => {
  it.each([
    ['', /Give the seat an id/],
    ['Echo', /Lowercase/],
    ['-echo', /starting with a letter or digit/],
    ['echo mail', /lowercase letters, digits/],
    ['a'.repeat(65), /At most 64/],
    ['dash', /already exists/],
    ['echo', null],
    ['e_2-x', null],
  ])('seat id %j', (id, expected) => {
    const problem = seatIdProblem(id, seats);
    if (expected === null) expect(problem).toBeNull();
    else expect(problem).toMatch(expected);
  });

  it('suggests an id from a name', () => {
    expect(idFromName('Echo Mail')).toBe('echo-mail');
    expect(idFromName('  Zoë’s  desk! ')).toBe('zoe-s-desk');
  });

  it('parses comma lists, dropping blanks and repeats', () => {
    expect(parseList(' a, b,,a , c ')).toEqual(['a', 'b', 'c']);
    expect(parseList('')).toEqual([]);
  });

  it('sends only changed seat fields; an emptied field removes its key', () => {
    const original = { name: 'Dirk', owner: 'maria', role: 'Sales.', owns: ['sales'], notOwns: [] };
    expect(seatUpdate('dirk', original, { name: 'Dirk', owner: 'maria', role: 'Sales.', owns: 'sales', notOwns: '' })).toBeNull();
    expect(seatUpdate('dirk', original, { name: 'Dirk', owner: '', role: 'Sales and renewals.', owns: 'sales, renewals', notOwns: '' })).toEqual({
      type: 'updateSeat',
      seat: 'dirk',
      changes: { owner: null, role: 'Sales and renewals.', owns: ['sales', 'renewals'] },
    });
  });
});

describe('plain words', () => {
  it('says what a refusal means and that nothing was written', () => {
    expect(describeRefusal({ code: 'broken-file', message: 'x', line: 12 })).toBe('fleet.yaml does not parse at line 12; fix it to edit again. Nothing was written.');
    expect(describeRefusal({ code: 'invalid', message: 'dirk does not write state/x.json' })).toBe('Dirk does not write state/x.json. Nothing was written.');
    expect(describeRefusal({ code: 'conflict', message: 'The handoff h is no longer in fleet.yaml; nothing was written' })).toBe(
      'fleet.yaml changed on disk meanwhile: The handoff h is no longer in fleet.yaml; nothing was written.',
    );
  });

  it('points the editing banner at the line', () => {
    expect(editingDisabledText({ file: 'fleet.yaml', line: 12 })).toBe('fleet.yaml line 12 does not parse; fix it to edit again.');
    expect(editingDisabledText({ file: 'fleet.yaml', line: null })).toBe('fleet.yaml does not parse; fix it to edit again.');
    expect(editingDisabledText(null)).toBe('');
  });
});
