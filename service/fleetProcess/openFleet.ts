/**
 * Opening a fleet for a host, in this process or in a child process, behind the same FleetHandle.
 * The desktop app passes `openInChildProcess(<its utility process>)` to its FleetSession; the
 * session's tests use `openInProcess`; `seatmap serve` opens its one fleet with `openFleetInChild`.
 */
import { createDemoFleet, DemoSimulator } from '../demo';
import { FleetService } from '../fleetService';
import { openFleetSource } from '../sources';
import { inProcessFleet, type FleetHandle } from './fleetHandle';
import { openFleetProcess } from './fleetProcess';
import type { ChildEnd, ChildOpenRequest } from './protocol';

/** What to open: a folder the user chose, or a fresh live demo fleet (as electron/fleetSession.ts names it). */
export type FleetToOpen = { kind: 'folder'; path: string } | { kind: 'demo' };

export type FleetOpener = (source: FleetToOpen) => Promise<FleetHandle>;

/** The service (and the demo's simulator) in this process; `now` is the injected clock. */
export function openInProcess(now?: () => number): FleetOpener {
  return async (source) => {
    if (source.kind === 'demo') {
      const root = await createDemoFleet(undefined, now?.());
      const service = await FleetService.open({ root, isDemo: true, ...(now ? { now } : {}) });
      const simulator = new DemoSimulator({ root, ...(now ? { now } : {}) });
      simulator.start();
      return inProcessFleet(service, simulator);
    }
    // Any source: a fleet folder, a Claude Code folder or one of its team folders.
    return inProcessFleet(await openFleetSource({ root: source.path, ...(now ? { now } : {}) }));
  };
}

/**
 * The service in a child process started by `start`. The demo's folder is written here (small),
 * and its simulator runs in the child beside the service.
 */
export function openInChildProcess(start: () => ChildEnd, onCrash?: (message: string, final: boolean) => void): FleetOpener {
  return async (source) => {
    const root = source.kind === 'demo' ? await createDemoFleet() : source.path;
    const isDemo = source.kind === 'demo';
    return openFleetInChild(start, { root, isDemo, simulate: isDemo }, onCrash);
  };
}

/** Opens `request` in a child started by `start`; throws FleetOpenError (plain words) when it cannot. */
export function openFleetInChild(start: () => ChildEnd, request: ChildOpenRequest, onCrash?: (message: string, final: boolean) => void) {
  return openFleetProcess({ start, request, ...(onCrash ? { onCrash } : {}) });
}
