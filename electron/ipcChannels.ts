/**
 * The two IPC channels between the preload and main, with no runtime imports: the sandboxed
 * preload can only `require('electron')`, and bundling shared/api.ts (which builds zod schemas)
 * into it would pull in zod. Every FleetApi method travels over the one call channel as
 * `(method, args)`; main checks both against the table in shared/api.ts.
 */
export const FLEET_CALL_CHANNEL = 'seatmap:call';
export const FLEET_EVENT_CHANNEL = 'seatmap:event';
