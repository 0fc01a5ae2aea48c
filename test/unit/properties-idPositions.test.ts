/**
 * IdPositions (shared/signals/idPositions.ts), the inbox index's table of first positions by id,
 * must answer as a Map filled with "first one wins" does, through its growth and for ids of any
 * characters and length.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IdPositions } from '../../shared/signals/idPositions';

const RUNS = Number(process.env.PROPERTY_RUNS_SCALE ?? 1);

function check(ids: readonly string[], probes: readonly string[]): void {
  const table = new IdPositions((position) => ids[position]!);
  const first = new Map<string, number>();
  ids.forEach((id, position) => {
    expect(table.firstOrAdd(id, position)).toBe(first.get(id) ?? -1);
    if (!first.has(id)) first.set(id, position);
  });
  expect(table.size).toBe(first.size);
  for (const id of [...ids, ...probes]) expect(table.get(id)).toBe(first.get(id) ?? -1);
}

describe('IdPositions', () => {
  it('gives the first position of every id, as a Map does', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('a', 'b', '', 'é', '😀', 'x'.repeat(256))), { maxLength: 300 }), fc.array(fc.string({ maxLength: 6 }), { maxLength: 20 }), (ids, probes) => check(ids, probes)),
      { numRuns: 300 * RUNS },
    );
  });

  it('tells apart ids whose hashes are equal', () => {
    // Pairs with the same FNV-1a hash.
    check(['costarring', 'declinate', 'liquid', 'macallums', 'costarring', 'altarage'], ['zinke', 'liquid']);
  });

  it('keeps them through many growths of its table', () => {
    const ids = Array.from({ length: 30_000 }, (_, i) => (i % 7 === 0 ? `m-${i >> 1}` : `${i.toString(36)}-${(i * 7919) % 1000}`));
    check(ids, ['m-', 'nope', '0']);
  });
});
