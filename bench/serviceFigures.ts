/**
 * The service's share, for `npm run bench:ui` and `npm run bench:counts`: exact counts of a
 * 200k-message inbox as the app gets them (the fleet service indexing it in the background), beside
 * a bare `JSON.parse` of every line of the same file. Each round measures the two back to back, so
 * a round's ratio compares like with like on a loaded machine; a few rounds give the best and the
 * median.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { FleetService } from '../service/fleetService';

export interface CountRound {
  bareMs: number;
  appMs: number;
  /** CPU time of the whole process (all threads) over each: less swayed by other jobs than wall time. */
  bareCpuMs: number;
  appCpuMs: number;
}

export interface ExactCountFigures {
  megabytes: number;
  messages: number;
  rounds: CountRound[];
}

export async function exactCountFigures(messages = 200_000, rounds = 5): Promise<ExactCountFigures> {
  const dir = await mkdtemp(join(tmpdir(), 'seatmap-bench-counts-'));
  try {
    const start = Date.parse('2026-01-01T00:00:00Z');
    const lines: string[] = [];
    for (let i = 0; i < messages; i++) {
      lines.push(JSON.stringify({ id: `m-${i}`, ts: new Date(start + i * 60_000).toISOString(), from: i % 2 ? 'dash' : 'dirk', to: 'radar', type: 'INFORM', subject: `Update ${i}`, body: `Numbers for client ${i % 300}.` }));
      if (i % 3 === 0) lines.push(JSON.stringify({ ack: `m-${i}`, ts: new Date(start + i * 60_000 + 1000).toISOString(), by: 'radar' }));
    }
    const text = `${lines.join('\n')}\n`;
    const lineCount = lines.length;
    lines.length = 0;
    await mkdir(join(dir, 'inbox'));
    await writeFile(join(dir, 'fleet.yaml'), 'version: 1\nseats:\n  radar: { owner: boss }\n  dash: { owner: boss }\n  dirk: { owner: boss }\n  boss: { kind: human }\n');
    const inbox = join(dir, 'inbox', 'radar.jsonl');
    await writeFile(inbox, text);
    const figures: ExactCountFigures = { megabytes: Buffer.byteLength(text) / 2 ** 20, messages, rounds: [] };
    for (let round = 0; round < rounds; round++) {
      let cpu = process.cpuUsage();
      const bareMs = await bareParse(inbox, lineCount);
      const bareCpuMs = cpuMs(process.cpuUsage(cpu));
      cpu = process.cpuUsage();
      const appMs = await appCounts(dir, messages);
      const appCpuMs = cpuMs(process.cpuUsage(cpu));
      figures.rounds.push({ bareMs, appMs, bareCpuMs, appCpuMs });
    }
    return figures;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const cpuMs = (usage: NodeJS.CpuUsage) => (usage.user + usage.system) / 1000;

/** Read the file and `JSON.parse` every line: the floor. */
async function bareParse(path: string, lineCount: number): Promise<number> {
  const t = performance.now();
  const raw = await readFile(path, 'utf8');
  let parsed = 0;
  for (const line of raw.split('\n')) if (line) parsed += JSON.parse(line) ? 1 : 0;
  const ms = performance.now() - t;
  if (parsed !== lineCount) throw new Error('bare parse miscounted');
  return ms;
}

/** Open the fleet with the real service and wait until the inbox's counts are exact (indexing done). */
async function appCounts(dir: string, messages: number): Promise<number> {
  const t = performance.now();
  const service = await FleetService.open({ root: dir });
  try {
    await new Promise<void>((resolve) => {
      const check = () => {
        const radar = service.snapshot().seats.find((s) => s.id === 'radar');
        if (radar && !radar.inbox.indexing && radar.inbox.total === messages) {
          unsubscribe();
          resolve();
        }
      };
      const unsubscribe = service.subscribe(check);
      check();
    });
    return performance.now() - t;
  } finally {
    await service.close();
  }
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/** The figures as printed by the benches: every round, then the best and median ratio. */
export function printExactCounts(figures: ExactCountFigures): void {
  const ms = (n: number) => `${n.toFixed(0).padStart(6)} ms`;
  const x = (n: number) => `${n.toFixed(2)}×`;
  const ratios = figures.rounds.map((r) => r.appMs / r.bareMs);
  const cpuRatios = figures.rounds.map((r) => r.appCpuMs / r.bareCpuMs);
  console.log(`\nService: exact counts of a ${figures.messages.toLocaleString('en-US')}-message inbox (${figures.megabytes.toFixed(1)} MB): the app (open → counts exact) beside a bare JSON.parse of every line`);
  console.log('  round       app      bare   app/bare    (CPU: app      bare   app/bare)');
  figures.rounds.forEach((r, i) => {
    console.log(`  ${String(i + 1).padStart(5)} ${ms(r.appMs)} ${ms(r.bareMs)}   ${x(r.appMs / r.bareMs).padStart(8)}         ${ms(r.appCpuMs)} ${ms(r.bareCpuMs)}   ${x(r.appCpuMs / r.bareCpuMs).padStart(8)}`);
  });
  console.log(`  app / bare in the same round: best ${x(Math.min(...ratios))}, median ${x(median(ratios))} (goal ≤ 2×); CPU time: best ${x(Math.min(...cpuRatios))}, median ${x(median(cpuRatios))}`);
  console.log(`  best app ${ms(Math.min(...figures.rounds.map((r) => r.appMs)))}, best bare ${ms(Math.min(...figures.rounds.map((r) => r.bareMs)))}`);
}
