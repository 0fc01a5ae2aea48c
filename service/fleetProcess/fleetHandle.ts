/**
 * What a host needs of an open fleet, wherever its service runs: `FleetHandle`. The desktop app
 * (electron/fleetSession.ts) and `seatmap serve` (service/browserHost.ts) talk only to this, so the
 * same host code serves a FleetService in its own process (`inProcessFleet`) or one in a child
 * process behind the RPC of service/fleetProcess/fleetProcess.ts.
 *
 * The fleet's requests go through one generic `call(method, args)`, named by the API table
 * (shared/api.ts): a method added there and to `serviceHandlers` crosses the process boundary with
 * no change here.
 */
import { FLEET_METHODS, writesFleet, type FleetEvent, type FleetIdentity, type FleetMethod, type ReplyOf, type Unsubscribe } from '../../shared/api';
import type { FleetSnapshot } from '../../shared/snapshot';
import type { DemoSimulator } from '../demo';
import { serviceHandlers, singleFleetAccess, type FleetAccess, type FleetRequestHandlers } from '../fleetApiHandlers';
import type { FleetSourceService } from '../sources/types';

/** Methods a host answers itself (they act on the host, not on the open fleet's files). */
export const HOST_METHODS = ['getHostInfo', 'openFleet'] as const;
export type HostMethod = (typeof HOST_METHODS)[number];
/** Methods the fleet service answers. */
export type ServiceMethod = Exclude<FleetMethod, HostMethod>;
export type ServiceHandlers = Omit<FleetRequestHandlers, HostMethod>;
export const SERVICE_METHODS = FLEET_METHODS.filter((method): method is ServiceMethod => !(HOST_METHODS as readonly string[]).includes(method));

/** A service method's arguments, already validated against the API table by the host. */
export type ServiceArgs<M extends ServiceMethod> = Parameters<ServiceHandlers[M]>;

export interface FleetHandle {
  /** The folder opened (absolute, real path). */
  readonly root: string;
  readonly isDemo: boolean;
  /** The current snapshot (for a child process: the host's copy, kept up to date by its patches). */
  snapshot(): FleetSnapshot;
  subscribe(listener: (event: FleetEvent) => void): Unsubscribe;
  /** Runs one of the fleet's requests; a refusal is thrown as an ApiError with its code. */
  call<M extends ServiceMethod>(method: M, args: ServiceArgs<M>): Promise<ReplyOf<M>>;
  /** Stops the service (and the demo simulator); for a child process, waits until it has exited. */
  close(): Promise<void>;
}

/** A source's service (and the demo's simulator) in this process, as a FleetHandle. */
export function inProcessFleet(service: FleetSourceService, simulator: DemoSimulator | null = null): FleetHandle {
  const handlers = serviceHandlers(singleFleetAccess(service));
  return {
    root: service.root,
    isDemo: service.isDemo,
    snapshot: () => service.snapshot(),
    subscribe: (listener) => service.subscribe(listener),
    call: async (method, args) => (handlers[method] as (...callArgs: unknown[]) => unknown)(...args) as never,
    close: async () => {
      simulator?.stop();
      await service.close();
    },
  };
}

/** A FleetHandle as it is, or a source's service in this process wrapped as one (hosts accept either). */
export function asFleetHandle(fleet: FleetHandle | FleetSourceService): FleetHandle {
  return isFleetHandle(fleet) ? fleet : inProcessFleet(fleet);
}

function isFleetHandle(fleet: FleetHandle | FleetSourceService): fleet is FleetHandle {
  return typeof (fleet as Partial<FleetHandle>).call === 'function';
}

/**
 * The service methods' handlers for a host, over whatever FleetHandle `access` gives: a writing
 * request names its fleet (checked by `access`), then the call goes to the handle.
 */
export function fleetHandleHandlers(access: FleetAccess<FleetHandle>): ServiceHandlers {
  const handlers: Record<string, (...args: unknown[]) => Promise<unknown>> = {};
  for (const method of SERVICE_METHODS) {
    handlers[method] = (...args) =>
      access.use(writesFleet(method) ? (args[0] as FleetIdentity) : null, (fleet) => fleet.call(method, args as never));
  }
  return handlers as unknown as ServiceHandlers;
}
