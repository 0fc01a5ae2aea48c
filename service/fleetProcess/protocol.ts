/**
 * The messages between a host and the fleet service running in its own process
 * (docs/architecture.md, "The fleet service's own process"). The channel is a Node IPC channel
 * (`child_process.fork`) or an Electron utility process's port; both carry structured clones, so
 * snapshots and patches cross as they are. Each side checks the envelope of what it receives with
 * zod; calls are validated again against the API table by `dispatchFleetCall` in the child, and
 * snapshots and patches are trusted as the host trusts its own service (shared/api.ts, `trusted`).
 */
import { z } from 'zod';
import { callResultSchema, type CallResult, type FleetEvent } from '../../shared/api';
import type { FleetSnapshot } from '../../shared/snapshot';

/** What the child opens: a fleet folder, and for the live demo, whether to run its simulator there. */
export const openRequestSchema = z.object({
  root: z.string().min(1).max(4096),
  isDemo: z.boolean(),
  /** Run the demo simulator (service/demo/) in the child, appending to the fleet it opened. */
  simulate: z.boolean(),
  /** For a Claude Code folder: Seatmap's history folder and the warning thresholds (docs/sources.md). */
  dataDir: z.string().min(1).max(4096).optional(),
  teamThresholds: z
    .object({
      staleAfterMs: z.number().positive(),
      backlogAfterMs: z.number().positive(),
      quietAfterMs: z.number().positive(),
      overlapWindowMs: z.number().positive(),
      requestAfterMs: z.number().positive(),
      includeIdleTraffic: z.boolean(),
    })
    .partial()
    .optional(),
});
export type ChildOpenRequest = z.infer<typeof openRequestSchema>;

export const parentMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('open'), request: openRequestSchema }),
  z.object({ type: z.literal('call'), id: z.number().int().nonnegative(), method: z.string().max(64), args: z.array(z.unknown()) }),
  z.object({ type: z.literal('close') }),
]);
export type ParentMessage = z.infer<typeof parentMessageSchema>;

const snapshotValue = z.custom<FleetSnapshot>((value) => typeof value === 'object' && value !== null && typeof (value as FleetSnapshot).fleetKey === 'string');
const eventValue = z.custom<FleetEvent>((value) => typeof value === 'object' && value !== null && ((value as FleetEvent).kind === 'patch' || (value as FleetEvent).kind === 'reset'));

export const childMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('opened'), root: z.string(), isDemo: z.boolean(), snapshot: snapshotValue }),
  /** `openError`: the folder cannot be opened (FleetOpenError); the message is for people as it is. */
  z.object({ type: z.literal('open-failed'), openError: z.boolean(), message: z.string().max(10_000) }),
  z.object({ type: z.literal('event'), event: eventValue }),
  z.object({ type: z.literal('result'), id: z.number().int().nonnegative(), result: callResultSchema }),
  z.object({ type: z.literal('closed') }),
]);
export type ChildMessage =
  | { type: 'opened'; root: string; isDemo: boolean; snapshot: FleetSnapshot }
  | { type: 'open-failed'; openError: boolean; message: string }
  | { type: 'event'; event: FleetEvent }
  | { type: 'result'; id: number; result: CallResult }
  | { type: 'closed' };

/** The host's end of the channel to a child process (one implementation per kind of process). */
export interface ChildEnd {
  /** The child's process id (tests check that it is gone after close). */
  readonly pid: number | undefined;
  send(message: ParentMessage): void;
  onMessage(listener: (message: unknown) => void): void;
  /** Called once when the child has gone, with how it ended in plain words ("exited with code 1"). */
  onExit(listener: (how: string) => void): void;
  kill(): void;
}

/** The child's end of the channel to its host. */
export interface ParentEnd {
  send(message: ChildMessage): void;
  onMessage(listener: (message: unknown) => void): void;
  /** Ends the child once everything sent has gone out. */
  exit(): void;
}
