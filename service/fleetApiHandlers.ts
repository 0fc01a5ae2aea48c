/**
 * The FleetApi's requests, answered the same way by every host. A host (Electron IPC, the browser
 * host's WebSocket) hands each incoming `(method, args)` to `dispatchFleetCall`, which validates it
 * against the table in shared/api.ts, runs the handler and turns every outcome into a CallResult:
 * the reply, or a typed error in plain words. Nothing is thrown back across the boundary.
 */
import {
  ApiError,
  validateCall,
  type ApiErrorBody,
  type ArgsOf,
  type CallResult,
  type FleetIdentity,
  type FleetMethod,
  type ParsedRequestOf,
  type ReplyOf,
} from '../shared/api';
import type { FleetSnapshot } from '../shared/snapshot';
import { FleetOpenError } from './fleetService';
import type { FleetSourceService } from './sources/types';

/** What a host does for each method, given arguments that passed validation. */
export type FleetRequestHandlers = {
  [M in FleetMethod]: (...args: ArgsOf<M, ParsedRequestOf<M>>) => Promise<ReplyOf<M>> | ReplyOf<M>;
};

/**
 * How handlers reach the open fleet. `fleet` is the identity a writing request named (null for
 * reads, which go to whatever is open); an access refuses a stale identity with `fleet-changed`
 * and, in the desktop app, keeps the fleet open until `use` has finished (electron/fleetSession.ts).
 */
export interface FleetAccess<Service = FleetSourceService> {
  use<T>(fleet: FleetIdentity | null, use: (service: Service) => Promise<T> | T): Promise<T>;
}

/** Refuses a writing request made against another fleet, or another opening of this folder. */
export function checkFleetIdentity(service: { snapshot(): Pick<FleetSnapshot, 'root' | 'fleetKey'> }, fleet: FleetIdentity | null): void {
  if (!fleet) return;
  const current = service.snapshot();
  if (fleet.root !== current.root) {
    throw new ApiError('fleet-changed', `This change was made in ${fleet.root}, but Seatmap now shows ${current.root}`);
  }
  if (fleet.session !== current.fleetKey) {
    throw new ApiError('fleet-changed', `${current.root} was opened again since this change was made; try again`);
  }
}

/** The access of a host that serves one fleet for its whole life (`seatmap serve`). */
export function singleFleetAccess<Service extends { snapshot(): Pick<FleetSnapshot, 'root' | 'fleetKey'> } = FleetSourceService>(service: Service): FleetAccess<Service> {
  return {
    use: async (fleet, use) => {
      checkFleetIdentity(service, fleet);
      return use(service);
    },
  };
}

/** The requests that only need the open fleet; hosts add getHostInfo and openFleet. */
export function serviceHandlers(access: FleetAccess): Omit<FleetRequestHandlers, 'getHostInfo' | 'openFleet'> {
  return {
    getSnapshot: () => access.use(null, (service) => service.snapshot()),
    getLayout: () => access.use(null, (service) => service.getLayout()),
    saveLayout: (fleet, positions) => access.use(fleet, async (service) => {
      await service.saveLayout(positions);
      return null;
    }),
    // A source without a view file of its own (a Claude Code team) shows the default view.
    getView: () => access.use(null, (service) => (service.getView ? service.getView() : {})),
    saveView: (fleet, view) => access.use(fleet, async (service) => {
      await service.saveView?.(view);
      return null;
    }),
    queryInbox: (query) => access.use(null, (service) => service.queryInbox(query)),
    getMessage: (request) => access.use(null, (service) => service.getMessage(request)),
    messageAtLine: (request) => access.use(null, (service) => service.messageAtLine(request)),
    runCommand: (fleet, request) => access.use(fleet, (service) => service.runCommand(request)),
    openTeam: (request) => access.use(null, (service) => (service.openTeam ? service.openTeam(request.team) : { opened: false })),
    planRetire: (request) => access.use(null, (service) => retirer(service).planRetire(request)),
    applyRetire: (fleet, request) => access.use(fleet, (service) => retirer(service).applyRetire(request)),
    undoRetire: (fleet, request) => access.use(fleet, (service) => retirer(service).undoRetire(request)),
    lastRetire: () => access.use(null, (service) => (service.retire ? service.retire.lastRetire() : null)),
  };
}

/** Retire and merge exist only for sources Seatmap may edit (a fleet directory, not a Claude Code team). */
function retirer(service: FleetSourceService): NonNullable<FleetSourceService['retire']> {
  if (!service.retire) throw new ApiError('not-supported', 'This fleet is read-only: Seatmap cannot retire or merge its seats');
  return service.retire;
}

/** What a failed file operation means, for the user (Node's own message is for programmers). */
const FILE_ERRORS: Record<string, string> = {
  EACCES: 'Seatmap is not allowed to write there (permission denied)',
  EPERM: 'Seatmap is not allowed to write there (operation not permitted)',
  EROFS: 'That folder is on a read-only disk',
  ENOSPC: 'The disk is full',
  EDQUOT: 'The disk quota is used up',
  ENOENT: 'A file or folder Seatmap needed is gone',
  ENOTDIR: 'A folder Seatmap needed is a file',
  EISDIR: 'A file Seatmap needed is a folder',
  EMFILE: 'Too many files are open; close some programs and try again',
  EBUSY: 'The file is in use by another program',
};

function fileErrorInWords(error: unknown): string | null {
  const { code, path } = error as { code?: unknown; path?: unknown };
  const words = typeof code === 'string' && Object.hasOwn(FILE_ERRORS, code) ? FILE_ERRORS[code] : undefined;
  if (!words) return null;
  return typeof path === 'string' ? `${words}: ${path}` : words;
}

/** The typed error for anything a handler threw, in words a user can act on. */
export function toApiErrorBody(error: unknown): ApiErrorBody {
  if (error instanceof ApiError) return { code: error.code, message: error.message };
  if (error instanceof FleetOpenError) return { code: 'bad-request', message: error.message };
  const inWords = fileErrorInWords(error);
  if (inWords) return { code: 'internal', message: inWords };
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'internal', message: message || 'Something went wrong in Seatmap' };
}

/** Validates one incoming call, runs its handler, and answers with a CallResult. */
export async function dispatchFleetCall(handlers: FleetRequestHandlers, method: unknown, args: unknown): Promise<CallResult> {
  const call = validateCall(method, args);
  if (!call.ok) return { ok: false, error: call.error };
  try {
    const handler = handlers[call.method] as (...callArgs: unknown[]) => Promise<unknown> | unknown;
    const value = await handler(...call.args);
    // `undefined` does not survive JSON or structured clone the same way everywhere; send null.
    return { ok: true, value: value === undefined ? null : value };
  } catch (error) {
    return { ok: false, error: toApiErrorBody(error) };
  }
}
