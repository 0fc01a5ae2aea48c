/**
 * FleetApi over the browser host's WebSocket (shared/wireProtocol.ts). Requests carry an id and are
 * answered once; events are pushed. The socket reconnects with backoff; after a reconnect the
 * listeners get a `reset` event, so the store re-fetches the snapshot (patches sent while we were
 * away are lost, and a gap is exactly what `reset` means).
 *
 * Calls made while disconnected wait in a bounded outbox (MAX_OUTBOX_CALLS, MAX_OUTBOX_BYTES):
 * when it is full, the oldest waiting call fails with a plain "not connected" HostError, so a tab
 * left open while the host is gone does not grow without bound.
 *
 * No DOM here: the socket and the clock are injected, so this is unit-tested in Node.
 */
import type { FleetEvent, FleetMethod, Unsubscribe } from '../../../shared/api';
import type { WireMessage } from '../../../shared/wireProtocol';
import { fleetApiOver } from './fleetApiClient';
import { HostError, type ConnectionState, type HostConnection } from './hostConnection';

export interface SocketHandlers {
  open(): void;
  message(data: string): void;
  close(): void;
}

/** The little of a WebSocket the client uses. */
export interface SocketLink {
  send(data: string): void;
  close(): void;
}

export type SocketFactory = (url: string, handlers: SocketHandlers) => SocketLink;

export interface SocketClientOptions {
  url: string;
  createSocket: SocketFactory;
  /** Injected timer, returns a cancel function. */
  schedule?: (run: () => void, ms: number) => () => void;
  now?: () => number;
  /** Outbox limits (tests use small ones). */
  maxOutboxCalls?: number;
  maxOutboxBytes?: number;
}

export const MAX_OUTBOX_CALLS = 100;
export const MAX_OUTBOX_BYTES = 8 * 1024 * 1024;

/** 0.3 s, 0.6 s, 1.2 s … capped at 10 s: fast when the host restarts, quiet when it is gone. */
export function reconnectDelay(attempt: number): number {
  return Math.min(10_000, 300 * 2 ** Math.max(0, attempt - 1));
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

export function createSocketConnection(options: SocketClientOptions): HostConnection & { dispose(): void } {
  const schedule = options.schedule ?? ((run, ms) => {
    const handle = setTimeout(run, ms);
    return () => clearTimeout(handle);
  });
  const now = options.now ?? Date.now;

  let socket: SocketLink | null = null;
  let open = false;
  let disposed = false;
  let everOpened = false;
  let attempt = 0;
  let cancelRetry: (() => void) | null = null;
  let state: ConnectionState = { status: 'connecting' };
  let nextId = 1;
  const inFlight = new Map<number, Pending>();
  /** Requests made while the socket is down: sent on the next open, not failed by a close. */
  const outbox: Array<{ id: number; payload: string; pending: Pending }> = [];
  let outboxBytes = 0;
  const maxOutboxCalls = options.maxOutboxCalls ?? MAX_OUTBOX_CALLS;
  const maxOutboxBytes = options.maxOutboxBytes ?? MAX_OUTBOX_BYTES;
  const eventListeners = new Set<(event: FleetEvent) => void>();
  const connectionListeners = new Set<(state: ConnectionState) => void>();

  const setState = (next: ConnectionState) => {
    state = next;
    for (const listener of [...connectionListeners]) listener(next);
  };

  const emit = (event: FleetEvent) => {
    for (const listener of [...eventListeners]) listener(event);
  };

  const onMessage = (data: string) => {
    let message: WireMessage;
    try {
      message = JSON.parse(data) as WireMessage;
    } catch {
      return;
    }
    if (message.type === 'event') {
      emit(message.event);
      return;
    }
    const pending = inFlight.get(message.id);
    if (!pending) return;
    inFlight.delete(message.id);
    if (message.type === 'result') pending.resolve(message.result);
    else pending.reject(new HostError(message.error.code, message.error.message));
  };

  let generation = 0;

  // Browsers never call a WebSocket's handlers synchronously from its constructor; fakes must not either.
  const connect = () => {
    if (disposed) return;
    cancelRetry = null;
    const mine = ++generation;
    const isCurrent = () => mine === generation && socket !== null;
    socket = options.createSocket(options.url, {
      open: () => {
        if (!isCurrent()) return;
        open = true;
        attempt = 0;
        const reconnected = everOpened;
        everOpened = true;
        setState({ status: 'open' });
        outboxBytes = 0;
        for (const item of outbox.splice(0)) {
          inFlight.set(item.id, item.pending);
          socket?.send(item.payload);
        }
        if (reconnected) emit({ kind: 'reset', reason: 'Reconnected to the host' });
      },
      message: (data) => {
        if (isCurrent()) onMessage(data);
      },
      close: () => {
        if (!isCurrent()) return;
        socket = null;
        open = false;
        const lost = [...inFlight.values()];
        inFlight.clear();
        for (const pending of lost) pending.reject(new HostError('disconnected', 'Disconnected from the Seatmap host before it answered'));
        if (disposed) return;
        attempt += 1;
        const delay = reconnectDelay(attempt);
        setState({ status: 'reconnecting', attempt, retryAt: now() + delay });
        cancelRetry = schedule(connect, delay);
      },
    });
  };

  /** Queues a call for the next socket; the oldest waiting calls give way when the outbox is full. */
  const enqueue = (item: { id: number; payload: string; pending: Pending }) => {
    if (item.payload.length > maxOutboxBytes) {
      item.pending.reject(new HostError('disconnected', 'Not connected to the Seatmap host, and this request is too big to keep until it reconnects'));
      return;
    }
    outbox.push(item);
    outboxBytes += item.payload.length;
    while (outbox.length > maxOutboxCalls || outboxBytes > maxOutboxBytes) {
      const dropped = outbox.shift()!;
      outboxBytes -= dropped.payload.length;
      dropped.pending.reject(new HostError('disconnected', 'Not connected to the Seatmap host, and newer requests were waiting; this one was dropped'));
    }
  };

  const call = (method: FleetMethod, args: unknown[]): Promise<unknown> => {
    if (disposed) return Promise.reject(new HostError('disconnected', 'The connection to the Seatmap host was closed'));
    const id = nextId++;
    const payload = JSON.stringify({ id, method, args });
    return new Promise<unknown>((resolve, reject) => {
      const pending: Pending = { resolve, reject };
      if (open && socket) {
        inFlight.set(id, pending);
        socket.send(payload);
      } else {
        enqueue({ id, payload, pending });
      }
    });
  };

  const api = fleetApiOver({
    call,
    onFleetEvent: (listener: (event: FleetEvent) => void): Unsubscribe => {
      eventListeners.add(listener);
      return () => eventListeners.delete(listener);
    },
  });

  connect();

  return {
    api,
    getConnection: () => state,
    onConnection: (listener) => {
      connectionListeners.add(listener);
      return () => connectionListeners.delete(listener);
    },
    retryNow: () => {
      if (disposed || socket) return;
      cancelRetry?.();
      connect();
    },
    dispose: () => {
      disposed = true;
      cancelRetry?.();
      const current = socket;
      socket = null;
      current?.close();
      const closed = new HostError('disconnected', 'The connection to the Seatmap host was closed');
      for (const pending of inFlight.values()) pending.reject(closed);
      for (const item of outbox.splice(0)) item.pending.reject(closed);
      outboxBytes = 0;
      inFlight.clear();
    },
  };
}
