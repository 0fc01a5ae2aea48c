/** Planning a retire or merge (pure): golden fleet.yaml diffs on a commented file, suggestions, refusals. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateDemoFleet } from '../../shared/demo/demoFleet';
import { parseFleetYaml } from '../../shared/parseFleet';
import { planRetire, type PlanInput } from '../../shared/retire/plan';
import type { RetireRequest } from '../../shared/retire/types';
import { FIXTURES } from '../helpers/fleetDir';

const NOW = Date.parse('2026-11-20T07:00:00Z');
const agency = readFileSync(join(FIXTURES, 'commands', 'agency.yaml'), 'utf8');
const golden = (name: string) => readFileSync(join(FIXTURES, 'retire', name), 'utf8');

function plan(text: string, request: RetireRequest, extra: Partial<PlanInput> = {}) {
  return planRetire({ text, hash: 'h'.repeat(64), inboxes: [], stateFiles: [], activity: [], now: NOW, ...extra }, request);
}

function ok(result: ReturnType<typeof plan>) {
  if (!result.ok) throw new Error(result.refusal.message);
  return result.plan;
}

describe('planRetire: fleet.yaml edits', () => {
  it('retires a block seat: comments and style kept, the golden diff', () => {
    const p = ok(plan(agency, { mode: 'retire', seat: 'pulse', to: 'dirk', reason: 'Retention moves to sales' }));
    expect(p.diff).toBe(golden('retire-pulse.diff'));
    const after = parseFleetYaml(p.afterText);
    if (!after.ok) throw new Error('does not parse');
    const pulse = after.registry.seats.find((s) => s.id === 'pulse');
    expect(pulse).toMatchObject({ status: 'retired', retiredAt: '2026-11-20T07:00:00Z', reason: 'Retention moves to sales' });
    expect(pulse?.successors).toMatchObject({ domains: { retention: 'dirk', 'churn-risk': 'dirk' }, inbox: 'dirk' });
    expect(after.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(p.notes.join('\n')).toContain('Dropped the handoff Pulse → Dirk');
  });

  it('merges a flow-style seat into another: handoff rewired through the moved file, the golden diff', () => {
    const p = ok(plan(agency, { mode: 'merge', seat: 'dash', to: 'pulse' }));
    expect(p.diff).toBe(golden('merge-dash-into-pulse.diff'));
    expect(p.afterText).toContain('# Overnight numbers feed the briefing.');
    expect(p.agentChanges).toContain('Radar reads state/dash/anomalies.json: point it at state/pulse/anomalies.json.');
  });

  it('suggests the seat that already owns each domain (the demo: Jeff to Dash and Atlas)', () => {
    const demo = generateDemoFleet({ now: NOW }).files.find((f) => f.path === 'fleet.yaml')?.content as string;
    const p = ok(plan(demo, { mode: 'retire', seat: 'jeff', to: 'dash' }));
    const targets = Object.fromEntries(p.items.map((i) => [i.key, i.target]));
    expect(targets).toMatchObject({ 'domain:ad-analytics': 'dash', 'domain:project-tracking': 'atlas', 'domain:data-integrity': 'dash', 'rule:atlas>jeff#1': 'drop' });
    expect(p.impact.candidates.slice(0, 2).map((c) => c.seat).sort()).toEqual(['atlas', 'dash']);
    const after = parseFleetYaml(p.afterText);
    if (!after.ok) throw new Error('does not parse');
    expect(after.registry.seats.find((s) => s.id === 'atlas')?.owns).toContain('project-tracking');
  });

  it('applies --move choices given bare or with their kind', () => {
    const p = ok(plan(agency, { mode: 'retire', seat: 'pulse', to: 'dirk', moves: { 'churn-risk': 'dash', 'domain:retention': 'radar' } }));
    const after = parseFleetYaml(p.afterText);
    if (!after.ok) throw new Error('does not parse');
    expect(after.registry.seats.find((s) => s.id === 'dash')?.owns).toContain('churn-risk');
    expect(after.registry.seats.find((s) => s.id === 'radar')?.owns).toContain('retention');
  });
});

describe('planRetire: refusals', () => {
  const cases: Array<[string, RetireRequest, string]> = [
    ['an unknown seat', { mode: 'retire', seat: 'nobody', to: 'dirk' }, 'unknown-seat'],
    ['a missing successor', { mode: 'retire', seat: 'pulse', to: 'nobody' }, 'successor-missing'],
    ['a retired successor', { mode: 'retire', seat: 'pulse', to: 'scout' }, 'successor-retired'],
    ['an already retired seat', { mode: 'retire', seat: 'scout', to: 'dash' }, 'already-retired'],
    ['merging a seat into itself', { mode: 'merge', seat: 'dash', to: 'dash' }, 'cycle'],
    ['dropping the last owner of a domain', { mode: 'retire', seat: 'pulse', to: 'dirk', moves: { retention: 'drop' } }, 'bad-move'],
    ['a move of something the seat does not have', { mode: 'retire', seat: 'pulse', to: 'dirk', moves: { nothing: 'dirk' } }, 'bad-move'],
    ['a domain given to a seat that says it does not own it', { mode: 'merge', seat: 'dash', to: 'radar' }, 'bad-move'],
  ];
  for (const [what, request, code] of cases) {
    it(`refuses ${what}`, () => {
      const result = plan(agency, request);
      expect(result.ok ? 'planned' : result.refusal.code).toBe(code);
    });
  }

  it('refuses a cycle of merges (merging back into a seat retired into this one)', () => {
    const text = agency.replace('successors: { ad-analytics: dash }', 'successors: { inbox: dash }');
    const result = plan(text, { mode: 'merge', seat: 'dash', to: 'scout' });
    expect(result.ok ? 'planned' : result.refusal.code).toBe('cycle');
  });

  it('refuses a broken fleet.yaml, and one that changed since the plan', () => {
    expect(plan('seats: [oops', { mode: 'retire', seat: 'a', to: 'b' })).toMatchObject({ ok: false, refusal: { code: 'broken-file' } });
    expect(plan(agency, { mode: 'retire', seat: 'pulse', to: 'dirk', baseHash: 'a'.repeat(64) })).toMatchObject({ ok: false, refusal: { code: 'changed' } });
  });
});
