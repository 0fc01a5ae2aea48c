/** Large synthetic fleets for tests and benchmarks: valid, deterministic and healthy by construction. */
import { afterEach, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { writeFleet } from '../../service/demo';
import { FleetService } from '../../service/fleetService';
import { generateLargeFleet } from '../../shared/demo';
import { SEAT_ID_PATTERN } from '../../shared/ids';
import { deriveSignals } from '../../shared/signals';
import { makeFleetDir, removeDir } from '../helpers/fleetDir';
import { toSignalInput } from './demo-parse';

const NOW = Date.parse('2026-11-20T07:30:00Z');
const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map(removeDir));
});

describe('generateLargeFleet', () => {
  const fleet = generateLargeFleet({ now: NOW, seed: 7, seats: 200 });
  const yaml = parseYaml(fleet.files.find((f) => f.path === 'fleet.yaml')!.content) as {
    seats: Record<string, { kind?: string; owner?: string }>;
    handoffs: Array<{ from: string; to: string; via: string }>;
  };

  it('is deterministic for a seed', () => {
    expect(generateLargeFleet({ now: NOW, seed: 7, seats: 200 })).toEqual(fleet);
    expect(generateLargeFleet({ now: NOW, seed: 8, seats: 200 })).not.toEqual(fleet);
  });

  it('has 200 valid seats in teams, handoffs between declared seats, within and across teams', () => {
    const ids = Object.keys(yaml.seats);
    expect(ids).toHaveLength(200);
    for (const id of ids) expect(id).toMatch(SEAT_ID_PATTERN);
    for (const h of yaml.handoffs) expect(ids.includes(h.from) && ids.includes(h.to)).toBe(true);
    expect(yaml.handoffs.some((h) => h.from.slice(0, 3) !== h.to.slice(0, 3))).toBe(true);
    expect(yaml.handoffs.some((h) => h.via === 'inbox' && h.from.slice(0, 3) === h.to.slice(0, 3))).toBe(true);
    for (const [id, seat] of Object.entries(yaml.seats)) if (seat.kind !== 'human') expect(yaml.seats[seat.owner!]?.kind, id).toBe('human');
    const input = toSignalInput(fleet.files, NOW);
    expect(input.problems).toEqual([]);
    expect(input.registry.seats).toHaveLength(200);
  });

  it('writes valid inbox lines with `to` = the inbox owner, about messagesPerInbox per fed inbox', () => {
    const inboxes = fleet.files.filter((f) => f.path.startsWith('inbox/'));
    expect(inboxes.length).toBeGreaterThan(150);
    for (const file of inboxes) {
      const owner = file.path.slice('inbox/'.length, -'.jsonl'.length);
      const lines = file.content.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
      for (const line of lines) {
        if ('ack' in line) expect(line.by).toBe(owner);
        else expect(line.to).toBe(owner);
      }
      expect(lines.filter((l) => 'id' in l).length % 20).toBe(0);
    }
    const small = generateLargeFleet({ now: NOW, seed: 7, seats: 30, messagesPerInbox: 3 });
    const counts = small.files.filter((f) => f.path.startsWith('inbox/')).map((f) => f.content.split('\n').filter((l) => l.includes('"id"')).length);
    expect(Math.max(...counts)).toBeLessThanOrEqual(6);
  });

  it('is healthy: deriveSignals finds nothing', () => {
    expect(deriveSignals(toSignalInput(fleet.files, NOW))).toEqual([]);
  });

  it.each([1, 2, 10, 11, 25])('makes a valid fleet of %i seats', (seats) => {
    const input = toSignalInput(generateLargeFleet({ now: NOW, seats }).files, NOW);
    expect(input.problems).toEqual([]);
    expect(input.registry.seats).toHaveLength(seats);
  });

  it('rejects a fleet of no seats', () => {
    expect(() => generateLargeFleet({ now: NOW, seats: 0 })).toThrow(/at least one seat/);
  });

  it('is read from disk by the fleet service', async () => {
    const dir = await makeFleetDir();
    dirs.push(dir);
    await writeFleet(dir, fleet.files);
    const service = await FleetService.open({ root: dir, now: () => NOW, watch: false });
    try {
      const snapshot = service.snapshot();
      expect(snapshot.seats).toHaveLength(200);
      expect(snapshot.diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
      expect(snapshot.signals).toEqual([]);
    } finally {
      await service.close();
    }
  });
});
