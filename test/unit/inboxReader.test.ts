import { appendFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LARGE_INBOX_BYTES } from '../../service/fleetFiles';
import { FleetService } from '../../service/fleetService';
import { copyFixture, makeFleetDir, removeDir, waitFor } from '../helpers/fleetDir';

const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

async function open(dir: string) {
  const service = await FleetService.open({ root: dir });
  cleanup.push(() => removeDir(dir), () => service.close());
  return service;
}

const line = (fields: Record<string, unknown>) => `${JSON.stringify({ ts: '2026-11-20T10:00:00Z', type: 'INFORM', ...fields })}\n`;

describe('reading inboxes through the service', () => {
  it('re-reads an open message only when new lines touch its thread', async () => {
    const dir = await copyFixture('small-agency');
    const service = await open(dir);
    const first = await service.getMessage({ inbox: 'dirk', id: 'm-2' });
    expect(first?.thread.map((r) => r.id)).toEqual(['m-2']);
    const grown = (count: number) => waitFor(() => service.snapshot().totals.messages === count || undefined, { subscribe: (w) => service.subscribe(w) });
    const total = service.snapshot().totals.messages;

    // A message elsewhere that is not part of the thread: the same answer, not a new read.
    await appendFile(join(dir, 'inbox/radar.jsonl'), line({ id: 'r-9', from: 'dash', to: 'radar', subject: 'unrelated' }));
    await grown(total + 1);
    expect(await service.getMessage({ inbox: 'dirk', id: 'm-2' })).toBe(first);

    // A reply in another inbox is part of the thread: read again, with the reply.
    await appendFile(join(dir, 'inbox/radar.jsonl'), line({ id: 'r-10', from: 'dirk', to: 'radar', subject: 'answer', re: 'm-2', ts: '2026-11-20T12:00:00Z' }));
    await grown(total + 2);
    const second = await service.getMessage({ inbox: 'dirk', id: 'm-2' });
    expect(second).not.toBe(first);
    expect(second?.thread.map((r) => r.id)).toEqual(['m-2', 'r-10']);
    expect(second?.row.acked).toBe(false);

    // An ack of the message changes its row.
    await appendFile(join(dir, 'inbox/dirk.jsonl'), `${JSON.stringify({ ack: 'm-2', ts: '2026-11-20T12:30:00Z', by: 'dirk' })}\n`);
    const dirkUnread = () => service.snapshot().seats.find((seat) => seat.id === 'dirk')?.inbox.unread;
    expect(dirkUnread()).toBe(1);
    await waitFor(() => dirkUnread() === 0, { subscribe: (w) => service.subscribe(w) });
    expect((await service.getMessage({ inbox: 'dirk', id: 'm-2' }))?.row).toMatchObject({ acked: true, ackTs: Date.parse('2026-11-20T12:30:00Z') });
  });

  it('lists, filters, searches and opens messages with their thread', async () => {
    const dir = await copyFixture('small-agency');
    await appendFile(join(dir, 'inbox/radar.jsonl'), line({ id: 'r-2', from: 'dash', to: 'radar', subject: 'Globex budget', body: 'The **Globex** budget ran out.', re: 'm-2' }));
    const service = await open(dir);
    await waitFor(() => service.snapshot().totals.messages === 4 || undefined, { subscribe: (w) => service.subscribe(w) });

    const inbox = await service.queryInbox({ seat: 'dirk' });
    expect(inbox.rows.map((r) => [r.id, r.acked])).toEqual([['m-2', false], ['m-1', true]]);
    expect(inbox).toMatchObject({ total: 2, unread: 1, types: ['INFORM', 'REQUEST'], senders: ['pulse'], complete: true });

    expect((await service.queryInbox({ seat: 'dirk', unreadOnly: true })).rows.map((r) => r.id)).toEqual(['m-2']);
    expect((await service.queryInbox({ seat: 'radar', text: 'globex' })).rows.map((r) => r.id)).toEqual(['r-2']);
    expect((await service.queryInbox({ seat: 'radar', text: 'nothing like this' })).total).toBe(0);
    // Text that JSON escaped on disk is still found.
    await appendFile(join(dir, 'inbox/radar.jsonl'), '{"id":"r-3","ts":"2026-11-20T11:00:00Z","from":"dirk","to":"radar","subject":"\\u0047lobex again","body":"caf\\u00e9"}\n');
    await waitFor(() => service.snapshot().totals.messages === 5 || undefined, { subscribe: (w) => service.subscribe(w) });
    expect((await service.queryInbox({ seat: 'radar', text: 'globex' })).rows.map((r) => r.id)).toEqual(['r-3', 'r-2']);
    expect((await service.queryInbox({ seat: 'radar', text: 'café' })).rows.map((r) => r.id)).toEqual(['r-3']);
    expect((await service.queryInbox({ seat: 'pulse', view: 'outbox' })).rows.map((r) => [r.id, r.inbox])).toEqual([['m-2', 'dirk'], ['m-1', 'dirk']]);

    const detail = await service.getMessage({ inbox: 'radar', id: 'r-2' });
    expect(detail?.body).toBe('The **Globex** budget ran out.');
    expect(JSON.parse(detail!.raw)).toMatchObject({ id: 'r-2' });
    expect(detail?.thread.map((r) => r.id)).toEqual(['m-2', 'r-2']);
    expect(await service.getMessage({ inbox: 'radar', id: 'nope' })).toBeNull();
    expect(service.messageAtLine({ inbox: 'dirk', line: 2 })).toMatchObject({ id: 'm-2', inbox: 'dirk', acked: false });
    expect(service.messageAtLine({ inbox: 'dirk', line: 3 })).toBeNull(); // an ack line
  });

  it('shows a big inbox at once and indexes it in the background with progress', async () => {
    const count = 60_000;
    const body = 'x'.repeat(Math.ceil((LARGE_INBOX_BYTES * 1.5) / count));
    const lines: string[] = [];
    for (let i = 0; i < count; i++) lines.push(JSON.stringify({ id: `m-${i}`, ts: new Date(Date.UTC(2026, 10, 1) + i * 1000).toISOString(), from: 'a', to: 'b', type: 'INFORM', subject: `#${i}`, body }));
    const dir = await makeFleetDir({
      'fleet.yaml': 'version: 1\nseats:\n  a: { owner: h }\n  b: { owner: h }\n  h: { kind: human }\n',
      'inbox/b.jsonl': `${lines.join('\n')}\n`,
    });
    const service = await open(dir);
    const first = service.snapshot().seats.find((s) => s.id === 'b')!.inbox;
    expect(first.indexing).not.toBeNull();
    expect(first.total).toBeLessThan(count);
    const page = await service.queryInbox({ seat: 'b', count: 3 });
    expect(page.rows.map((r) => r.id)).toEqual([`m-${count - 1}`, `m-${count - 2}`, `m-${count - 3}`]);
    const done = await waitFor(() => {
      const inbox = service.snapshot().seats.find((s) => s.id === 'b')!.inbox;
      return inbox.indexing === null && inbox.total === count && inbox;
    }, { subscribe: (w) => service.subscribe(w), timeoutMs: 30_000, describe: () => 'indexing to finish' });
    expect(done.unread).toBe(count);
    expect((await service.queryInbox({ seat: 'b', count: 1 })).complete).toBe(true);
  });
});
