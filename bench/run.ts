/**
 * `npm run bench`: speed figures printed beside a physical floor measured in the same run, so the
 * ratios mean the same on a slow CI box and a fast laptop. Never asserted in tests (docs/architecture.md, "House style").
 */
import { mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { derive, summarizeInbox } from '../shared/derive';
import type { DeriveInputs } from '../shared/deriveInputs';
import { generateLargeFleet } from '../shared/demo';
import { parseInboxLine } from '../shared/inboxLine';
import { ackIndex, buildThreadWithMarks, threadChanged } from '../shared/inboxQuery';
import type { FleetPath } from '../shared/ids';
import type { InboxData } from '../shared/records';
import { deriveSignals } from '../shared/signals';
import { FleetService } from '../service/fleetService';
import { readNewestLines } from '../service/inboxTailPage';
import { JsonlTail } from '../service/jsonlTail';
import { appendCost, parsedInputs } from './appendCost';
import { benchEventLoopStall } from './eventLoopStall';
import { benchRetire } from './retire';

const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 200_000);

function ms(start: number): number {
  return performance.now() - start;
}

function row(name: string, value: number, floor?: number): void {
  const ratio = floor ? `  (${(value / floor).toFixed(2)}× the floor)` : '';
  console.log(`  ${name.padEnd(46)} ${value.toFixed(1).padStart(9)} ms${ratio}`);
}

async function bareNewlineCount(path: string): Promise<number> {
  const handle = await open(path, 'r');
  const buffer = Buffer.allocUnsafe(1024 * 1024);
  let lines = 0;
  let position = 0;
  for (;;) {
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, position);
    if (bytesRead === 0) break;
    for (let i = buffer.indexOf(10, 0); i !== -1 && i < bytesRead; i = buffer.indexOf(10, i + 1)) lines++;
    position += bytesRead;
  }
  await handle.close();
  return lines;
}

async function makeInboxFleet(): Promise<{ dir: string; inbox: string; bytes: number }> {
  const dir = await mkdtemp(join(tmpdir(), 'seatmap-bench-'));
  const senders = ['dash', 'dirk', 'pulse', 'echo', 'atlas'];
  const start = Date.parse('2026-01-01T00:00:00Z');
  const lines: string[] = [];
  for (let i = 0; i < MESSAGES; i++) {
    const from = senders[i % senders.length]!;
    lines.push(JSON.stringify({ id: `m-${i}`, ts: new Date(start + i * 60_000).toISOString(), from, to: 'radar', type: i % 7 === 0 ? 'REQUEST' : 'INFORM', subject: `Update ${i} from ${from}`, body: `Numbers for **client ${i % 300}**: spend ${i % 1000}, CPA ${(i % 97) / 10}.\n\n- item one\n- item two`, entities: [`client:c${i % 300}`] }));
    if (i % 3 === 0) lines.push(JSON.stringify({ ack: `m-${i}`, ts: new Date(start + i * 60_000 + 30_000).toISOString(), by: 'radar' }));
  }
  const text = `${lines.join('\n')}\n`;
  await writeFile(join(dir, 'fleet.yaml'), `version: 1\nname: Bench\nseats:\n${['radar', ...senders].map((s) => `  ${s}: { name: ${s}, owner: boss }\n`).join('')}  boss: { kind: human }\n`);
  const { mkdir } = await import('node:fs/promises');
  await mkdir(join(dir, 'inbox'));
  await writeFile(join(dir, 'inbox/radar.jsonl'), text);
  return { dir, inbox: join(dir, 'inbox/radar.jsonl'), bytes: Buffer.byteLength(text) };
}

async function benchInbox(): Promise<void> {
  const { dir, inbox, bytes } = await makeInboxFleet();
  console.log(`\nInbox of ${MESSAGES.toLocaleString('en')} messages (${(bytes / 1048576).toFixed(1)} MB), generated for this run`);
  try {
    let start = performance.now();
    await bareNewlineCount(inbox);
    const floor = ms(start);
    row('floor: bare read + newline count', floor);

    start = performance.now();
    const newest = await readNewestLines(inbox, 100);
    for (const line of newest) parseInboxLine(line.text, 0, line.offset);
    row('newest page (100 rows, read from the end)', ms(start), floor);

    start = performance.now();
    const tail = new JsonlTail(inbox);
    const data: InboxData = { seat: 'radar', path: 'inbox/radar.jsonl' as FleetPath, messages: [], acks: [], problems: [], bytes: 0 };
    for (const line of (await tail.read()).lines) {
      const parsed = parseInboxLine(line.text, line.line, line.offset);
      if (parsed.kind === 'message') data.messages.push(parsed.message);
      else if (parsed.kind === 'ack') data.acks.push(parsed.ack);
    }
    summarizeInbox(data);
    row('exact counts (read + parse every line)', ms(start), floor);

    start = performance.now();
    const service = await FleetService.open({ root: dir });
    row('app: fleet opened, graph ready', ms(start), floor);
    const pageStart = performance.now();
    await service.queryInbox({ seat: 'radar', count: 100 });
    row('app: seat opened, newest page while indexing', ms(pageStart), floor);
    await new Promise<void>((resolve) => {
      const check = () => {
        if (service.snapshot().seats.find((s) => s.id === 'radar')?.inbox.indexing === null) {
          unsubscribe();
          resolve();
        }
      };
      const unsubscribe = service.subscribe(check);
      check();
    });
    row('app: exact counts filled in (background)', ms(start), floor);
    const filtered = performance.now();
    await service.queryInbox({ seat: 'radar', count: 100, unreadOnly: true, types: ['REQUEST'] });
    row('app: filtered page (unread REQUESTs)', ms(filtered), floor);
    const nextPage = performance.now();
    await service.queryInbox({ seat: 'radar', count: 100, start: 100 });
    row('app: next page (sorted view cached)', ms(nextPage), floor);
    const search = performance.now();
    await service.queryInbox({ seat: 'radar', count: 100, text: 'client 42' });
    row('app: text search across the inbox', ms(search), floor);
    const append = performance.now();
    const { appendFile } = await import('node:fs/promises');
    await appendFile(inbox, `${JSON.stringify({ id: 'm-last', ts: new Date().toISOString(), from: 'dash', to: 'radar', type: 'INFORM', subject: 'x' })}\n`);
    await new Promise<void>((resolve) => {
      const unsubscribe = service.subscribe(() => {
        if (service.snapshot().seats.find((s) => s.id === 'radar')?.inbox.total === MESSAGES + 1) {
          unsubscribe();
          resolve();
        }
      });
    });
    row('app: one appended message on the graph', ms(append), floor);
    await service.close();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const LARGE_SEATS = 200;
const APPEND_COST_SEATS = (process.env.BENCH_APPEND_SEATS ?? '200,1000').split(',').map(Number);
const LARGE_MESSAGES_PER_INBOX = Number(process.env.BENCH_LARGE_PER_INBOX ?? 1000);

/** A generated large fleet parsed in memory into derive's inputs (no disk: this measures derive). */
function largeFleetInputs(now: number): DeriveInputs {
  return parsedInputs(generateLargeFleet({ now, seats: LARGE_SEATS, messagesPerInbox: LARGE_MESSAGES_PER_INBOX }).files, now);
}

/** derive + signals on a big fleet, as the host runs them on every change and on its timer. */
function benchLargeFleet(): void {
  const now = Date.now();
  const inputs = largeFleetInputs(now);
  const messages = inputs.inboxes.reduce((sum, inbox) => sum + inbox.messages.length, 0);
  console.log(`\nLarge fleet: ${LARGE_SEATS} seats, ${messages.toLocaleString('en')} messages in ${inputs.inboxes.length} inboxes, derived in memory`);
  let start = performance.now();
  const first = derive(inputs, deriveSignals);
  row('derive + signals, first run', ms(start));
  start = performance.now();
  derive({ ...inputs, now: now + 1000 }, deriveSignals);
  row('derive + signals, nothing changed (timer)', ms(start));
  const inbox = inputs.inboxes[0]!;
  const sender = inbox.messages[0]!.from;
  // The service derives a file change at the last re-derive tick's clock (docs/architecture.md,
  // "One direction of flow"); with the clock moved as well, every age-bearing result is redone.
  for (const [label, moves] of [['one appended message, clock held (median)', false], ['one appended message, clock moved (median)', true]] as const) {
    const times: number[] = [];
    for (let i = 0; i < 20; i++) {
      inbox.messages.push({ ...inbox.messages[inbox.messages.length - 1]!, id: `bench-${label.length}-${i}`, from: sender, ts: now + i, line: inbox.messages.length + inbox.acks.length + 1 });
      start = performance.now();
      derive({ ...inputs, now: moves ? now + 2000 + i : now + 2000 }, deriveSignals);
      times.push(ms(start));
    }
    times.sort((a, b) => a - b);
    row(`derive + signals, ${label}`, times[times.length >> 1]!);
  }
  if (first.signals.length !== 0) console.log(`  (the large fleet has ${first.signals.length} signals; it is meant to be healthy)`);
}

/** One appended message at 200 and 1,000 seats, beside parsing its line and a derive from scratch. */
function benchAppendCost(): void {
  console.log('\nOne appended message, read: derive + signals + patch at the last tick\'s clock (bench/teamFleet.ts fleets, 100 messages a seat)');
  const appends: Array<{ seats: number; ms: number }> = [];
  for (const seats of APPEND_COST_SEATS) {
    const cost = appendCost(seats);
    appends.push({ seats, ms: cost.appendMs });
    const line = (name: string, value: number, note: string) => console.log(`  ${name.padEnd(46)} ${value.toFixed(value < 1 ? 3 : 1).padStart(9)} ms${note}`);
    console.log(`  ${seats.toLocaleString('en')} seats, ${cost.messages.toLocaleString('en')} messages:`);
    line('  parse the one line (the message\'s own cost)', cost.parseLineMs, '');
    line('  derive + signals + patch, one append (median)', cost.appendMs, `  (${Math.round(cost.appendMs / cost.parseLineMs)}× the line, ${cost.patchRecords} records in the patch)`);
    line('  derive + signals from scratch (nothing kept)', cost.scratchMs, `  (the append costs ${((100 * cost.appendMs) / cost.scratchMs).toFixed(1)}% of it)`);
  }
  // Proportional to the message, not to the fleet: the append's cost should barely grow with seats.
  const smallest = appends[0];
  const largest = appends[appends.length - 1];
  if (smallest && largest && largest.seats > smallest.seats) {
    console.log(`  growth: one append at ${largest.seats.toLocaleString('en')} seats costs ${(largest.ms / smallest.ms).toFixed(2)}× one at ${smallest.seats.toLocaleString('en')} seats`
      + ` (the fleet is ${(largest.seats / smallest.seats).toFixed(0)}× larger; flat is 1×)`);
  }
}

function median(run: () => void, times = 15): number {
  const samples: number[] = [];
  for (let i = 0; i < times; i++) {
    const start = performance.now();
    run();
    samples.push(ms(start));
  }
  return samples.sort((a, b) => a - b)[samples.length >> 1]!;
}

/**
 * Opening a message in a big fleet: its thread of THREAD_REPLIES replies comes from the inboxes' id
 * and reply indexes; the floor is one pass over every message of the fleet (what a scan costs at
 * the very least).
 */
const THREAD_REPLIES = 400;

function benchThread(): void {
  const now = Date.now();
  const inputs = largeFleetInputs(now);
  const [a, b] = inputs.inboxes as [InboxData, InboxData];
  for (let i = 0; i < THREAD_REPLIES; i++) {
    // A conversation bouncing between two seats: each reply lands in the other one's inbox.
    const [target, sender] = i % 2 === 0 ? [a, b] : [b, a];
    target.messages.push({ ...target.messages[0]!, id: `thread-${i}`, from: sender.seat, to: target.seat, re: i === 0 ? null : `thread-${i - 1}`, ts: now + i, line: target.messages.length + target.acks.length + 1 });
  }
  const messages = inputs.inboxes.reduce((sum, inbox) => sum + inbox.messages.length, 0);
  console.log(`\nOpening a message: a thread of ${THREAD_REPLIES} replies in a fleet of ${messages.toLocaleString('en')} messages`);
  derive(inputs, deriveSignals); // the host has derived before anyone opens a message: the indexes exist
  const floor = median(() => {
    const ids = new Set<string>();
    for (const inbox of inputs.inboxes) for (const message of inbox.messages) ids.add(message.id);
  }, 5);
  row('floor: one pass over every message (ids into a set)', floor);
  let built = buildThreadWithMarks(inputs.inboxes, a.seat, 'thread-200');
  if (built.rows.length !== THREAD_REPLIES) throw new Error(`thread has ${built.rows.length} rows`);
  row('thread built from the indexes', median(() => (built = buildThreadWithMarks(inputs.inboxes, a.seat, 'thread-200'))), floor);
  const other = inputs.inboxes[5]!;
  other.messages.push({ ...other.messages[0]!, id: 'unrelated', re: null, ts: now, line: other.messages.length + other.acks.length + 1 });
  row('open message re-checked after an unrelated message', median(() => threadChanged(inputs.inboxes, built)), floor);
  row('ack times of every inbox (one page query)', median(() => inputs.inboxes.forEach((inbox) => ackIndex(inbox))), floor);
}

await benchInbox();
benchLargeFleet();
benchAppendCost();
benchThread();
await benchEventLoopStall({ seats: Number(process.env.BENCH_STALL_SEATS ?? 1000), messages: Number(process.env.BENCH_STALL_MESSAGES ?? 1_000_000) });

// Claude Code teams live in their own file (one module per source).
const { benchClaudeTeams } = await import('./claudeTeams');
await benchClaudeTeams();
await benchRetire(row);
