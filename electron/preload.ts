/**
 * The preload (sandboxed, CommonJS; only `electron`'s contextBridge and ipcRenderer exist here).
 * It exposes `window.seatmap`, a HostBridge (shared/api.ts): `call(method, args)` on the one call
 * channel, answered with a CallResult that the renderer decodes into its reply or a typed
 * HostError (renderer/src/api/fleetApiClient.ts), and `onFleetEvent`, which hands listeners the
 * fleet event alone. ipcRenderer itself, and the IPC event object (whose `sender` is
 * ipcRenderer), never reach the page.
 *
 * The bridge knows no method names: the FleetApi is derived from shared/api.ts in the renderer
 * and checked in main, so adding a method never touches this file. Only types come from shared/.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { CallResult, FleetEvent, HostBridge } from '../shared/api';
import { FLEET_CALL_CHANNEL, FLEET_EVENT_CHANNEL } from './ipcChannels';

const bridge: HostBridge = {
  call(method, args) {
    // Structured clone copies both; nothing but data crosses.
    return ipcRenderer.invoke(FLEET_CALL_CHANNEL, String(method), Array.isArray(args) ? args : []) as Promise<CallResult>;
  },
  onFleetEvent(listener) {
    if (typeof listener !== 'function') throw new TypeError('onFleetEvent needs a function');
    const forward = (_event: IpcRendererEvent, fleetEvent: FleetEvent) => listener(fleetEvent);
    ipcRenderer.on(FLEET_EVENT_CHANNEL, forward);
    return () => {
      ipcRenderer.removeListener(FLEET_EVENT_CHANNEL, forward);
    };
  },
};

contextBridge.exposeInMainWorld('seatmap', bridge);
