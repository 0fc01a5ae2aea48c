/**
 * The host's end of a fleet process that is a Node child (`child_process.fork`): `seatmap serve`
 * and the tests. The child runs its TypeScript through tsx, as bin/seatmap.mjs does for the CLI.
 * (The desktop app cannot fork Node: its Electron binary does not run as Node; it uses a utility
 * process, electron/fleetUtilityProcess.ts.)
 */
import { fork } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { ChildEnd } from './protocol';

const NODE_CHILD_ENTRY = fileURLToPath(new URL('./nodeFleetChild.ts', import.meta.url));
/** tsx's loader by absolute URL, so the child finds it whatever its working folder. */
const TSX_LOADER = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

export function forkNodeFleetChild(): ChildEnd {
  const child = fork(NODE_CHILD_ENTRY, [], {
    execArgv: ['--import', TSX_LOADER],
    // Structured clone, as Electron's utility process uses: a snapshot crosses faster than as JSON.
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return {
    pid: child.pid,
    send: (message) => {
      // A child that has gone cannot take it; its exit is reported through onExit.
      if (child.connected) child.send(message, (error: Error | null) => void error);
    },
    onMessage: (listener) => child.on('message', listener),
    onExit: (listener) => {
      let told = false;
      const tell = (how: string) => {
        if (told) return;
        told = true;
        listener(how);
      };
      child.once('exit', (code, signal) => tell(signal ? `stopped by ${signal}` : `exited with code ${code ?? 'unknown'}`));
      child.once('error', (error) => {
        // Failing to start (or to be signalled) ends up here; a started child still reports 'exit'.
        if (child.pid === undefined) tell(`could not start: ${error.message}`);
      });
    },
    kill: () => {
      child.kill('SIGKILL');
    },
  };
}
