/**
 * The browser host's WebSocket protocol (`seatmap serve`). One socket per window at
 * `/api/socket`; the token comes as the `seatmap_token_<port>` cookie (named per instance, set when
 * index.html is loaded with `?token=`) or as `?token=` on the socket URL. Requests carry an id; the host answers each once.
 * Events are pushed unasked.
 */
import { z } from 'zod';
import type { ApiErrorBody, FleetEvent } from './api';

export const SOCKET_PATH = '/api/socket';
export const TOKEN_COOKIE = 'seatmap_token';

/** Renderer → host. */
export const wireRequestSchema = z.object({
  id: z.number().int().nonnegative(),
  method: z.string().max(64),
  args: z.array(z.unknown()).max(8),
});
export type WireRequest = z.infer<typeof wireRequestSchema>;

/** Host → renderer. */
export type WireMessage =
  | { type: 'result'; id: number; result: unknown }
  | { type: 'error'; id: number; error: ApiErrorBody }
  | { type: 'event'; event: FleetEvent };
