/**
 * The fleet service alone in a Node child process, for bench/eventLoopStall.ts: it opens the
 * folder it is given, sends the first snapshot, then every event, to its parent, so the parent's
 * event loop can be measured while all reading, parsing and deriving happen here.
 */
import { FleetService } from '../service/fleetService';

const root = process.argv[2];
if (!root || !process.send) throw new Error('Run by bench/eventLoopStall.ts: fork(this file, [fleet folder])');
const send = process.send.bind(process);
const service = await FleetService.open({ root });
send({ kind: 'snapshot', snapshot: service.snapshot() });
service.subscribe((event) => send({ kind: 'event', event }));
process.on('message', (message) => {
  if (message === 'close') void service.close().then(() => process.disconnect());
});
