/**
 * The desktop app's fleet process: Electron's utility process, as the ChildEnd the shared RPC
 * (service/fleetProcess/fleetProcess.ts) talks to. The packaged app cannot `child_process.fork`
 * its own binary as Node (its RunAsNode fuse is off), so the fleet service runs here instead; the
 * entry is built beside main.js (electron.vite.config.ts) from electron/fleetUtilityChild.ts.
 */
import { utilityProcess } from 'electron';
import type { ChildEnd } from '../service/fleetProcess/protocol';
import { FLEET_CHILD_PATH } from './appPaths';

/** Starts one fleet process (only after the app's `ready` event, as Electron requires). */
export function forkFleetUtilityProcess(): ChildEnd {
  const child = utilityProcess.fork(FLEET_CHILD_PATH, [], { serviceName: 'Seatmap fleet service', stdio: 'inherit' });
  return {
    get pid() {
      return child.pid;
    },
    send: (message) => child.postMessage(message),
    onMessage: (listener) => child.on('message', listener),
    onExit: (listener) => child.once('exit', (code) => listener(`exited with code ${code}`)),
    kill: () => void child.kill(),
  };
}
