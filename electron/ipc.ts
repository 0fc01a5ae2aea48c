/**
 * The FleetApi over Electron IPC: one `ipcMain.handle` per method in FLEET_CHANNELS. Each call is
 * answered only for the main frame of our window showing an app:// page (never a subframe,
 * another window, or a page that got somewhere else), and only after its arguments pass the same
 * zod validation the browser host uses. Answers are IpcResult envelopes (ipcResult.ts).
 */
import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import { FLEET_METHODS, IPC_EVENT_CHANNEL, ipcChannel, validateCall, type ApiErrorBody } from '../shared/api';
import { callFleetMethod, type FleetRequestHandlers } from '../service/fleetApiHandlers';
import { FleetOpenError } from '../service/fleetService';
import { isAppUrl } from './appOrigin';
import { FLEET_EVENT_CHANNEL, FLEET_IPC_CHANNELS } from './ipcChannels';
import type { IpcResult } from './ipcResult';

export type { FleetRequestHandlers };

/** An error whose message is meant for the user, with the code to report it under. */
export class ApiError extends Error {
  constructor(
    readonly code: ApiErrorBody['code'],
    message: string,
  ) {
    super(message);
  }
}

export function isTrustedSender(event: IpcMainInvokeEvent, window: BrowserWindow | null): boolean {
  if (!window || window.isDestroyed() || event.sender !== window.webContents) return false;
  const frame = event.senderFrame;
  const main = window.webContents.mainFrame;
  if (!frame || frame.parent !== null) return false;
  if (frame.processId !== main.processId || frame.routingId !== main.routingId) return false;
  return isAppUrl(frame.url);
}

function toApiError(error: unknown): ApiErrorBody {
  if (error instanceof ApiError) return { code: error.code, message: error.message };
  if (error instanceof FleetOpenError) return { code: 'bad-request', message: error.message };
  return { code: 'internal', message: error instanceof Error ? error.message : String(error) };
}

/** The preload's channel table (ipcChannels.ts) must name what shared/api.ts names: fail at launch, not on a click. */
function assertChannelsMatchContract(): void {
  const drift = FLEET_METHODS.filter((method) => FLEET_IPC_CHANNELS[method] !== ipcChannel(method));
  if (drift.length || FLEET_EVENT_CHANNEL !== IPC_EVENT_CHANNEL || Object.keys(FLEET_IPC_CHANNELS).length !== FLEET_METHODS.length) {
    throw new Error(`electron/ipcChannels.ts is out of step with shared/api.ts (${drift.join(', ') || 'event channel or method count'})`);
  }
}

/** Registers every channel; returns a function that removes them again. */
export function registerFleetIpc(getWindow: () => BrowserWindow | null, handlers: FleetRequestHandlers): () => void {
  assertChannelsMatchContract();
  for (const method of FLEET_METHODS) {
    ipcMain.handle(ipcChannel(method), async (event, ...args: unknown[]): Promise<IpcResult> => {
      if (!isTrustedSender(event, getWindow())) {
        console.warn(`seatmap: refused ${method} from ${event.senderFrame?.url ?? 'a closed frame'}`);
        return { ok: false, error: { code: 'bad-request', message: 'Refused: the call did not come from the Seatmap window' } };
      }
      const call = validateCall(method, args);
      if (!call.ok) return { ok: false, error: call.error };
      try {
        return { ok: true, value: await callFleetMethod(handlers, call.method, call.args) };
      } catch (error) {
        return { ok: false, error: toApiError(error) };
      }
    });
  }
  return () => {
    for (const method of FLEET_METHODS) ipcMain.removeHandler(ipcChannel(method));
  };
}
