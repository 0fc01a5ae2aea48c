/**
 * The main process must stay responsive while a big fleet opens: this measures the longest
 * event-loop stall (`perf_hooks.monitorEventLoopDelay`) while the fleet service opens and indexes a
 * generated 1,000-seat / 1M-message fleet, as the desktop app's main process would (watcher on).
 * Twice: with the service in a Node child process (bench/fleetServiceChild.ts) that streams its
 * snapshot and patches here, where they are applied to a copy, as a host would if the service ran
 * in a utilityProcess; and with the service in this process, as the desktop app runs it today. It
 * also times one derive on the opened fleet, which the service repeats on every change and on its
 * timer.
 * The files are generated at run time into a temp folder and removed afterwards.
 */
import { fork } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { FleetEvent } from '../shared/api';
import { derive } from '../shared/derive';
import { generateLargeFleet } from '../shared/demo';
import { applyPatch } from '../shared/patch';
import { deriveSignals } from '../shared/signals';
import type { FleetSnapshot } from '../shared/snapshot';
import { writeFleet } from '../service/demo/writeFleet';
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

function whenIndexed(service: FleetService): Promise<void> {
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

const line = (name: string, value: string) => console.log(`  ${name.padEnd(46)} ${value}`);
const msText = (value: number, digits = 0) => `${value.toFixed(digits).padStart(9)} ms`;

function printStall(label: string, stall: Stall): void {
  line(`${label}: graph ready`, msText(stall.ready));
  line(`${label}: everything indexed`, msText(stall.indexed));
  line(`${label}: event-loop delay p99`, msText(stall.p99, 1));
  line(`${label}: longest stall`, `${msText(stall.max, 1)}  (goal: under ${STALL_GOAL_MS} ms: ${stall.max < STALL_GOAL_MS ? 'met' : 'NOT met'})`);
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

type ChildMessage = { kind: 'snapshot'; snapshot: FleetSnapshot } | { kind: 'event'; event: FleetEvent };

/** The service in a child process; this process only keeps a copy of the snapshot up to date. */
async function inChildProcess(dir: string): Promise<Stall> {
  const child = fork(fileURLToPath(new URL('./fleetServiceChild.ts', import.meta.url)), [dir], {
    execArgv: ['--import', 'tsx'],
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  try {
    return await measured((ready) => new Promise<void>((resolve, reject) => {
      let copy: FleetSnapshot | null = null;
      const indexed = () => copy !== null && copy.seats.every((seat) => seat.inbox.indexing === null);
      child.on('message', (message: ChildMessage) => {
        if (message.kind === 'snapshot') {
          copy = message.snapshot;
          ready();
        } else if (message.event.kind === 'patch' && copy) {
          copy = applyPatch(copy, message.event.patch);
        }
        if (indexed()) resolve();
      });
      child.once('exit', (code) => reject(new Error(`The fleet service child exited (${code}) before the fleet was indexed`)));
    }));
  } finally {
    child.removeAllListeners('exit');
    const exited = new Promise((resolve) => child.once('exit', resolve));
    if (child.connected) child.send('close');
    await exited;
  }
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
    line('floor: idle event loop (2 s), longest stall', msText(idle.max, 1));
    // BENCH_STALL_ONLY=process or =child runs one half (to profile it alone). The child half runs
    // first: freeing the in-process half's ~2 GB heap slows this process for a while after.
    const only = process.env.BENCH_STALL_ONLY;
    if (only !== 'process') {
      const child = await inChildProcess(dir);
      printStall('service in a child process', child);
    }
    if (only !== 'child') {
      const local = await inProcess(dir);
      printStall('in this process', local.stall);
      line('one derive + signals on the opened fleet', `${msText(local.deriveMs)}  (repeated on every change and every 15 s)`);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

// `node bin/run-ts.mjs bench/eventLoopStall.ts` runs this section alone.
if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  await benchEventLoopStall({ seats: Number(process.env.BENCH_STALL_SEATS ?? 1000), messages: Number(process.env.BENCH_STALL_MESSAGES ?? 1_000_000) });
}
