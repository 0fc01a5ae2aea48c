import { describe, expect, it } from 'vitest';
import type { FleetEvent } from '../../shared/api';
import { HostError } from '../../renderer/src/api/hostConnection';
import { createSocketConnection, reconnectDelay, type SocketHandlers } from '../../renderer/src/api/socketClient';

/** A fake socket per connection attempt; the test plays the host. */
function fakeHost(limits: { maxOutboxCalls?: number; maxOutboxBytes?: number } = {}) {
  const sockets: Array<{ url: string; handlers: SocketHandlers; sent: Array<{ id: number; method: string; args: unknown[] }>; closed: boolean }> = [];
  const timers: Array<{ run: () => void; ms: number; cancelled: boolean }> = [];
  const connection = createSocketConnection({
    url: 'ws://127.0.0.1:9/api/socket?token=t',
    createSocket: (url, handlers) => {
      const socket = { url, handlers, sent: [] as Array<{ id: number; method: string; args: unknown[] }>, closed: false };
      sockets.push(socket);
      return { send: (data) => socket.sent.push(JSON.parse(data)), close: () => void (socket.closed = true) };
    },
    schedule: (run, ms) => {
      const timer = { run, ms, cancelled: false };
      timers.push(timer);
      return () => void (timer.cancelled = true);
    },
    now: () => 1000,
    ...limits,
  });
  const latest = () => sockets[sockets.length - 1]!;
  const reply = (id: number, result: unknown) => latest().handlers.message(JSON.stringify({ type: 'result', id, result }));
  return { connection, sockets, timers, latest, reply };
}

describe('socket FleetApi', () => {
  it('queues calls until the socket opens, then answers each by id', async () => {
    const host = fakeHost();
    expect(host.connection.getConnection()).toEqual({ status: 'connecting' });
    const info = host.connection.api.getHostInfo();
    const layout = host.connection.api.getLayout();
    expect(host.latest().sent).toEqual([]);
    host.latest().handlers.open();
    expect(host.connection.getConnection()).toEqual({ status: 'open' });
    const [first, second] = host.latest().sent;
    expect(first).toMatchObject({ method: 'getHostInfo', args: [] });
    expect(second).toMatchObject({ method: 'getLayout', args: [] });
    host.reply(second!.id, { a: { x: 1, y: 2 } });
    host.reply(first!.id, { host: 'browser', canOpenFolder: false, recentFleets: [], isDemo: false });
    await expect(layout).resolves.toEqual({ a: { x: 1, y: 2 } });
    await expect(info).resolves.toEqual({ host: 'browser', canOpenFolder: false, recentFleets: [], isDemo: false });
  });

  it('turns an error answer into a HostError with its code, and sends arguments', async () => {
    const host = fakeHost();
    host.latest().handlers.open();
    const opened = host.connection.api.openFleet({ dialog: true });
    const request = host.latest().sent[0]!;
    expect(request).toMatchObject({ method: 'openFleet', args: [{ dialog: true }] });
    host.latest().handlers.message(JSON.stringify({ type: 'error', id: request.id, error: { code: 'not-supported', message: 'no dialog here' } }));
    const error = await opened.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HostError);
    expect(error).toMatchObject({ code: 'not-supported', message: 'no dialog here' });
  });

  it('delivers events, reconnects with backoff after a drop, fails in-flight calls, and emits reset on reconnect', async () => {
    const host = fakeHost();
    const events: FleetEvent[] = [];
    const states: string[] = [];
    host.connection.api.onFleetEvent((e) => events.push(e));
    host.connection.onConnection((s) => states.push(s.status));
    host.latest().handlers.open();
    host.latest().handlers.message(JSON.stringify({ type: 'event', event: { kind: 'reset', reason: 'opened another fleet' } }));
    expect(events).toEqual([{ kind: 'reset', reason: 'opened another fleet' }]);

    const lost = host.connection.api.getSnapshot();
    host.latest().handlers.close();
    await expect(lost).rejects.toMatchObject({ code: 'disconnected' });
    expect(host.connection.getConnection()).toEqual({ status: 'reconnecting', attempt: 1, retryAt: 1000 + reconnectDelay(1) });
    expect(host.timers.map((t) => t.ms)).toEqual([reconnectDelay(1)]);

    // A call made while disconnected waits for the next socket instead of failing.
    const waiting = host.connection.api.getSnapshot();
    host.timers[0]!.run();
    expect(host.sockets).toHaveLength(2);
    host.latest().handlers.close();
    expect(host.timers[1]!.ms).toBe(reconnectDelay(2));
    host.connection.retryNow();
    expect(host.timers[1]!.cancelled).toBe(true);
    host.latest().handlers.open();
    expect(events.at(-1)).toEqual({ kind: 'reset', reason: 'Reconnected to the host' });
    const resent = host.latest().sent[0]!;
    expect(resent.method).toBe('getSnapshot');
    host.reply(resent.id, { revision: 9 });
    await expect(waiting).resolves.toEqual({ revision: 9 });
    expect(states).toEqual(['open', 'reconnecting', 'reconnecting', 'open']);
  });

  it('ignores answers from a stale socket and garbage frames', () => {
    const host = fakeHost();
    const events: FleetEvent[] = [];
    host.connection.api.onFleetEvent((e) => events.push(e));
    const old = host.latest();
    old.handlers.open();
    old.handlers.close();
    host.timers[0]!.run();
    old.handlers.message(JSON.stringify({ type: 'event', event: { kind: 'reset', reason: 'stale' } }));
    host.latest().handlers.message('not json');
    expect(events).toEqual([]);
  });

  it('backs off up to ten seconds', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 20].map(reconnectDelay)).toEqual([300, 600, 1200, 2400, 4800, 9600, 10000, 10000]);
  });

  it('dispose closes the socket, fails pending calls and stops reconnecting', async () => {
    const host = fakeHost();
    const pending = host.connection.api.getLayout();
    host.connection.dispose();
    await expect(pending).rejects.toBeInstanceOf(HostError);
    expect(host.latest().closed).toBe(true);
    host.latest().handlers.close();
    expect(host.timers).toEqual([]);
  });

  it('bounds the outbox while disconnected: the oldest waiting calls fail with a plain "not connected" error', async () => {
    const host = fakeHost({ maxOutboxCalls: 3 });
    const calls = Array.from({ length: 5 }, (_, i) => host.connection.api.queryInbox({ seat: `s${i}` }));
    const outcomes = calls.map((call) => call.then(() => 'sent', (error: HostError) => error));
    const [first, second] = await Promise.all(outcomes.slice(0, 2));
    for (const dropped of [first, second]) {
      expect(dropped).toBeInstanceOf(HostError);
      expect(dropped).toMatchObject({ code: 'disconnected', message: expect.stringMatching(/^Not connected to the Seatmap host, .*dropped$/) });
    }
    // The newest three are kept and sent, in order, when the socket opens.
    host.latest().handlers.open();
    expect(host.latest().sent.map((r) => (r.args[0] as { seat: string }).seat)).toEqual(['s2', 's3', 's4']);
  });

  it('bounds the outbox by size too, and refuses a call too big to keep', async () => {
    const host = fakeHost({ maxOutboxBytes: 400 });
    const big = { seat: 'radar', text: 'x'.repeat(300) };
    const kept = host.connection.api.queryInbox({ seat: 'kept' });
    const tooBig = host.connection.api.queryInbox({ ...big, text: 'x'.repeat(450) });
    await expect(tooBig).rejects.toMatchObject({ code: 'disconnected', message: expect.stringMatching(/too big/) });
    const pushesOut = host.connection.api.queryInbox(big);
    await expect(kept).rejects.toMatchObject({ code: 'disconnected' });
    host.latest().handlers.open();
    expect(host.latest().sent).toHaveLength(1);
    expect(host.latest().sent[0]!.args[0]).toEqual(big);
    host.reply(host.latest().sent[0]!.id, { rows: [] });
    await expect(pushesOut).resolves.toEqual({ rows: [] });
  });
});
