/**
 * The FleetApi over Electron IPC: one `ipcMain.handle` on the call channel for every method in
 * shared/api.ts. A call is answered only for the main frame of our window showing an app:// page
 * (never a subframe, another window, or a page that got somewhere else), and only after
 * dispatchFleetCall has validated it with the same zod schemas the browser host uses. Answers
 * are CallResults: main never throws across IPC (Electron would wrap the message in "Error
 * invoking remote method …").
 *
 * Electron objects come in as parameters (only types are imported), so this is unit-tested in
 * plain Node (test/unit/electron-ipc.test.ts).
 */
import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import type { CallResult } from '../shared/api';
import { dispatchFleetCall, type FleetRequestHandlers } from '../service/fleetApiHandlers';
import { isAppUrl } from './appOrigin';
import { FLEET_CALL_CHANNEL } from './ipcChannels';

export type { FleetRequestHandlers };

/** The few facts about a frame the sender check reads (Electron's WebFrameMain has them all). */
export interface FrameFacts {
  readonly parent: unknown;
  readonly processId: number;
  readonly routingId: number;
  readonly url: string;
}

/** The few facts about the app window the sender check reads (a BrowserWindow has them all). */
export interface TrustedWindow {
  isDestroyed(): boolean;
  readonly webContents: { readonly mainFrame: FrameFacts };
}

export interface SenderFacts {
  readonly sender: unknown;
  readonly senderFrame: FrameFacts | null;
}

/** True only for our window's own main frame showing an app:// page. */
export function isTrustedSender(event: SenderFacts, window: TrustedWindow | null): boolean {
  if (!window || window.isDestroyed() || event.sender !== window.webContents) return false;
  const frame = event.senderFrame;
  const main = window.webContents.mainFrame;
  if (!frame || frame.parent !== null) return false;
  if (frame.processId !== main.processId || frame.routingId !== main.routingId) return false;
  return isAppUrl(frame.url);
}

export const UNTRUSTED_SENDER_ERROR = 'Refused: the request did not come from the Seatmap window';

/** Registers the call channel; returns a function that removes it again. */
export function registerFleetIpc(
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>,
  getWindow: () => TrustedWindow | null,
  handlers: FleetRequestHandlers,
  warn: (message: string) => void = (message) => console.warn(message),
): () => void {
  ipcMain.handle(FLEET_CALL_CHANNEL, async (event: IpcMainInvokeEvent, method: unknown, args: unknown): Promise<CallResult> => {
    if (!isTrustedSender(event, getWindow())) {
      warn(`seatmap: refused ${String(method).slice(0, 64)} from ${event.senderFrame?.url ?? 'a closed frame'}`);
      return { ok: false, error: { code: 'bad-request', message: UNTRUSTED_SENDER_ERROR } };
    }
    return dispatchFleetCall(handlers, method, args);
  });
  return () => ipcMain.removeHandler(FLEET_CALL_CHANNEL);
}
