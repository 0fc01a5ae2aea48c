/**
 * The entry of the desktop app's fleet process (a utility process, electron/fleetUtilityProcess.ts):
 * the port to main as the ParentEnd of service/fleetProcess/fleetChild.ts. Built to
 * out/main/fleetChild.js.
 */
import { runFleetChild } from '../service/fleetProcess/fleetChild';

const port = process.parentPort;
runFleetChild({
  send: (message) => port.postMessage(message),
  onMessage: (listener) => port.on('message', (event) => listener(event.data)),
  exit: () => process.exit(0),
});
