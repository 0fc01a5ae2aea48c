/**
 * The fleet process as a Node child (`child_process.fork`, used by `seatmap serve` and the tests):
 * the Node IPC channel as the ParentEnd. When the host goes away without closing it (killed), the
 * channel disconnects and this process ends too, so no fleet service is left running on its own.
 */
import { runFleetChild } from './fleetChild';

if (!process.send) throw new Error('Run by service/fleetProcess/nodeFleetProcess.ts, with an IPC channel');
const send = process.send.bind(process);

runFleetChild({
  send: (message) => {
    // The host may be gone; there is nobody left to tell.
    if (process.connected) send(message, (error: Error | null) => void error);
  },
  onMessage: (listener) => process.on('message', listener),
  exit: () => process.exit(0),
});
process.on('disconnect', () => process.exit(0));
// Ctrl-C in a terminal signals the whole process group; the host closes this process itself.
process.on('SIGINT', () => undefined);
