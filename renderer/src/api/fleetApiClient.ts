/**
 * The renderer's FleetApi, derived from the table in shared/api.ts: every method becomes one
 * `transport.call(method, args)`, and its reply is checked against the method's reply schema.
 * The two transports (the Electron preload's bridge, the browser host's WebSocket) only move
 * `(method, args)` and answers, so a new method needs no change here or in them.
 *
 * Every failure reaches callers as a HostError with a typed code and a message in plain words,
 * without a final full stop (toasts and banners add their own).
 */
import {
  callResultSchema,
  FLEET_API,
  FLEET_METHODS,
  type FleetApi,
  type FleetEvent,
  type FleetMethod,
  type HostBridge,
  type Unsubscribe,
} from '../../../shared/api';
import { HostError } from './hostConnection';

export interface FleetTransport {
  /** Resolves with the host's reply, or rejects with a HostError. */
  call(method: FleetMethod, args: unknown[]): Promise<unknown>;
  onFleetEvent(listener: (event: FleetEvent) => void): Unsubscribe;
}

/** Builds the FleetApi over a transport: one method per entry of FLEET_API. */
export function fleetApiOver(transport: FleetTransport): FleetApi {
  const api: Record<string, unknown> = {
    onFleetEvent: (listener: (event: FleetEvent) => void) => transport.onFleetEvent(listener),
  };
  for (const method of FLEET_METHODS) {
    const reply = FLEET_API[method].reply;
    api[method] = async (...args: unknown[]) => {
      const value = await transport.call(method, args);
      const checked = reply.safeParse(value);
      if (!checked.success) throw new HostError('internal', `Seatmap's host sent an answer to ${method} that this window does not understand`);
      return checked.data;
    };
  }
  return api as FleetApi;
}

/**
 * Turns a host's CallResult into the reply, or throws the HostError it carries. Anything that is
 * not a CallResult (a newer or broken host) becomes an `internal` HostError, never raw JSON.
 */
export function decodeCallResult(result: unknown): unknown {
  const parsed = callResultSchema.safeParse(result);
  if (!parsed.success) throw new HostError('internal', 'The Seatmap app answered in a form this window does not understand');
  if (parsed.data.ok) return parsed.data.value;
  throw new HostError(parsed.data.error.code, parsed.data.error.message);
}

/** The desktop app's transport: the preload's `window.seatmap` bridge (electron/preload.ts). */
export function bridgeTransport(bridge: HostBridge): FleetTransport {
  return {
    call: async (method, args) => {
      let result: unknown;
      try {
        result = await bridge.call(method, args);
      } catch {
        // The bridge itself failed (main has no handler, the window is closing).
        throw new HostError('disconnected', 'This window lost its link to the Seatmap app; reload it (View → Reload) to reconnect');
      }
      return decodeCallResult(result);
    },
    onFleetEvent: (listener) => bridge.onFleetEvent(listener),
  };
}
