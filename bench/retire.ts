/**
 * Retire of a seat whose inbox holds 100k messages while another process keeps appending to it
 * and to the successor's inbox: how long the transaction holds the fleet (its lock), beside a floor
 * measured in the same run (reading the inbox once and appending the forwarded bytes once), and
 * how many lines were lost (must be 0: each appended line ends in the archive or the successor's
 * inbox, after late traffic is forwarded as the fleet service does).
 */
import { spawn } from 'node:child_process';
import { appendFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseFleetYaml } from '../shared/parseFleet';
import { LateForwarder } from '../service/retire/lateForward';
import { planOnDisk } from '../service/retire/planOnDisk';
import { applyRetirePlan } from '../service/retire/transaction';

const INBOX_MESSAGES = Number(process.env.BENCH_RETIRE_MESSAGES ?? 100_000);
const APPENDED = 20_000;

const APPENDER = `
import { appendFileSync } from 'node:fs';
const [a, b, count] = process.argv.slice(1);
for (let i = 0; i < Number(count); i++) {
  const to = i % 2 === 0 ? 'a' : 'b';
  appendFileSync(to === 'a' ? a : b, JSON.stringify({ id: 'live-' + i, ts: new Date().toISOString(), from: 'c', to, subject: 'live ' + i }) + '\\n');
  if (i === 100) process.stdout.write('started\\n');
}
`;

function ids(text: string): Set<string> {
  const out = new Set<string>();
  for (const line of text.split('\n')) {
    if (!line) continue;
    const value = JSON.parse(line) as { id?: string };
    if (value.id) out.add(value.id);
  }
  return out;
}

export async function benchRetire(row: (name: string, value: number, floor?: number) => void): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'seatmap-bench-retire-'));
  try {
    await writeFile(join(dir, 'fleet.yaml'), 'version: 1\nname: Retire bench\nseats:\n  a: { owner: boss, owns: [x] }\n  b: { owner: boss }\n  c: { owner: boss }\n  boss: { kind: human }\n');
    await mkdir(join(dir, 'inbox'));
    const lines: string[] = [];
    const start = Date.parse('2026-01-01T00:00:00Z');
    for (let i = 0; i < INBOX_MESSAGES; i++) {
      lines.push(JSON.stringify({ id: `m-${i}`, ts: new Date(start + i * 60_000).toISOString(), from: 'c', to: 'a', subject: `Update ${i}`, body: `Numbers for client ${i % 300}.` }));
      if (i % 3 !== 0) lines.push(JSON.stringify({ ack: `m-${i}`, ts: new Date(start + i * 60_000 + 1000).toISOString(), by: 'a' }));
    }
    const inboxText = `${lines.join('\n')}\n`;
    await writeFile(join(dir, 'inbox/a.jsonl'), inboxText);
    await writeFile(join(dir, 'inbox/b.jsonl'), '');

    // Floor: read the inbox once and append a third of it (the unacknowledged share) once.
    const floorDir = await mkdtemp(join(tmpdir(), 'seatmap-bench-floor-'));
    const floorStart = performance.now();
    const bytes = await readFile(join(dir, 'inbox/a.jsonl'));
    await appendFile(join(floorDir, 'b.jsonl'), bytes.subarray(0, Math.floor(bytes.length / 3)));
    const floor = performance.now() - floorStart;
    await rm(floorDir, { recursive: true, force: true });

    const planned = await planOnDisk(dir, { inboxes: [], stateFiles: [], activity: [], now: Date.now() }, { mode: 'retire', seat: 'a', to: 'b' });
    if (!planned.ok) throw new Error(planned.refusal.message);
    const child = spawn(process.execPath, ['--input-type=module', '-e', APPENDER, join(dir, 'inbox/a.jsonl'), join(dir, 'inbox/b.jsonl'), String(APPENDED)]);
    const exited = new Promise<void>((done) => child.on('exit', () => done()));
    await new Promise<void>((started) => child.stdout.once('data', () => started()));
    const txStart = performance.now();
    const result = await applyRetirePlan(dir, planned.plan);
    const held = performance.now() - txStart;
    await exited;
    if (!result.ok) throw new Error(result.refusal.message);
    const registry = parseFleetYaml(await readFile(join(dir, 'fleet.yaml'), 'utf8'));
    if (!registry.ok) throw new Error('fleet.yaml does not parse after the retire');
    await new LateForwarder(dir).run(registry.registry);

    const archiveDir = join(dir, '.seatmap/archive');
    let archived = '';
    for (const tx of await readdir(archiveDir)) for (const name of await readdir(join(archiveDir, tx))) archived += await readFile(join(archiveDir, tx, name), 'utf8');
    const successor = ids(await readFile(join(dir, 'inbox/b.jsonl'), 'utf8'));
    const inArchive = ids(archived);
    let lost = 0;
    for (let i = 0; i < APPENDED; i++) {
      const id = `live-${i}`;
      if (!(i % 2 === 0 ? inArchive.has(id) || successor.has(id) : successor.has(id))) lost++;
    }
    for (let i = 0; i < INBOX_MESSAGES; i++) if (!inArchive.has(`m-${i}`)) lost++;
    console.log(`\nRetire a seat with a ${INBOX_MESSAGES.toLocaleString()}-message inbox while another process appends ${APPENDED.toLocaleString()} lines`);
    row('floor: read the inbox + append a third of it', floor);
    row('retire transaction (lock held)', held, floor);
    console.log(`  ${'messages forwarded'.padEnd(46)} ${String(result.forwarded).padStart(9)}`);
    console.log(`  ${'lines lost (must be 0)'.padEnd(46)} ${String(lost).padStart(9)}`);
    if (lost > 0) process.exitCode = 1;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
