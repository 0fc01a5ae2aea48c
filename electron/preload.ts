/**
 * The preload (sandboxed, CommonJS; only `electron`'s contextBridge and ipcRenderer exist here).
 * It exposes exactly the FleetApi as `window.seatmap`: each method is one `ipcRenderer.invoke`
 * on its named channel, and `onFleetEvent` hands listeners the event alone. ipcRenderer itself,
 * and the IPC event object (whose `sender` is ipcRenderer), never reach the page.
 *
 * Only types come from shared/api.ts: a sandboxed preload can't require node_modules, and that
 * module builds zod schemas when loaded (see ipcChannels.ts).
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { FleetApi, FleetEvent, FleetMethod } from '../shared/api';
import { FLEET_EVENT_CHANNEL, FLEET_IPC_CHANNELS } from './ipcChannels';
import type { IpcResult } from './ipcResult';

async function call(method: FleetMethod, ...args: unknown[]): Promise<unknown> {
  const result = (await ipcRenderer.invoke(FLEET_IPC_CHANNELS[method], ...args)) as IpcResult;
  if (result.ok) return result.value;
  // The message is the ApiErrorBody as JSON: it is the only part of an Error that crosses
  // contextBridge intact.
  throw new Error(JSON.stringify(result.error));
}

const api: FleetApi = {
  getSnapshot: () => call('getSnapshot') as ReturnType<FleetApi['getSnapshot']>,
  getLayout: () => call('getLayout') as ReturnType<FleetApi['getLayout']>,
  saveLayout: (positions) => call('saveLayout', positions).then(() => undefined),
  getView: () => call('getView') as ReturnType<FleetApi['getView']>,
  saveView: (view) => call('saveView', view).then(() => undefined),
  getHostInfo: () => call('getHostInfo') as ReturnType<FleetApi['getHostInfo']>,
  openFleet: (request) => call('openFleet', request) as ReturnType<FleetApi['openFleet']>,
  queryInbox: (query) => call('queryInbox', query) as ReturnType<FleetApi['queryInbox']>,
  getMessage: (request) => call('getMessage', request) as ReturnType<FleetApi['getMessage']>,
  messageAtLine: (request) => call('messageAtLine', request) as ReturnType<FleetApi['messageAtLine']>,
  runCommand: (request) => call('runCommand', request) as ReturnType<FleetApi['runCommand']>,
  onFleetEvent(listener) {
    if (typeof listener !== 'function') throw new TypeError('onFleetEvent needs a function');
    const forward = (_event: IpcRendererEvent, fleetEvent: FleetEvent) => listener(fleetEvent);
    ipcRenderer.on(FLEET_EVENT_CHANNEL, forward);
    return () => {
      ipcRenderer.removeListener(FLEET_EVENT_CHANNEL, forward);
    };
  },
};

contextBridge.exposeInMainWorld('seatmap', api);
