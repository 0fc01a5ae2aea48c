import { describe, expect, it } from 'vitest';
import { applyPatch, diffSnapshots, PatchGapError } from '../../shared/patch';
import type { FleetSnapshot, SeatView } from '../../shared/snapshot';

function seat(id: string, total = 0): SeatView {
  return {
    id, name: id, kind: 'agent', owner: null, role: '', owns: [], notOwns: [], status: 'active', retiredAt: null, reason: null,
    successors: null, writes: [], reads: [], inbox: { total, unread: total, oldestUnreadTs: null, lastTs: null, problems: 0 }, undeclared: false,
  };
}

function snapshot(revision: number, seats: SeatView[]): FleetSnapshot {
  return {
    fleetKey: 'k', revision, root: '/f', name: 'F', version: 1, now: 1,
    thresholds: { staleAfterMs: 1, backlogAfterMs: 1, quietAfterMs: 1, overlapWindowMs: 1 },
    seats, handoffs: [], traffic: [], rules: [], stateFiles: [], signals: [], diagnostics: [], fleetError: null, fleetHash: null,
    watcher: { status: 'watching', message: null, files: 0 }, totals: { messages: 0, inboxBytes: 0 },
  };
}

describe('diffSnapshots / applyPatch', () => {
  it('round-trips and keeps unchanged entries identical', () => {
    const a = snapshot(1, [seat('a'), seat('b'), seat('c')]);
    const b = snapshot(2, [seat('a'), seat('b', 5), seat('d')]);
    const patch = diffSnapshots(a, b)!;
    expect(patch.collections.seats).toEqual({ upsert: [seat('b', 5), seat('d')], remove: ['c'] });
    const applied = applyPatch(a, patch);
    expect(applied).toEqual(b);
    expect(applied.seats[0]).toBe(a.seats[0]);
    expect(applied.seats[1]).not.toBe(a.seats[1]);
  });

  it('a patch that only replaces entries gives the same id-ordered result as one that adds or removes', () => {
    const a = snapshot(1, [seat('a'), seat('b'), seat('c')]);
    const replaced = applyPatch(a, diffSnapshots(a, snapshot(2, [seat('a'), seat('b', 5), seat('c', 1)]))!);
    expect(replaced.seats).toEqual([seat('a'), seat('b', 5), seat('c', 1)]);
    expect(replaced.seats[0]).toBe(a.seats[0]);
    // A collection not in id order (as a host may send it) comes back in id order either way.
    const unordered = snapshot(1, [seat('c'), seat('a'), seat('b')]);
    const patch = { fleetKey: 'k', from: 1, to: 2, collections: { seats: { upsert: [seat('a', 2)], remove: [] } }, scalars: {} };
    expect(applyPatch(unordered, patch).seats.map((s) => s.id)).toEqual(['a', 'b', 'c']);
    expect(applyPatch(unordered, patch).seats[0]).toEqual(seat('a', 2));
    // A new id among replacements is placed in order.
    const added = applyPatch(a, { ...patch, collections: { seats: { upsert: [seat('b', 1), seat('ab')], remove: [] } } });
    expect(added.seats.map((s) => s.id)).toEqual(['a', 'ab', 'b', 'c']);
  });

  it('returns null when nothing changed, and can ignore a scalar', () => {
    expect(diffSnapshots(snapshot(1, [seat('a')]), snapshot(2, [seat('a')]))).toBeNull();
    expect(diffSnapshots(snapshot(1, []), { ...snapshot(2, []), now: 99 }, ['now'])).toBeNull();
    expect(diffSnapshots(snapshot(1, []), { ...snapshot(2, []), now: 99 })?.scalars).toEqual({ now: 99 });
  });

  it('refuses a patch that does not follow on', () => {
    const patch = diffSnapshots(snapshot(2, []), snapshot(3, [seat('a')]))!;
    expect(() => applyPatch(snapshot(1, []), patch)).toThrow(PatchGapError);
    expect(() => applyPatch({ ...snapshot(2, []), fleetKey: 'other' }, patch)).toThrow(PatchGapError);
  });
});
