/**
 * The one API between the renderer and whichever host runs it (Electron IPC or `seatmap serve`).
 * Methods are requests; `on…` members subscribe and return an unsubscribe (ARCHITECTURE.md).
 * `FLEET_CHANNELS` names every call and validates its payload at the boundary with zod.
 */
import { z } from 'zod';
import {
  inboxQuerySchema,
  messageAtLineSchema,
  messageRequestSchema,
  type InboxQuery,
  type InboxWindow,
  type MessageAtLine,
  type MessageDetail,
  type MessageRequest,
  type MessageRow,
} from './inboxQuery';
import { fleetCommandSchema, type FleetCommand, type Refusal } from './commands/types';
import type { FleetPatch } from './patch';
import type { FleetSnapshot } from './snapshot';
import { SEAT_ID_PATTERN } from './ids';
import { viewStateSchema, type ViewState } from './viewState';

/** Saved node positions, `.seatmap/layout.json` (never in fleet.yaml). */
export interface LayoutPositions {
  [seatId: string]: { x: number; y: number };
}

/** What the renderer may know about the host it runs in. */
export interface HostInfo {
  host: 'electron' | 'browser';
  /** The host can show a folder dialog and switch fleets (desktop only). */
  canOpenFolder: boolean;
  recentFleets: string[];
  isDemo: boolean;
}

/** Pushed to subscribers: a numbered patch, or "re-fetch the snapshot" (another fleet, a gap). */
export type FleetEvent = { kind: 'patch'; patch: FleetPatch } | { kind: 'reset'; reason: string };

export type Unsubscribe = () => void;

export interface FleetApi {
  getSnapshot(): Promise<FleetSnapshot>;
  getLayout(): Promise<LayoutPositions>;
  saveLayout(positions: LayoutPositions): Promise<void>;
  /** Collapsed groups and shown layers, `.seatmap/view.json` (shared/viewState.ts). */
  getView(): Promise<ViewState>;
  saveView(view: ViewState): Promise<void>;
  getHostInfo(): Promise<HostInfo>;
  /** Desktop: show the folder dialog (no path) or open the given recent fleet; `demo` opens the demo. */
  openFleet(request: OpenFleetRequest): Promise<{ opened: boolean }>;
  /** A window of a seat's inbox (or outbox), filtered and newest first (the seat panel). */
  queryInbox(query: InboxQuery): Promise<InboxWindow>;
  /** One message in full (body, raw line, thread), or null when it is gone. */
  getMessage(request: MessageRequest): Promise<MessageDetail | null>;
  /** The message on a given line of an inbox file (a warning's example), or null. */
  messageAtLine(request: MessageAtLine): Promise<MessageRow | null>;
  /**
   * Applies one edit to fleet.yaml. `baseHash` is the snapshot's `fleetHash` the edit was made
   * against; when the file changed since, the edit is re-planned on the new text (`rebased`) or
   * refused as a conflict. Nothing is ever written over a change the user has not seen.
   */
  runCommand(request: CommandRequest): Promise<CommandResult>;
  onFleetEvent(listener: (event: FleetEvent) => void): Unsubscribe;
}

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

/** What an edit did: `inverse` undoes it; a refusal says why nothing was written. */
export type CommandResult =
  | { ok: true; changed: boolean; summary: string; inverse: FleetCommand; rebased: boolean; hash: string }
  | { ok: false; refusal: Refusal };

const noArgs = z.tuple([]);

/** Every request method, with the zod schema of its argument list. */
export const FLEET_CHANNELS = {
  getSnapshot: noArgs,
  getLayout: noArgs,
  saveLayout: z.tuple([layoutSchema]),
  getView: noArgs,
  saveView: z.tuple([viewStateSchema]),
  getHostInfo: noArgs,
  openFleet: z.tuple([openFleetSchema]),
  queryInbox: z.tuple([inboxQuerySchema]),
  getMessage: z.tuple([messageRequestSchema]),
  messageAtLine: z.tuple([messageAtLineSchema]),
  runCommand: z.tuple([commandRequestSchema]),
} as const;

export type FleetMethod = keyof typeof FLEET_CHANNELS;
export const FLEET_METHODS = Object.keys(FLEET_CHANNELS) as FleetMethod[];

/** The Electron IPC channel names, one per method, plus the event channel. */
export const ipcChannel = (method: FleetMethod): string => `seatmap:${method}`;
export const IPC_EVENT_CHANNEL = 'seatmap:event';

/** A typed error every host returns for a refused call. */
export interface ApiErrorBody {
  code: 'bad-request' | 'not-supported' | 'internal';
  message: string;
}

/** Validates a call's method and arguments; returns a readable refusal instead of throwing. */
export function validateCall(method: unknown, args: unknown): { ok: true; method: FleetMethod; args: unknown[] } | { ok: false; error: ApiErrorBody } {
  if (typeof method !== 'string' || !Object.hasOwn(FLEET_CHANNELS, method)) {
    return { ok: false, error: { code: 'bad-request', message: `Unknown method ${JSON.stringify(method)}` } };
  }
  const schema = FLEET_CHANNELS[method as FleetMethod];
  const parsed = schema.safeParse(args ?? []);
  if (!parsed.success) {
    return { ok: false, error: { code: 'bad-request', message: `Bad arguments for ${method}: ${parsed.error.issues.map((i) => i.message).join('; ')}` } };
  }
  return { ok: true, method: method as FleetMethod, args: parsed.data as unknown[] };
}
