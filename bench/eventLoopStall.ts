/**
 * The main process must stay responsive while a big fleet opens: this measures the longest
 * event-loop stall (`perf_hooks.monitorEventLoopDelay`) while the fleet service opens and indexes a
 * generated 1,000-seat / 1M-message fleet, as the desktop app's main process would (watcher on).
 * Twice: with the service behind the process boundary that `seatmap serve` and the desktop app
 * use (service/fleetProcess/: a Node child here, a utility process in the app), where this process
 * only applies the patches to its copy of the snapshot; and with the service in this process
 * (`seatmap serve --in-process`, `seatmap check`). It also times one derive on the opened fleet,
 * which the service repeats on every change and on its timer.
 * The files are generated at run time into a temp folder and removed afterwards.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { deserialize, serialize, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { derive } from '../shared/derive';
import { generateLargeFleet } from '../shared/demo';
import { deriveSignals } from '../shared/signals';
import { writeFleet } from '../service/demo/writeFleet';
import type { FleetHandle } from '../service/fleetProcess/fleetHandle';
import { forkNodeFleetChild } from '../service/fleetProcess/nodeFleetProcess';
import { openFleetInChild } from '../service/fleetProcess/openFleet';
import { FleetService } from '../service/fleetService';

/** The goal: no stall longer than this while a big fleet opens (menus and the window stay live). */
export const STALL_GOAL_MS = 50;

export interface StallOptions {
  seats: number;
  messages: number;
}

/** Teams of ten: nine agents per team, each team's eight inner handoffs plus one cross-team route. */
function routesFor(seats: number): number {
  const teams = Math.ceil(seats / 10);
  return teams * 9;
}

function whenIndexed(service: Pick<FleetHandle, 'snapshot' | 'subscribe'>): Promise<void> {
  return new Promise((resolve) => {
    const check = () => {
      if (service.snapshot().seats.every((seat) => seat.inbox.indexing === null)) {
        unsubscribe();
        resolve();
      }
    };
    const unsubscribe = service.subscribe(check);
    check();
  });
}

interface Stall {
  ready: number;
  indexed: number;
  p99: number;
  max: number;
}

const line = (name: string, value: string) => console.log(`  ${name.padEnd(58)} ${value}`);
const msText = (value: number, digits = 0) => `${value.toFixed(digits).padStart(9)} ms`;

function printStall(label: string, stall: Stall, floor: Stall): void {
  line(`${label}: graph ready`, msText(stall.ready));
  line(`${label}: everything indexed`, msText(stall.indexed));
  line(`${label}: event-loop delay p99`, msText(stall.p99, 1));
  line(`${label}: longest stall`, `${msText(stall.max, 1)}  (goal: under ${STALL_GOAL_MS} ms: ${stall.max < STALL_GOAL_MS ? 'met' : 'NOT met'}; ${(stall.max / floor.max).toFixed(1)}× the idle floor)`);
}

/**
 * A full garbage collection, so one measurement does not pay for the garbage of the one before
 * (a major GC of the previous run's heap would show up as a stall of the next).
 */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

/** Runs `work` with the event-loop delay histogram on; `work` reports when the graph was ready. */
async function measured(work: (ready: () => void) => Promise<void>): Promise<Stall> {
  collectGarbage();
  const histogram = monitorEventLoopDelay({ resolution: 5 });
  histogram.enable();
  const start = performance.now();
  let ready = 0;
  await work(() => {
    ready = performance.now() - start;
  });
  const indexed = performance.now() - start;
  histogram.disable();
  return { ready, indexed, p99: histogram.percentile(99) / 1e6, max: histogram.max / 1e6 };
}

/** The service in this process, as the desktop main process runs it today. */
async function inProcess(dir: string): Promise<{ stall: Stall; deriveMs: number }> {
  const held: { service?: FleetService } = {};
  const stall = await measured(async (ready) => {
    held.service = await FleetService.open({ root: dir });
    ready();
    await whenIndexed(held.service);
  });
  const opened = held.service!;
  const start = performance.now();
  derive(opened.inputs(), deriveSignals);
  const deriveMs = performance.now() - start;
  await opened.close();
  return { stall, deriveMs };
}

/**
 * The service behind the process boundary `seatmap serve` and the desktop app use
 * (service/fleetProcess/): this process only keeps its copy of the snapshot up to date.
 */
async function inChildProcess(dir: string): Promise<{ stall: Stall; cloneMs: number; snapshotBytes: number }> {
  const held: { fleet?: FleetHandle } = {};
  try {
    const stall = await measured(async (ready) => {
      held.fleet = await openFleetInChild(forkNodeFleetChild, { root: dir, isDemo: false, simulate: false });
      ready();
      await whenIndexed(held.fleet);
    });
    // This process's own share of the open: reading the first snapshot off the channel.
    const bytes = serialize(held.fleet!.snapshot());
    const start = performance.now();
    deserialize(bytes);
    return { stall, cloneMs: performance.now() - start, snapshotBytes: bytes.length };
  } finally {
    await held.fleet?.close();
  }
}

/**
 * A second floor: this event loop, idle, while another process keeps a core busy (on a machine
 * with few cores the child's work delays this process's timers through the scheduler alone).
 */
function idleBesideBusyProcess(): Promise<Stall> {
  return measured((ready) => new Promise((resolve, reject) => {
    const busy = spawn(process.execPath, ['-e', 'const end = Date.now() + 2000; while (Date.now() < end);'], { stdio: 'ignore' });
    ready();
    busy.once('error', reject);
    busy.once('exit', () => resolve());
  }));
}

export async function benchEventLoopStall(options: StallOptions): Promise<void> {
  const perInbox = Math.ceil(options.messages / routesFor(options.seats));
  const dir = await mkdtemp(join(tmpdir(), 'seatmap-stall-'));
  try {
    let { files } = generateLargeFleet({ now: Date.now(), seats: options.seats, messagesPerInbox: perInbox });
    const bytes = files.reduce((sum, file) => sum + file.content.length, 0);
    await writeFleet(dir, files);
    files = [];
    const messages = perInbox * routesFor(options.seats);
    console.log(`\nOpening a ${options.seats.toLocaleString('en')}-seat fleet with ${messages.toLocaleString('en')} messages (${(bytes / 1048576).toFixed(0)} MB), watcher on: event-loop stalls`);

    // The floor: an idle event loop on this machine, over the same histogram (a loaded machine
    // delays timers by itself; compare the stalls with this, not with zero).
    const idle = await measured((ready) => new Promise((resolve) => {
      ready();
      setTimeout(resolve, 2000);
    }));
    line('floor: idle event loop (2 s), delay p99', msText(idle.p99, 1));
    line('floor: idle event loop (2 s), longest stall', msText(idle.max, 1));
    const besideBusy = await idleBesideBusyProcess();
    line('floor: idle, a busy process beside it (2 s), p99', msText(besideBusy.p99, 1));
    line('floor: idle, a busy process beside it (2 s), longest', msText(besideBusy.max, 1));
    // BENCH_STALL_ONLY=process or =child runs one half (to profile it alone). The child half runs
    // first: freeing the in-process half's ~2 GB heap slows this process for a while after.
    const only = process.env.BENCH_STALL_ONLY;
    if (only !== 'process') {
      const child = await inChildProcess(dir);
      printStall('child process (serve, desktop)', child.stall, idle);
      line('child process: its first snapshot deserialised here', `${msText(child.cloneMs, 1)}  (${(child.snapshotBytes / 1048576).toFixed(2)} MB, structured clone)`);
    }
    if (only !== 'child') {
      const local = await inProcess(dir);
      printStall('in this process (--in-process)', local.stall, idle);
      line('one derive + signals on the opened fleet', `${msText(local.deriveMs)}  (each re-derive tick, every 15 s, at a new clock; a file change is far less, see the append figure)`);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

// `node bin/run-ts.mjs bench/eventLoopStall.ts` runs this section alone.
if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  await benchEventLoopStall({ seats: Number(process.env.BENCH_STALL_SEATS ?? 1000), messages: Number(process.env.BENCH_STALL_MESSAGES ?? 1_000_000) });
}
