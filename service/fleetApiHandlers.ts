/**
 * The FleetApi's requests, answered the same way by every host: the Electron IPC wiring and the
 * browser host both validate a call (shared/api.ts `validateCall`) and then hand it here.
 */
import type { FleetApi, FleetMethod } from '../shared/api';
import type { FleetService } from './fleetService';

/** What a host does for each request (the FleetApi without its subscription). */
export type FleetRequestHandlers = Omit<FleetApi, 'onFleetEvent'>;

/** The requests that only need the open fleet's service; hosts add getHostInfo and openFleet. */
export function serviceHandlers(
  service: () => FleetService | Promise<FleetService>,
): Omit<FleetRequestHandlers, 'getHostInfo' | 'openFleet'> {
  return {
    getSnapshot: async () => (await service()).snapshot(),
    getLayout: async () => (await service()).getLayout(),
    saveLayout: async (positions) => (await service()).saveLayout(positions),
    getView: async () => (await service()).getView(),
    saveView: async (view) => (await service()).saveView(view),
    queryInbox: async (query) => (await service()).queryInbox(query),
    getMessage: async (request) => (await service()).getMessage(request),
    messageAtLine: async (request) => (await service()).messageAtLine(request),
    runCommand: async (request) => (await service()).runCommand(request),
  };
}

/** Calls a method whose arguments `validateCall` has already checked against its schema. */
export async function callFleetMethod(handlers: FleetRequestHandlers, method: FleetMethod, args: unknown[]): Promise<unknown> {
  const handler = handlers[method] as (...callArgs: unknown[]) => Promise<unknown>;
  const result = await handler(...args);
  // `undefined` does not survive JSON or structured clone the same way everywhere; send null.
  return result === undefined ? null : result;
}
