import { describe, expect, it } from 'vitest';
import type { FleetPath } from '../../shared/ids';
import { buildThread, filterCandidates, inboxQuerySchema, viewCandidates } from '../../shared/inboxQuery';
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
});
