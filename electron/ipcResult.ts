/**
 * What an IPC handler in main answers: a value, or the typed refusal every host uses. Main never
 * throws across IPC (Electron would wrap the message in "Error invoking remote method …"); the
 * preload unwraps this and rejects with an Error whose message is the ApiErrorBody as JSON, the
 * one part of an Error that survives contextBridge (custom properties are dropped).
 */
import type { ApiErrorBody } from '../shared/api';

export type IpcResult = { ok: true; value: unknown } | { ok: false; error: ApiErrorBody };
