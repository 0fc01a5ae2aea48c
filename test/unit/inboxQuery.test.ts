import { describe, expect, it } from 'vitest';
import type { FleetPath } from '../../shared/ids';
import { buildThread, buildThreadWithMarks, filterCandidates, inboxQuerySchema, threadChanged, viewCandidates } from '../../shared/inboxQuery';
import type { InboxData, InboxMessage } from '../../shared/records';

const T = Date.parse('2026-11-20T12:00:00Z');
let line = 0;
const msg = (id: string, from: string, to: string, minutesAgo: number, extra: Partial<InboxMessage> = {}): InboxMessage => ({
  id, from, to, ts: T - minutesAgo * 60_000, type: 'INFORM', subject: id, re: null, entities: [], line: ++line, offset: 0, ...extra,
});
const inbox = (seat: string, messages: InboxMessage[], acks: string[] = []): InboxData => ({
  seat, path: `inbox/${seat}.jsonl` as FleetPath, messages, acks: acks.map((ack) => ({ ack, ts: T, by: seat, line: 0 })), problems: [], bytes: 0,
});

const fleet = [
  inbox('radar', [msg('a1', 'dash', 'radar', 50), msg('a2', 'dirk', 'radar', 10, { type: 'REQUEST' }), msg('a3', 'dash', 'radar', 30)], ['a1']),
  inbox('dash', [msg('b1', 'radar', 'dash', 20, { re: 'a1' }), msg('b2', 'dirk', 'dash', 5)]),
  inbox('david', [msg('c1', 'dash', 'david', 15, { re: 'b1' })]),
];
const q = (input: Parameters<typeof inboxQuerySchema.parse>[0]) => inboxQuerySchema.parse(input);

describe('inbox views', () => {
  it('lists an inbox newest first and tells unread from acked', () => {
    const rows = viewCandidates(fleet, q({ seat: 'radar' }));
    expect(rows.map((r) => [r.message.id, r.acked])).toEqual([['a2', false], ['a3', false], ['a1', true]]);
  });

  it('lists an outbox from the other seats’ inboxes', () => {
    expect(viewCandidates(fleet, q({ seat: 'dash', view: 'outbox' })).map((r) => [r.message.id, r.inbox])).toEqual([['c1', 'david'], ['a3', 'radar'], ['a1', 'radar']]);
  });

  it.each([
    ['type', { types: ['REQUEST'] }, ['a2']],
    ['sender', { senders: ['dash'] }, ['a3', 'a1']],
    ['unread', { unreadOnly: true }, ['a2', 'a3']],
    ['sender and unread', { senders: ['dash'], unreadOnly: true }, ['a3']],
  ])('filters by %s', (_name, filters, ids) => {
    const query = q({ seat: 'radar', ...filters });
    expect(filterCandidates(viewCandidates(fleet, query), query).map((c) => c.message.id)).toEqual(ids);
  });

  it('narrows to text matches when given', () => {
    const query = q({ seat: 'radar', text: 'x' });
    expect(filterCandidates(viewCandidates(fleet, query), query, new Set(['radar/a3'])).map((c) => c.message.id)).toEqual(['a3']);
  });

  it('refuses a bad seat id and a huge window', () => {
    expect(inboxQuerySchema.safeParse({ seat: '../x' }).success).toBe(false);
    expect(inboxQuerySchema.safeParse({ seat: 'radar', count: 10_000 }).success).toBe(false);
  });
});

describe('buildThread', () => {
  it('follows re both ways across inboxes, oldest first', () => {
    const ids = (rows: { id: string }[]) => rows.map((r) => r.id);
    expect(ids(buildThread(fleet, 'radar', 'a1'))).toEqual(['a1', 'b1', 'c1']);
    expect(ids(buildThread(fleet, 'david', 'c1'))).toEqual(['a1', 'b1', 'c1']);
    expect(ids(buildThread(fleet, 'radar', 'a2'))).toEqual(['a2']);
    expect(buildThread(fleet, 'radar', 'missing')).toEqual([]);
  });

  it('survives a cycle', () => {
    const looped = [inbox('a', [msg('x', 'b', 'a', 2, { re: 'y' })]), inbox('b', [msg('y', 'a', 'b', 1, { re: 'x' })])];
    expect(buildThread(looped, 'a', 'x').map((r) => r.id).sort()).toEqual(['x', 'y']);
  });

  it('builds a long reply chain in order, with each row acked from its own inbox', () => {
    // k replies bouncing between two inboxes: a → b → a → …; every third one acked where it landed.
    const k = 400;
    const a: InboxMessage[] = [];
    const b: InboxMessage[] = [];
    const acksA: string[] = [];
    const acksB: string[] = [];
    for (let i = 0; i < k; i++) {
      const toA = i % 2 === 0;
      const message = msg(`t${i}`, toA ? 'b' : 'a', toA ? 'a' : 'b', k - i, { re: i === 0 ? null : `t${i - 1}` });
      (toA ? a : b).push(message);
      if (i % 3 === 0) (toA ? acksA : acksB).push(message.id);
    }
    const chain = [inbox('a', a, acksA), inbox('b', b, acksB), inbox('c', [msg('other', 'a', 'c', 1)])];
    const rows = buildThread(chain, 'b', 't201');
    expect(rows.map((r) => r.id)).toEqual(Array.from({ length: k }, (_, i) => `t${i}`));
    expect(rows.map((r) => r.inbox)).toEqual(Array.from({ length: k }, (_, i) => (i % 2 === 0 ? 'a' : 'b')));
    expect(rows.map((r) => r.acked)).toEqual(Array.from({ length: k }, (_, i) => i % 3 === 0));
    expect(rows[0]).toMatchObject({ ackTs: T, re: null });
  });

  it('stops at 500 messages however many answer', () => {
    const storm = [inbox('a', [msg('root', 'b', 'a', 100), ...Array.from({ length: 800 }, (_, i) => msg(`r${i}`, 'b', 'a', 50, { re: 'root' }))])];
    expect(buildThread(storm, 'a', 'root')).toHaveLength(500);
  });
});

describe('threadChanged', () => {
  /** A small live fleet whose arrays grow by push, as service/fleetFiles.ts fills them. */
  const live = () => [
    inbox('radar', [msg('a1', 'dash', 'radar', 50), msg('a2', 'dirk', 'radar', 10, { re: 'a0' })], []),
    inbox('dash', [msg('b1', 'radar', 'dash', 20, { re: 'a1' })]),
    inbox('david', []),
  ];

  it('ignores lines that do not touch the thread', () => {
    const inboxes = live();
    const built = buildThreadWithMarks(inboxes, 'radar', 'a1');
    expect(built.rows.map((r) => r.id)).toEqual(['a1', 'b1']);
    inboxes[2]!.messages.push(msg('d1', 'dash', 'david', 1));
    inboxes[1]!.messages.push(msg('b2', 'dirk', 'dash', 1, { re: 'zz' }));
    inboxes[0]!.acks.push({ ack: 'a2', ts: T, by: 'radar', line: 0 });
    expect(threadChanged(inboxes, built)).toBe(false);
  });

  it.each([
    ['a reply in another inbox', (f: InboxData[]) => f[2]!.messages.push(msg('d1', 'dash', 'david', 1, { re: 'b1' }))],
    ['an ack of a thread message', (f: InboxData[]) => f[1]!.acks.push({ ack: 'b1', ts: T, by: 'dash', line: 0 })],
    ['a new inbox', (f: InboxData[]) => f.push(inbox('new', []))],
    ['a replaced inbox file', (f: InboxData[]) => (f[0] = inbox('radar', [...f[0]!.messages]))],
  ])('sees %s', (_name, change) => {
    const inboxes = live();
    const built = buildThreadWithMarks(inboxes, 'radar', 'a1');
    change(inboxes);
    expect(threadChanged(inboxes, built)).toBe(true);
  });

  it('sees the missing parent of the root arrive, and the rebuilt thread includes it', () => {
    const inboxes = live();
    const built = buildThreadWithMarks(inboxes, 'radar', 'a2');
    expect(built.rows.map((r) => r.id)).toEqual(['a2']);
    inboxes[2]!.messages.push(msg('a0', 'radar', 'david', 60));
    expect(threadChanged(inboxes, built)).toBe(true);
    expect(buildThread(inboxes, 'radar', 'a2').map((r) => r.id)).toEqual(['a0', 'a2']);
  });
});
