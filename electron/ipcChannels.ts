/**
 * The IPC channel names, with no runtime imports. The sandboxed preload can't `require` anything
 * but `electron`, and shared/api.ts builds zod schemas at load time, so importing its
 * `ipcChannel` into the preload bundles a `require("zod")` that fails there. The types tie this
 * table to FleetMethod (every method, no extras, same `seatmap:<method>` shape), and
 * registerFleetIpc checks at startup that it matches shared/api.ts's `ipcChannel`.
 */
import type { FleetMethod, IPC_EVENT_CHANNEL } from '../shared/api';

export const FLEET_IPC_CHANNELS: { readonly [M in FleetMethod]: `seatmap:${M}` } = {
  getSnapshot: 'seatmap:getSnapshot',
  getLayout: 'seatmap:getLayout',
  saveLayout: 'seatmap:saveLayout',
  getView: 'seatmap:getView',
  saveView: 'seatmap:saveView',
  getHostInfo: 'seatmap:getHostInfo',
  openFleet: 'seatmap:openFleet',
  queryInbox: 'seatmap:queryInbox',
  getMessage: 'seatmap:getMessage',
  messageAtLine: 'seatmap:messageAtLine',
  runCommand: 'seatmap:runCommand',
};

export const FLEET_EVENT_CHANNEL: typeof IPC_EVENT_CHANNEL = 'seatmap:event';
