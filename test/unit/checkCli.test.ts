/**
 * `seatmap check` (docs/fleet-format.md contract): the real command, spawned, on fixture fleets.
 */
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createDemoFleet } from '../../service/demo';
import { SIGNAL_KINDS } from '../../shared/signalTypes';
import { FIXTURES, makeFleetDir, removeDir } from '../helpers/fleetDir';

const BIN = resolve(FIXTURES, '..', '..', 'bin', 'seatmap.mjs');
const NOW = '2026-11-20T08:00:00Z';
const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map(removeDir));
});

function check(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [BIN, 'check', ...args]);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    child.on('error', fail);
    child.on('exit', (code) => done({ code, stdout, stderr }));
  });
}

describe('seatmap check', () => {
  it('exits 0 with nothing to report on a healthy fleet', async () => {
    const result = await check(join(FIXTURES, 'healthy'), '--now', NOW);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toContain('Healthy Fleet: 3 seats, 3 handoffs, 2 messages');
    expect(result.stdout).toContain('No problems found.');
  });

  it('prints one JSON object of the contract’s shape, the same for the same --now', async () => {
    const first = await check(join(FIXTURES, 'small-agency'), '--json', '--now', NOW);
    const second = await check(join(FIXTURES, 'small-agency'), '--json', '--now', NOW);
    expect(first.code).toBe(0);
    expect(first.stdout).toBe(second.stdout);
    const report = JSON.parse(first.stdout) as Record<string, unknown>;
    expect(Object.keys(report).sort()).toEqual(['diagnostics', 'fleet', 'signals']);
    expect(report.fleet).toEqual({ name: 'Small Agency', seats: 5, handoffs: 3, messages: 3 });
    const signals = report.signals as Array<Record<string, unknown>>;
    expect(signals.map((s) => s.kind).sort()).toEqual(['stale-state', 'undesigned-traffic']);
    for (const signal of signals) {
      expect(signal).toMatchObject({ kind: expect.any(String), severity: 'warning', seats: expect.any(Array), files: expect.any(Array), message: expect.any(String) });
    }
    expect(signals.find((s) => s.kind === 'stale-state')).toMatchObject({ files: ['state/pulse/watchlist.json'], ageMs: 20 * 3_600_000, limitMs: 18 * 3_600_000 });
    const later = JSON.parse((await check(join(FIXTURES, 'small-agency'), '--json', '--now', '2026-11-22T08:00:00Z')).stdout) as { signals: unknown[] };
    expect(later.signals.length).toBeGreaterThan(signals.length);
  });

  it('exits 1 when an invariant is broken, and finds every signal kind in the demo fleet', async () => {
    const dir = await makeFleetDir();
    dirs.push(dir);
    await createDemoFleet(dir, Date.parse(NOW));
    const result = await check(dir, '--json', '--now', NOW);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as { signals: Array<{ kind: string; severity: string }> };
    expect([...new Set(report.signals.map((s) => s.kind))].sort()).toEqual([...SIGNAL_KINDS].sort());
    expect(report.signals.some((s) => s.severity === 'error')).toBe(true);
  });

  it.each([
    ['a folder that does not exist', async () => '/nonexistent/fleet', /No folder at \/nonexistent\/fleet/],
    ['a folder without fleet.yaml', async () => makeFleetDir({ 'inbox/a.jsonl': '' }), /fleet\.yaml: fleet\.yaml is missing/],
    ['a fleet.yaml that does not parse', async () => makeFleetDir({ 'fleet.yaml': 'version: 1\nseats:\n  a: {name: x]\n' }), /fleet\.yaml:3:\d+: fleet\.yaml does not parse/],
  ])('exits 2 with one line on stderr for %s', async (_name, makeDir, pattern) => {
    const dir = await makeDir();
    if (dir.startsWith('/tmp')) dirs.push(dir);
    const result = await check(dir, '--now', NOW);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(pattern);
  });

  it('refuses a bad --now with exit 2', async () => {
    const result = await check(join(FIXTURES, 'healthy'), '--now', 'tomorrow');
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--now must be an ISO time/);
  });

  it('reports diagnostics with file and line and counts them as errors', async () => {
    const dir = await makeFleetDir({ 'fleet.yaml': 'version: 1\nseats:\n  a: { owner: h }\n  h: { kind: human }\nhandoffs:\n  - { from: a, to: ghost }\n' });
    dirs.push(dir);
    const result = await check(dir, '--now', NOW);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/error {3}fleet\.yaml:6:\d+: Handoff 1 to "ghost": no such seat in fleet\.yaml/);
  });
});
