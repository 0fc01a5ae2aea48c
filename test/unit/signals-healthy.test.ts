import { describe, expect, it } from 'vitest';
import { deriveSignals } from '../../shared/signals';
import { D, H, NOW, healthyFleet, msg, stateFile } from './signals-fixtures';

describe('deriveSignals on a healthy fleet', () => {
  it('shows nothing', () => {
    expect(deriveSignals(healthyFleet())).toEqual([]);
  });

  it('shows nothing on an empty fleet', () => {
    const fleet = healthyFleet();
    expect(deriveSignals({ ...fleet, registry: { ...fleet.registry, seats: [], handoffs: [], rules: [] }, inboxes: [], stateFiles: [], activity: [] })).toEqual([]);
  });

  it('is sorted by id, deterministic, and does not mutate its input', () => {
    const fleet = healthyFleet();
    fleet.stateFiles = [...fleet.stateFiles, stateFile('state/dash/extra.json', NOW - 3 * D)];
    fleet.inboxes[0]!.messages.push(msg('dash', fleet.inboxes[0]!.seat, 'x-1', NOW - 2 * D));
    const before = JSON.stringify(fleet);
    const first = deriveSignals(fleet);
    const second = deriveSignals({ ...fleet, inboxes: [...fleet.inboxes].reverse(), stateFiles: [...fleet.stateFiles].reverse() });
    expect(first.length).toBeGreaterThan(2);
    expect(first.map((s) => s.id)).toEqual([...first.map((s) => s.id)].sort());
    expect(second).toEqual(first);
    expect(new Set(first.map((s) => s.id)).size).toBe(first.length);
    expect(JSON.stringify(fleet)).toBe(before);
  });

  it('turns a file stale by the clock alone', () => {
    const fleet = healthyFleet();
    expect(deriveSignals({ ...fleet, now: NOW + 13 * H }).map((s) => s.id)).toContain('stale-state:state/dash/anomalies.json');
  });
});
