/**
 * The child's side of the fleet process: it opens the fleet it is asked to (and, for the live
 * demo, runs the simulator that keeps it moving), forwards every event to the host, and answers
 * each call through `dispatchFleetCall`, which validates it against the API table again and
 * answers with the same typed CallResult a host would. Started by nodeFleetChild.ts (Node
 * `child_process.fork`) or electron/fleetUtilityChild.ts (Electron's utility process).
 */
import { ApiError } from '../../shared/api';
import { DemoSimulator } from '../demo';
import { dispatchFleetCall, serviceHandlers, singleFleetAccess, type FleetRequestHandlers } from '../fleetApiHandlers';
import { FleetOpenError, FleetService } from '../fleetService';
import { openFleetSource, type FleetSourceService } from '../sources';
import { parentMessageSchema, type ChildOpenRequest, type ParentEnd } from './protocol';

const notHere = () => {
  throw new ApiError('not-supported', 'The host answers this request, not the fleet service');
};

export function runFleetChild(parent: ParentEnd): void {
  let service: FleetSourceService | null = null;
  let simulator: DemoSimulator | null = null;
  let handlers: FleetRequestHandlers | null = null;
  let closing = false;

  const open = async (request: ChildOpenRequest): Promise<void> => {
    try {
      // The demo is a fleet directory; any other folder goes through source detection (a fleet
      // directory, a Claude Code folder or one of its teams: docs/sources.md).
      service = request.isDemo
        ? await FleetService.open({ root: request.root, isDemo: true })
        : await openFleetSource({
            root: request.root,
            ...(request.dataDir ? { dataDir: request.dataDir } : {}),
            ...(request.teamThresholds ? { teamThresholds: request.teamThresholds } : {}),
          });
    } catch (error) {
      parent.send({ type: 'open-failed', openError: error instanceof FleetOpenError, message: error instanceof Error ? error.message : String(error) });
      return;
    }
    const opened = service;
    handlers = { ...serviceHandlers(singleFleetAccess(opened)), getHostInfo: notHere, openFleet: notHere };
    parent.send({ type: 'opened', root: opened.root, isDemo: opened.isDemo, snapshot: opened.snapshot() });
    opened.subscribe((event) => parent.send({ type: 'event', event }));
    if (request.simulate) {
      simulator = new DemoSimulator({ root: opened.root });
      simulator.start();
    }
  };

  const close = async (): Promise<void> => {
    if (closing) return;
    closing = true;
    simulator?.stop();
    await service?.close();
    parent.exit();
  };

  parent.onMessage((raw) => {
    const parsed = parentMessageSchema.safeParse(raw);
    if (!parsed.success) {
      process.stderr.write(`seatmap fleet process: ignored a message that is not a request (${parsed.error.issues[0]?.message ?? 'unknown'})\n`);
      return;
    }
    const message = parsed.data;
    if (message.type === 'open') {
      if (service || closing) return;
      void open(message.request);
    } else if (message.type === 'close') {
      void close();
    } else {
      const { id, method, args } = message;
      const answer = handlers
        ? dispatchFleetCall(handlers, method, args)
        : Promise.resolve({ ok: false as const, error: { code: 'internal' as const, message: 'No fleet is open yet' } });
      void answer.then((result) => parent.send({ type: 'result', id, result }));
    }
  });
}
