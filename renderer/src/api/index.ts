/**
 * The one module that knows which host the renderer runs in.
 * Under Electron the preload exposes `window.seatmap` (a call bridge via contextBridge); in a
 * browser tab, the API is a WebSocket to `seatmap serve`. Either way the FleetApi itself is derived
 * from shared/api.ts by fleetApiClient.ts.
 */
import type { FleetApi, HostBridge } from '../../../shared/api';
import { SOCKET_PATH } from '../../../shared/wireProtocol';
import { takeAccessToken } from './accessToken';
import { bridgeTransport, fleetApiOver } from './fleetApiClient';
import type { ConnectionState, HostConnection } from './hostConnection';
import { createSocketConnection, type SocketFactory } from './socketClient';

export type { ConnectionState, HostConnection } from './hostConnection';
export { HostError } from './hostConnection';

declare global {
  interface Window {
    /** Set by the Electron preload; absent in a browser. */
    seatmap?: HostBridge;
  }
}

const browserSocket: SocketFactory = (url, handlers) => {
  const socket = new WebSocket(url);
  socket.onopen = () => handlers.open();
  socket.onmessage = (event) => {
    if (typeof event.data === 'string') handlers.message(event.data);
  };
  // A refused upgrade fires `error` then `close`; `close` alone drives the reconnect.
  socket.onclose = () => handlers.close();
  return {
    send: (data) => socket.send(data),
    close: () => socket.close(),
  };
};

function socketUrl(token: string | null): string {
  const scheme = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
  const query = token ? `?token=${encodeURIComponent(token)}` : '';
  return `${scheme}//${window.location.host}${SOCKET_PATH}${query}`;
}

function electronConnection(bridge: HostBridge): HostConnection {
  const open: ConnectionState = { status: 'open' };
  const api: FleetApi = fleetApiOver(bridgeTransport(bridge));
  return {
    api,
    getConnection: () => open,
    onConnection: () => () => undefined,
    retryNow: () => undefined,
  };
}

let connection: HostConnection | null = null;

/** The connection to this window's host, created on first use. */
export function connectToHost(): HostConnection {
  if (!connection) {
    const bridge = window.seatmap;
    connection = bridge ? electronConnection(bridge) : createSocketConnection({ url: socketUrl(takeAccessToken()), createSocket: browserSocket });
  }
  return connection;
}
