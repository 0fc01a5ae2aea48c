/**
 * FleetApi over the browser host's WebSocket (shared/wireProtocol.ts). Requests carry an id and are
 * answered once; events are pushed. The socket reconnects with backoff; after a reconnect the
 * listeners get a `reset` event, so the store re-fetches the snapshot (patches sent while we were
 * away are lost, and a gap is exactly what `reset` means).
 *
 * No DOM here: the socket and the clock are injected, so this is unit-tested in Node.
 */
import type { InboxQuery, InboxWindow, MessageAtLine, MessageDetail, MessageRequest, MessageRow } from '../../../shared/inboxQuery';
import type { ViewState } from '../../../shared/viewState';
import type { CommandRequest, CommandResult, FleetApi, FleetEvent, FleetMethod, HostInfo, LayoutPositions, OpenFleetRequest, Unsubscribe } from '../../../shared/api';
import type { FleetSnapshot } from '../../../shared/snapshot';
import type { WireMessage } from '../../../shared/wireProtocol';
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
}

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
        for (const pending of lost) pending.reject(new HostError('disconnected', 'Disconnected from the host'));
        if (disposed) return;
        attempt += 1;
        const delay = reconnectDelay(attempt);
        setState({ status: 'reconnecting', attempt, retryAt: now() + delay });
        cancelRetry = schedule(connect, delay);
      },
    });
  };

  const call = <T>(method: FleetMethod, args: unknown[]): Promise<T> => {
    if (disposed) return Promise.reject(new HostError('disconnected', 'The connection was closed'));
    const id = nextId++;
    const payload = JSON.stringify({ id, method, args });
    return new Promise<T>((resolve, reject) => {
      const pending: Pending = { resolve: resolve as (value: unknown) => void, reject };
      if (open && socket) {
        inFlight.set(id, pending);
        socket.send(payload);
      } else {
        outbox.push({ id, payload, pending });
      }
    });
  };

  const api: FleetApi = {
    getSnapshot: () => call<FleetSnapshot>('getSnapshot', []),
    getLayout: () => call<LayoutPositions>('getLayout', []),
    saveLayout: async (positions: LayoutPositions) => {
      await call<null>('saveLayout', [positions]);
    },
    getView: () => call<ViewState>('getView', []),
    saveView: async (view: ViewState) => {
      await call<null>('saveView', [view]);
    },
    getHostInfo: () => call<HostInfo>('getHostInfo', []),
    openFleet: (request: OpenFleetRequest) => call<{ opened: boolean }>('openFleet', [request]),
    queryInbox: (query: InboxQuery) => call<InboxWindow>('queryInbox', [query]),
    getMessage: (request: MessageRequest) => call<MessageDetail | null>('getMessage', [request]),
    messageAtLine: (request: MessageAtLine) => call<MessageRow | null>('messageAtLine', [request]),
    runCommand: (request: CommandRequest) => call<CommandResult>('runCommand', [request]),
    onFleetEvent: (listener: (event: FleetEvent) => void): Unsubscribe => {
      eventListeners.add(listener);
      return () => eventListeners.delete(listener);
    },
  };

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
      const closed = new HostError('disconnected', 'The connection was closed');
      for (const pending of inFlight.values()) pending.reject(closed);
      for (const item of outbox.splice(0)) item.pending.reject(closed);
      inFlight.clear();
    },
  };
}
