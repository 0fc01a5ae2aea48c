/**
 * What the renderer knows about its link to the host: the FleetApi itself, plus whether the link is
 * up. Under Electron the link is always up; a browser tab talks over a WebSocket that can drop.
 */
import type { FleetApi, HostErrorCode, Unsubscribe } from '../../../shared/api';

/** The state of the link to the host, shown to the user when it is anything but `open`. */
export type ConnectionState =
  | { status: 'connecting' }
  | { status: 'open' }
  | { status: 'reconnecting'; attempt: number; retryAt: number };

export interface HostConnection {
  api: FleetApi;
  getConnection(): ConnectionState;
  onConnection(listener: (state: ConnectionState) => void): Unsubscribe;
  /** Skip the backoff wait and try to reconnect now (no-op when the link is up). */
  retryNow(): void;
}

/**
 * A refused or failed call, with the host's typed error code (shared/api.ts) and a message in plain
 * words. Both hosts' errors arrive as this.
 */
export class HostError extends Error {
  constructor(
    readonly code: HostErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'HostError';
  }
}
