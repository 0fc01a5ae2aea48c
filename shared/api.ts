/**
 * The one API between the renderer and whichever host runs it (Electron IPC or `seatmap serve`),
 * defined once in `FLEET_API`: each method's name, the zod schema of its request and of its reply,
 * and whether it writes into the open fleet. Everything else is derived from that table: the
 * `FleetApi` type the renderer calls, the argument validation both hosts run (`validateCall`),
 * the hosts' handler types (service/fleetApiHandlers.ts) and the client proxy
 * (renderer/src/api/fleetApiClient.ts). Adding a method is one line in `FLEET_API` plus its
 * handler; the transports (IPC, WebSocket) carry `(method, args)` and need no change.
 *
 * Methods that write (`write(...)`) take the fleet they were made against as their first argument
 * (`FleetIdentity`, from the snapshot) and are refused with `fleet-changed` when another fleet, or
 * another opening of the same folder, is current: a save or an edit is never applied elsewhere.
 */
import { z } from 'zod';
import {
  inboxQuerySchema,
  messageAtLineSchema,
  messageRequestSchema,
  type InboxWindow,
  type MessageDetail,
  type MessageRow,
} from './inboxQuery';
import { fleetCommandSchema, type FleetCommand, type Refusal } from './commands/types';
import { retireRequestSchema, retireUndoSchema, type RetireApplyResult, type RetirePlanResult } from './retire/types';
import type { FleetPatch } from './patch';
import type { FleetIdentity, FleetSnapshot } from './snapshot';
import { SEAT_ID_PATTERN } from './ids';
import { viewStateSchema } from './viewState';

export type { FleetIdentity } from './snapshot';

/** Saved node positions, `.seatmap/layout.json` (never in fleet.yaml). */
export interface LayoutPositions {
  [seatId: string]: { x: number; y: number };
}

/** Pushed to subscribers: a numbered patch, or "re-fetch the snapshot" (another fleet, a gap). */
export type FleetEvent = { kind: 'patch'; patch: FleetPatch } | { kind: 'reset'; reason: string };

export type Unsubscribe = () => void;

const position = z.object({ x: z.number().finite(), y: z.number().finite() });

export const layoutSchema = z
  .record(z.string().regex(SEAT_ID_PATTERN), position)
  .refine((value) => Object.keys(value).length <= 20_000, 'too many positions');

export const openFleetSchema = z.union([
  z.object({ dialog: z.literal(true) }),
  z.object({ path: z.string().min(1).max(4096) }),
  z.object({ demo: z.literal(true) }),
]);
export type OpenFleetRequest = z.infer<typeof openFleetSchema>;

export const commandRequestSchema = z.object({
  command: fleetCommandSchema,
  baseHash: z.string().regex(/^[0-9a-f]{64}$/).optional(),
});
export type CommandRequest = { command: FleetCommand; baseHash?: string };

/**
 * What an edit did: `inverse` undoes it; `notice` is anything else the user must read about it (an
 * interrupted earlier edit repaired first, a write the system could not confirm as durable); a
 * refusal says why it was not applied and what is on disk.
 */
export type CommandResult =
  | { ok: true; changed: boolean; summary: string; inverse: FleetCommand; rebased: boolean; hash: string; notice?: string }
  | { ok: false; refusal: Refusal };

/** Names the fleet a writing request was made against: its folder and the opening it came from. */
export const fleetIdentitySchema = z.object({
  root: z.string().min(1).max(4096),
  session: z.string().min(1).max(128),
});

/** What the renderer may know about the host it runs in. */
const hostInfoSchema = z.object({
  host: z.enum(['electron', 'browser']),
  /** The host can show a folder dialog and switch fleets (desktop only). */
  canOpenFolder: z.boolean(),
  recentFleets: z.array(z.string()),
  isDemo: z.boolean(),
  /** Desktop: this computer's Claude Code folder when it has agent teams (offered in the fleet menu). */
  claudeTeams: z.string().nullable().optional(),
});
export type HostInfo = z.infer<typeof hostInfoSchema>;

export const openTeamSchema = z.object({ team: z.string().min(1).max(256) });
export type OpenTeamRequest = z.infer<typeof openTeamSchema>;

/**
 * A reply the renderer takes as typed without re-checking it: the host is the trusted side of this
 * boundary, and re-validating a thousand-seat snapshot on every call would cost more than it
 * protects. Small replies get real schemas and are checked by the client.
 */
const trusted = <T>() => z.custom<T>(() => true);

/** No reply: hosts send null. */
const nothing = z.null().optional();

interface MethodSpec {
  /** The single argument's schema, or null for a method without one. */
  request: z.ZodType | null;
  reply: z.ZodType;
  /** Writes into the open fleet: takes the FleetIdentity first, refused when it is not current. */
  writesFleet: boolean;
}

/** A method that only reads, or acts on the host rather than on a fleet's files. */
function read<Req extends z.ZodType | null, Rep extends z.ZodType>(request: Req, reply: Rep) {
  return { request, reply, writesFleet: false as const };
}

/** A method that writes into the open fleet's folder. */
function write<Req extends z.ZodType, Rep extends z.ZodType>(request: Req, reply: Rep) {
  return { request, reply, writesFleet: true as const };
}

/** The FleetApi's requests, one line each. `onFleetEvent` (the subscription) is the transport's. */
export const FLEET_API = {
  /** The open fleet's derived view (revisioned; patches follow as events). */
  getSnapshot: read(null, trusted<FleetSnapshot>()),
  getLayout: read(null, layoutSchema),
  /** Saves node positions to `.seatmap/layout.json` of the fleet named. */
  saveLayout: write(layoutSchema, nothing),
  /** Collapsed groups and shown layers, `.seatmap/view.json` (shared/viewState.ts). */
  getView: read(null, viewStateSchema),
  saveView: write(viewStateSchema, nothing),
  getHostInfo: read(null, hostInfoSchema),
  /** Desktop: show the folder dialog, open a recent fleet by path, or open the demo. */
  openFleet: read(openFleetSchema, z.object({ opened: z.boolean() })),
  /** A window of a seat's inbox (or outbox), filtered and newest first (the seat panel). */
  queryInbox: read(inboxQuerySchema, trusted<InboxWindow>()),
  /** One message in full (body, raw line, thread), or null when it is gone. */
  getMessage: read(messageRequestSchema, trusted<MessageDetail | null>()),
  /** The message on a given line of an inbox file (a warning's example), or null. */
  messageAtLine: read(messageAtLineSchema, trusted<MessageRow | null>()),
  /**
   * Applies one edit to the named fleet's fleet.yaml. `baseHash` is the snapshot's `fleetHash` the
   * edit was made against; when the file changed since, the edit is re-planned on the new text
   * (`rebased`) or refused as a conflict. Nothing is written over a change the user has not seen.
   */
  runCommand: write(commandRequestSchema, trusted<CommandResult>()),
  /**
   * Sources holding several fleets (a Claude Code root's teams, live or from Seatmap's history):
   * show this one. The snapshot lists the teams (`source.teams`); others answer `opened: false`.
   */
  openTeam: read(openTeamSchema, z.object({ opened: z.boolean() })),
  /** The impact, suggestions and preview of retiring or merging a seat (nothing written). */
  planRetire: read(retireRequestSchema, trusted<RetirePlanResult>()),
  /** Plans again on the current files and applies as one journaled transaction (docs/fleet-format.md). */
  applyRetire: write(retireRequestSchema, trusted<RetireApplyResult>()),
  /** Undoes a retire or merge when nothing it touched changed since; otherwise says why, changing nothing. */
  undoRetire: write(retireUndoSchema, trusted<RetireApplyResult>()),
  /** The newest retire or merge that undo can take back. */
  lastRetire: read(null, trusted<{ txId: string; seat: string; kind: 'retire' | 'merge' } | null>()),
} satisfies Record<string, MethodSpec>;

export type FleetMethod = keyof typeof FLEET_API;
export const FLEET_METHODS = Object.keys(FLEET_API) as FleetMethod[];

type Spec<M extends FleetMethod> = (typeof FLEET_API)[M];
/** What the caller passes. */
export type RequestOf<M extends FleetMethod> = Spec<M>['request'] extends z.ZodType ? z.input<Spec<M>['request']> : never;
/** What the handler receives, after validation (defaults filled in). */
export type ParsedRequestOf<M extends FleetMethod> = Spec<M>['request'] extends z.ZodType ? z.output<Spec<M>['request']> : never;
export type ReplyOf<M extends FleetMethod> = z.output<Spec<M>['reply']>;

/** A method's argument list: none, the request, or the fleet identity and the request. */
export type ArgsOf<M extends FleetMethod, Request = RequestOf<M>> = Spec<M>['writesFleet'] extends true
  ? [fleet: FleetIdentity, request: Request]
  : Spec<M>['request'] extends null
    ? []
    : [request: Request];

export type FleetApi = { [M in FleetMethod]: (...args: ArgsOf<M>) => Promise<ReplyOf<M>> } & {
  onFleetEvent(listener: (event: FleetEvent) => void): Unsubscribe;
};

/** The wire argument list of each method, built once from the table. */
const ARGS_SCHEMAS = new Map<string, z.ZodType>(
  FLEET_METHODS.map((method) => {
    const spec: MethodSpec = FLEET_API[method];
    const items: z.ZodType[] = [];
    if (spec.writesFleet) items.push(fleetIdentitySchema);
    if (spec.request) items.push(spec.request);
    return [method, z.tuple(items as [z.ZodType, ...z.ZodType[]])];
  }),
);

/** Whether a method writes into the open fleet (and so carries a FleetIdentity). */
export function writesFleet(method: FleetMethod): boolean {
  return FLEET_API[method].writesFleet;
}

/**
 * The typed errors every host answers with. `fleet-changed`: a writing request named a fleet that
 * is no longer open; nothing was written. `disconnected` is the client's own (the link dropped).
 */
export type ApiErrorCode = 'bad-request' | 'not-supported' | 'fleet-changed' | 'internal';
export type HostErrorCode = ApiErrorCode | 'disconnected';

export interface ApiErrorBody {
  code: ApiErrorCode;
  /** Plain words, shown to the user as they are (no final full stop: toasts and banners add one). */
  message: string;
}

export const apiErrorBodySchema = z.object({
  code: z.enum(['bad-request', 'not-supported', 'fleet-changed', 'internal']),
  message: z.string().max(10_000),
});

/** A host's answer to one call: the reply, or the typed refusal. Never thrown across a boundary. */
export type CallResult = { ok: true; value: unknown } | { ok: false; error: ApiErrorBody };

export const callResultSchema = z.union([
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: apiErrorBodySchema }),
]);

/** An error whose message is meant for the user, with the code a host reports it under. */
export class ApiError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Validates a call's method and arguments; returns a readable refusal instead of throwing. */
export function validateCall(method: unknown, args: unknown): { ok: true; method: FleetMethod; args: unknown[] } | { ok: false; error: ApiErrorBody } {
  const schema = typeof method === 'string' && Object.hasOwn(FLEET_API, method) ? ARGS_SCHEMAS.get(method) : undefined;
  if (!schema) {
    return { ok: false, error: { code: 'bad-request', message: `Unknown method ${JSON.stringify(method)?.slice(0, 80)}` } };
  }
  const parsed = schema.safeParse(args ?? []);
  if (!parsed.success) {
    const detail = parsed.error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; ');
    return { ok: false, error: { code: 'bad-request', message: `Bad arguments for ${method}: ${detail}` } };
  }
  return { ok: true, method: method as FleetMethod, args: parsed.data as unknown[] };
}

/**
 * What the Electron preload exposes as `window.seatmap`: one call for every method and the event
 * subscription. The preload knows no method names, so it never drifts from `FLEET_API`; main
 * validates every call against the table.
 */
export interface HostBridge {
  call(method: string, args: unknown[]): Promise<CallResult>;
  onFleetEvent(listener: (event: FleetEvent) => void): Unsubscribe;
}
