/**
 * The retire transaction on real temp folders: conservation of messages over seeded random fleets
 * and plans (fast-check), undo byte for byte, a crash (SIGKILL) at every journal step followed by
 * recovery, and another process appending to both inboxes while it runs.
 */
import { spawn } from 'node:child_process';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseFleetYaml } from '../../shared/parseFleet';
import { pendingMessages } from '../../shared/retire/forwarding';
import { LateForwarder } from '../../service/retire/lateForward';
import { acquireLock, listJournals } from '../../service/retire/journal';
import { planOnDisk } from '../../service/retire/planOnDisk';
import { applyRetirePlan, recoverTransactions, transactionNotes, undoRetire } from '../../service/retire/transaction';
import type { RetireRequest } from '../../shared/retire/types';
import { FIXTURES, makeFleetDir, removeDir } from '../helpers/fleetDir';
import { fleetFiles, messageIds } from '../helpers/retireFleet';

const REPO = resolve(FIXTURES, '..', '..');
const NOW = Date.parse('2026-11-20T07:00:00Z');
const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map(removeDir));
});

const read = { inboxes: [], stateFiles: [], activity: [], now: NOW };

async function plan(root: string, request: RetireRequest) {
  const planned = await planOnDisk(root, read, request);
  if (!planned.ok) throw new Error(planned.refusal.message);
  return planned.plan;
}

interface RandomFleet {
  seats: string[];
  owns: Record<string, string[]>;
  handoffs: Array<[number, number, boolean]>;
  rules: Array<[number, number]>;
  inboxes: Record<string, Array<{ from: number; acked: boolean; re: boolean }>>;
}

const SEATS = ['a', 'b', 'c', 'd', 'e'];
const DOMAINS = ['x', 'y', 'z', 'w'];

const fleetArb = fc.integer({ min: 2, max: 5 }).chain((n) => {
  const seats = SEATS.slice(0, n);
  const idx = fc.integer({ min: 0, max: n - 1 });
  return fc.record({
    seats: fc.constant(seats),
    owns: fc.record(Object.fromEntries(seats.map((s) => [s, fc.subarray(DOMAINS)]))) as fc.Arbitrary<Record<string, string[]>>,
    handoffs: fc.array(fc.tuple(idx, idx, fc.boolean()), { maxLength: 6 }),
    rules: fc.array(fc.tuple(idx, idx), { maxLength: 3 }),
    inboxes: fc.record(Object.fromEntries(seats.map((s) => [s, fc.array(fc.record({ from: idx, acked: fc.boolean(), re: fc.boolean() }), { maxLength: 8 })]))) as fc.Arbitrary<RandomFleet['inboxes']>,
  });
});

/** Writes a random fleet: a commented fleet.yaml, state files, and inboxes with acks and `re` links. */
async function writeRandomFleet(f: RandomFleet): Promise<string> {
  const lines = ['# a random fleet', 'version: 1', 'name: Random', 'seats:'];
  for (const s of f.seats) {
    lines.push(`  ${s}:   # seat ${s}`, `    name: Seat ${s.toUpperCase()}`, '    kind: agent', '    owner: human');
    lines.push(`    owns: [${f.owns[s]?.join(', ') ?? ''}]`, `    writes: [{ path: state/${s}/out.json }]`);
  }
  lines.push('handoffs:');
  const seen = new Set<string>();
  for (const [i, j, viaFile] of f.handoffs) {
    const from = f.seats[i] as string;
    const to = f.seats[j] as string;
    const via = viaFile ? `state/${from}/out.json` : 'inbox';
    if (from === to || seen.has(`${from}${to}${via}`)) continue;
    seen.add(`${from}${to}${via}`);
    lines.push(`  - { from: ${from}, to: ${to}, via: ${via}, what: work }  # handoff`);
  }
  lines.push('rules:');
  for (const [i, j] of f.rules) if (i !== j) lines.push(`  - winner: ${f.seats[i]}`, `    over: ${f.seats[j]}`, '    when: it matters');
  const files: Record<string, string> = { 'fleet.yaml': `${lines.join('\n')}\n` };
  let n = 0;
  for (const s of f.seats) {
    files[`state/${s}/out.json`] = '{"updatedAt":"2026-11-20T06:00:00Z"}\n';
    const out: string[] = [];
    let last: string | null = null;
    for (const m of f.inboxes[s] ?? []) {
      const id = `m${n++}`;
      out.push(JSON.stringify({ id, ts: new Date(NOW - n * 60_000).toISOString(), from: f.seats[m.from], to: s, subject: `about ${id}`, ...(m.re && last ? { re: last } : {}) }));
      if (m.acked) out.push(JSON.stringify({ ack: id, ts: new Date(NOW).toISOString(), by: s }));
      last = id;
    }
    if (out.length) files[`inbox/${s}.jsonl`] = `${out.join('\n')}\n`;
  }
  const root = await makeFleetDir(files);
  dirs.push(root);
  return root;
}

describe('retire transaction', () => {
  it('conserves every message over random fleets and plans, marks forwarded copies, and undoes byte for byte', async () => {
    await fc.assert(
      fc.asyncProperty(fleetArb, fc.boolean(), fc.nat(), fc.nat(), async (fleet, merge, si, ti) => {
        const root = await writeRandomFleet(fleet);
        const seat = fleet.seats[si % fleet.seats.length] as string;
        const to = fleet.seats[ti % fleet.seats.length] as string;
        const before = await fleetFiles(root);
        const idsBefore = await messageIds(root);
        const planned = await planOnDisk(root, read, { mode: merge ? 'merge' : 'retire', seat, to });
        if (!planned.ok) {
          expect(await fleetFiles(root)).toEqual(before); // a refusal writes nothing
          return;
        }
        const pending = pendingMessages(before.get(`inbox/${seat}.jsonl`) ?? '').map((m) => m.id).sort();
        const result = await applyRetirePlan(root, planned.plan, { graceMs: 1 });
        expect(result.ok).toBe(true);
        const idsAfter = await messageIds(root);
        expect(idsAfter.originals).toEqual(idsBefore.originals);
        expect(idsAfter.forwarded).toEqual(pending);
        const after = parseFleetYaml(await readFile(join(root, 'fleet.yaml'), 'utf8'));
        expect(after.ok && after.registry.seats.find((s) => s.id === seat)?.status).toBe('retired');
        if (!result.ok) return;
        const undone = await undoRetire(root, result.txId, { graceMs: 1 });
        expect(undone).toMatchObject({ ok: true });
        expect(await fleetFiles(root)).toEqual(before);
      }),
      { seed: 20261120, numRuns: 10 },
    );
  });

  it('refuses to undo when the successor inbox changed since, and changes nothing', async () => {
    const root = await writeRandomFleet({ seats: ['a', 'b'], owns: { a: ['x'], b: [] }, handoffs: [], rules: [], inboxes: { a: [{ from: 1, acked: false, re: false }], b: [] } });
    const result = await applyRetirePlan(root, await plan(root, { mode: 'retire', seat: 'a', to: 'b' }), { graceMs: 1 });
    if (!result.ok) throw new Error(result.refusal.message);
    await writeFile(join(root, 'inbox/b.jsonl'), '{"id":"late","from":"a","to":"b"}\n', { flag: 'a' });
    const files = await fleetFiles(root, true);
    const undone = await undoRetire(root, result.txId, { graceMs: 1 });
    expect(undone.ok ? '' : undone.refusal.message).toMatch(/Cannot undo the retire of a, and nothing was changed: b's inbox received new lines/);
    expect(await fleetFiles(root, true)).toEqual(files);
  });

  it('refuses while another live process holds the lock, and takes over a stale one', async () => {
    const root = await writeRandomFleet({ seats: ['a', 'b'], owns: { a: ['x'], b: [] }, handoffs: [], rules: [], inboxes: { a: [], b: [] } });
    const p = await plan(root, { mode: 'retire', seat: 'a', to: 'b' });
    const lock = await acquireLock(root, 'other');
    const refused = await applyRetirePlan(root, p, { graceMs: 1 });
    expect(refused).toMatchObject({ ok: false, refusal: { code: 'busy' } });
    await lock?.release();
    await writeFile(join(root, '.seatmap/journal/lock'), JSON.stringify({ pid: 999_999_999, txId: 'dead' }));
    expect(await applyRetirePlan(root, p, { graceMs: 1 })).toMatchObject({ ok: true });
  });

  it('refuses a plan made before fleet.yaml changed, writing nothing', async () => {
    const root = await writeRandomFleet({ seats: ['a', 'b'], owns: { a: ['x'], b: [] }, handoffs: [], rules: [], inboxes: { a: [{ from: 1, acked: false, re: false }], b: [] } });
    const p = await plan(root, { mode: 'retire', seat: 'a', to: 'b' });
    await writeFile(join(root, 'fleet.yaml'), `${await readFile(join(root, 'fleet.yaml'), 'utf8')}# edited\n`);
    const files = await fleetFiles(root);
    expect(await applyRetirePlan(root, p, { graceMs: 1 })).toMatchObject({ ok: false, refusal: { code: 'changed' } });
    expect(await fleetFiles(root)).toEqual(files);
  });
});

function run(args: string[]): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, args, { cwd: REPO });
    let stderr = '';
    child.stderr.on('data', (c) => (stderr += c));
    child.on('error', fail);
    child.on('exit', (code, signal) => done({ code, signal, stderr }));
  });
}

describe('retire transaction: crash at every step', () => {
  // The child is bundled once (esbuild, which electron-vite brings), so each crash run starts a
  // plain Node process instead of compiling TypeScript again.
  let childScript = '';
  let bundleDir = '';
  afterAll(async () => removeDir(bundleDir));
  beforeAll(async () => {
    const out = await makeFleetDir();
    bundleDir = out;
    childScript = join(out, 'retireCrashChild.mjs');
    await build({ entryPoints: [join(REPO, 'test/helpers/retireCrashChild.ts')], bundle: true, platform: 'node', format: 'esm', outfile: childScript, logLevel: 'silent', banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" } });
  }, 30_000);
  const fleet: RandomFleet = {
    seats: ['a', 'b', 'c'],
    owns: { a: ['x', 'y'], b: ['y'], c: [] },
    handoffs: [[2, 0, false], [0, 2, true], [0, 1, false]],
    rules: [[1, 0]],
    inboxes: { a: [{ from: 2, acked: false, re: false }, { from: 1, acked: true, re: false }, { from: 2, acked: false, re: true }, { from: 1, acked: false, re: false }], b: [{ from: 0, acked: false, re: false }], c: [] },
  };
  const STEPS = ['begin', 'archive', 'drain', 'forward', 'forward-half', 'fleet', 'commit', 'done'];
  it(`killed at each step (${STEPS.join(', ')}), recovery leaves the fleet fully after, messages conserved`, async () => {
    // One child per step, all at once: the steps are independent folders.
    await Promise.all(STEPS.map((step) => crashAndRecover(step)));
  }, 60_000);

  async function crashAndRecover(step: string): Promise<void> {
    const root = await writeRandomFleet(fleet);
    const before = await fleetFiles(root);
    const idsBefore = await messageIds(root);
    const expected = await plan(root, { mode: 'retire', seat: 'a', to: 'b' });
    const child = await run([childScript, root, 'retire', 'a', 'b', step]);
    expect(child.signal, `${step}: ${child.stderr}`).toBe('SIGKILL');
    const notes = await transactionNotes(root, NOW);
    if (step !== 'done' && step !== 'begin') expect(notes.map((n) => n.severity), step).toContain('error');
    const outcomes = await recoverTransactions(root, { graceMs: 1 });
    const journals = await listJournals(root);
    if (journals.length === 0) {
      // Killed before the journal was written: nothing happened at all.
      expect(await fleetFiles(root), step).toEqual(before);
      return;
    }
    expect(await readFile(join(root, 'fleet.yaml'), 'utf8'), step).toBe(expected.afterText);
    expect(journals.map((j) => j.state), step).toEqual(['committed']);
    if (step !== 'done') expect(outcomes.map((o) => o.outcome), step).toEqual(['finished']);
    const ids = await messageIds(root);
    expect(ids.originals, step).toEqual(idsBefore.originals);
    expect(ids.forwarded, step).toEqual(pendingMessages(before.get('inbox/a.jsonl') ?? '').map((m) => m.id).sort());
    expect((await transactionNotes(root, NOW)).every((n) => n.severity === 'info'), step).toBe(true);
  }

  it('rolls back when fleet.yaml was changed by someone else after the crash', async () => {
    const root = await writeRandomFleet(fleet);
    const before = await fleetFiles(root);
    const child = await run([childScript, root, 'retire', 'a', 'b', 'fleet']);
    expect(child.signal, child.stderr).toBe('SIGKILL');
    const edited = `${before.get('fleet.yaml')}# edited by a human\n`;
    await writeFile(join(root, 'fleet.yaml'), edited);
    const outcomes = await recoverTransactions(root, { graceMs: 1 });
    expect(outcomes.map((o) => o.outcome)).toEqual(['rolled-back']);
    const after = await fleetFiles(root);
    expect(after).toEqual(new Map([...before, ['fleet.yaml', edited]]));
  }, 20_000);
});

describe('retire transaction: another process appends meanwhile', () => {
  it('loses no line in 10 runs: each ends in the archive or the successor inbox', async () => {
    const missing = await Promise.all(Array.from({ length: 10 }, (_, runIndex) => appendDuringRetire(runIndex)));
    expect(missing.flat()).toEqual([]);
  }, 60_000);
});

async function appendDuringRetire(runIndex: number): Promise<string[]> {
  const root = await writeRandomFleet({ seats: ['a', 'b', 'c'], owns: { a: ['x'], b: [], c: [] }, handoffs: [], rules: [], inboxes: { a: [{ from: 2, acked: false, re: false }], b: [], c: [] } });
  const p = await plan(root, { mode: 'retire', seat: 'a', to: 'b' });
  const count = 2000;
  const child = spawn(process.execPath, [join(REPO, 'test/helpers/inboxAppender.mjs'), join(root, 'inbox/a.jsonl'), join(root, 'inbox/b.jsonl'), String(count), `r${runIndex}`]);
  const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  await new Promise<void>((started) => child.stdout.once('data', () => started()));
  const result = await applyRetirePlan(root, p, { graceMs: 10 });
  expect(result.ok).toBe(true);
  expect(await exited).toBe(0);
  // What arrived at the old path after the rename is forwarded, as the fleet service does.
  const registry = parseFleetYaml(await readFile(join(root, 'fleet.yaml'), 'utf8'));
  if (!registry.ok) throw new Error('fleet.yaml does not parse');
  await new LateForwarder(root).run(registry.registry);
  const files = await fleetFiles(root, true);
  const archived = [...files].filter(([rel]) => rel.startsWith('.seatmap/archive/')).map(([, text]) => text).join('');
  const successor = files.get('inbox/b.jsonl') ?? '';
  const found = new Set<string>();
  for (const text of [archived, successor]) for (const line of text.split('\n')) if (line) found.add((JSON.parse(line) as { id: string }).id);
  await rm(root, { recursive: true, force: true });
  return Array.from({ length: count }, (_, i) => `r${runIndex}-${i}`).filter((id) => !found.has(id));
}
