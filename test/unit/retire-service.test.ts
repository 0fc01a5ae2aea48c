/**
 * Retire through the hosts: the fleet service (apply, late traffic forwarded and reported by the
 * retired-traffic signal, recovery on open), and the `seatmap retire` / `merge` commands.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { appendFile, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FleetService } from '../../service/fleetService';
import { planOnDisk } from '../../service/retire/planOnDisk';
import { applyRetirePlan } from '../../service/retire/transaction';
import { createDemoFleet } from '../../service/demo';
import { runCheck } from '../../service/cli/check';
import { runRetireCli, type RetireCliOptions } from '../../service/cli/retire';
import { FIXTURES, makeFleetDir, removeDir, waitFor } from '../helpers/fleetDir';
import { fleetFiles } from '../helpers/retireFleet';

const BIN = resolve(FIXTURES, '..', '..', 'bin', 'seatmap.mjs');
const services: FleetService[] = [];
const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(services.splice(0).map((s) => s.close()));
  await Promise.all(dirs.splice(0).map(removeDir));
});

const NOW = Date.parse('2026-11-20T12:00:00Z');
const msg = (id: string, from: string, to: string, ts = '2026-11-20T11:00:00Z') => `${JSON.stringify({ id, ts, from, to, subject: id })}\n`;
const FLEET = `version: 1
seats:
  a: { name: Ada, kind: agent, owner: h, owns: [x] }   # retiring
  b: { name: Bo, kind: agent, owner: h }
  c: { name: Cy, kind: agent, owner: h }
handoffs:
  - { from: c, to: a, via: inbox, what: requests }
`;

describe('retire in the fleet service', () => {
  it('applies, forwards traffic that still arrives for the retired seat, and reports the sender', async () => {
    const root = await makeFleetDir({ 'fleet.yaml': FLEET, 'inbox/a.jsonl': msg('m1', 'c', 'a') });
    dirs.push(root);
    const service = await FleetService.open({ root, now: () => NOW });
    services.push(service);
    const planned = await service.planRetire({ mode: 'retire', seat: 'a', to: 'b' });
    expect(planned.ok && planned.plan.forward.map((f) => f.id)).toEqual(['m1']);
    const result = await service.applyRetire({ mode: 'retire', seat: 'a', to: 'b', baseHash: service.snapshot().fleetHash ?? undefined });
    expect(result).toMatchObject({ ok: true });
    expect(service.snapshot().seats.find((s) => s.id === 'a')?.status).toBe('retired');
    expect(service.snapshot().handoffs.map((h) => h.id)).toEqual(['c->b@inbox']);
    // c has not been told yet: its next message lands at the old path.
    await appendFile(join(root, 'inbox/a.jsonl'), msg('m2', 'c', 'a', '2026-11-20T12:00:00Z'));
    await waitFor(() => service.snapshot().signals.find((s) => s.kind === 'retired-traffic'), { subscribe: (wake) => service.subscribe(wake), describe: () => 'a retired-traffic signal' });
    const signal = service.snapshot().signals.find((s) => s.kind === 'retired-traffic');
    expect(signal?.message).toBe('Cy still sends to Ada, a retired seat: 1 message since it was retired, forwarded to Bo');
    let forwarded = '';
    await waitFor(() => {
      forwarded = readFileSync(join(root, 'inbox/b.jsonl'), 'utf8');
      return forwarded.includes('"id":"m2"');
    }, { describe: () => 'm2 forwarded to b' });
    expect(forwarded.split('\n').filter((l) => l.includes('"id":"m2"'))).toHaveLength(1);
    expect(JSON.parse(forwarded.split('\n').find((l) => l.includes('"id":"m2"')) as string)).toMatchObject({ id: 'm2', from: 'c', to: 'b', forwardedFrom: 'a' });
  });

  it('an interrupted transaction: seatmap check reports it, opening the fleet finishes it and says so', async () => {
    const root = await makeFleetDir({ 'fleet.yaml': FLEET, 'inbox/a.jsonl': msg('m1', 'c', 'a') });
    dirs.push(root);
    const planned = await planOnDisk(root, { inboxes: [], stateFiles: [], activity: [], now: NOW }, { mode: 'retire', seat: 'a', to: 'b' });
    if (!planned.ok) throw new Error(planned.refusal.message);
    // The process "dies" as the fleet.yaml step starts (the crash test kills a real process; here the step throws).
    await expect(
      applyRetirePlan(root, planned.plan, {
        graceMs: 1,
        onStep: (step) => {
          if (step === 'fleet') throw new Error('killed');
        },
      }),
    ).rejects.toThrow('killed');
    const check = await runCheck(root, { json: false, now: NOW });
    expect(check.exitCode).toBe(1);
    expect(check.stdout).toContain('A retire of a was interrupted at step "fleet"');
    const service = await FleetService.open({ root, now: () => NOW });
    services.push(service);
    expect(service.snapshot().seats.find((s) => s.id === 'a')?.status).toBe('retired');
    expect(service.snapshot().diagnostics.map((d) => d.message).join('\n')).toMatch(/The interrupted retire of a was finished on recovery/);
    expect((await runCheck(root, { json: false, now: NOW })).stdout).toContain('was finished on recovery');
  });

  it('refuses an apply against a stale baseHash, writing nothing', async () => {
    const root = await makeFleetDir({ 'fleet.yaml': FLEET });
    dirs.push(root);
    const service = await FleetService.open({ root, now: () => NOW, watch: false });
    services.push(service);
    const before = await fleetFiles(root);
    expect(await service.applyRetire({ mode: 'retire', seat: 'a', to: 'b', baseHash: 'f'.repeat(64) })).toMatchObject({ ok: false, refusal: { code: 'changed' } });
    expect(await fleetFiles(root)).toEqual(before);
  });
});

function cli(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [BIN, ...args]);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    child.on('error', fail);
    child.on('exit', (code) => done({ code, stdout, stderr }));
  });
}

const retire = (dir: string, seat: string, to: string, more: Partial<RetireCliOptions> = {}) =>
  runRetireCli({ mode: 'retire', dir, seat, to, moves: [], dryRun: false, json: false, graceMs: 5, ...more });

describe('seatmap retire / merge', () => {
  it('plans with --dry-run (writing nothing), applies, clears the overlap, and refuses a second time', async () => {
    const root = await createDemoFleet(await makeFleetDir());
    dirs.push(root);
    const before = await fleetFiles(root, true);
    const moves = ['project-tracking=atlas'];
    const dry = await retire(root, 'jeff', 'dash', { moves, reason: 'Overlapped analytics and projects', dryRun: true, json: true });
    expect(dry.exitCode, dry.stderr).toBe(0);
    const report = JSON.parse(dry.stdout) as { applied: boolean; plan: { diff: string; archive: string[] } };
    expect(report.applied).toBe(false);
    expect(report.plan.diff).toContain('+    status: retired');
    expect(report.plan.archive).toEqual(['inbox/jeff.jsonl']);
    expect(await fleetFiles(root, true)).toEqual(before);
    expect(existsSync(join(root, '.seatmap', 'journal')), 'a dry run creates no folder either').toBe(false);

    const applied = await retire(root, 'jeff', 'dash', { moves, reason: 'Overlapped analytics and projects' });
    expect(applied.exitCode, applied.stderr).toBe(0);
    expect(applied.stdout).toMatch(/Retired jeff: \d+ messages? forwarded to dash \(transaction /);
    const check = await runCheck(root, { json: true, now: Date.now() });
    const kinds = (JSON.parse(check.stdout) as { signals: Array<{ kind: string; seats: string[] }> }).signals.filter((s) => s.seats.includes('jeff')).map((s) => s.kind);
    expect(kinds).toEqual([]);

    // The real command, spawned once: the refusal's exit code and stderr.
    const again = await cli('retire', root, 'jeff', '--to', 'dash');
    expect(again).toMatchObject({ code: 1, stdout: '' });
    expect(again.stderr).toContain('Jeff (jeff) is already retired');
  }, 60_000);

  it('merges, and exits 2 on a fleet it cannot read, 1 on a bad --move', async () => {
    const root = await makeFleetDir({ 'fleet.yaml': FLEET, 'inbox/a.jsonl': msg('m1', 'c', 'a') });
    dirs.push(root);
    expect((await retire(root, 'a', 'b', { mode: 'merge', moves: ['nothing'] })).exitCode).toBe(1);
    const merged = await retire(root, 'a', 'b', { mode: 'merge' });
    expect(merged.exitCode, merged.stderr).toBe(0);
    expect(await readFile(join(root, 'fleet.yaml'), 'utf8')).toContain('reason: Merged into Bo');
    await writeFile(join(root, 'fleet.yaml'), 'seats: [broken');
    expect((await retire(root, 'b', 'c', { mode: 'merge' })).exitCode).toBe(2);
    expect((await retire(join(root, 'missing'), 'a', 'b')).exitCode).toBe(2);
  }, 60_000);
});
