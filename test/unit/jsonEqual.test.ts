/** jsonEqual (shared/jsonEqual.ts) answers exactly what comparing JSON.stringify texts answers. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonEqual } from '../../shared/jsonEqual';

const RUNS = Number(process.env.PROPERTY_RUNS_SCALE ?? 1);

/** Small values that JSON writes oddly (NaN, -0, undefined, functions) beside plain ones. */
const leaf = fc.oneof(
  fc.constantFrom(null, undefined, true, false, 0, -0, 1, NaN, Infinity, -Infinity, '', 'a', 'null', () => 1, new Date(0)),
  fc.integer({ min: -3, max: 3 }),
  fc.string({ maxLength: 2 }),
);
const { value } = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(fc.constantFrom('a', 'b', 'c'), tie('value'), { maxKeys: 3 }),
  ),
}));
/** A pair that is often equal or nearly so (the same value, or one small edit), not only random. */
const pair = fc.oneof(
  fc.tuple(value, value),
  value.map((v) => [v, structuredCloneSafe(v)] as const),
  fc.tuple(value, leaf).map(([v, l]) => [v, edit(v, l)] as const),
);

function structuredCloneSafe(v: unknown): unknown {
  try {
    return structuredClone(v);
  } catch {
    return v;
  }
}

function edit(v: unknown, l: unknown): unknown {
  if (Array.isArray(v)) return v.length ? [...v.slice(0, -1), l] : [l];
  if (v && typeof v === 'object' && !(v instanceof Date)) {
    const keys = Object.keys(v);
    return keys.length ? { ...v, [keys[0]!]: l } : { a: l };
  }
  return l;
}

describe('jsonEqual', () => {
  it('agrees with comparing JSON texts', () => {
    fc.assert(
      fc.property(pair, ([a, b]) => {
        expect(jsonEqual(a, b)).toBe(JSON.stringify(a) === JSON.stringify(b));
      }),
      { numRuns: 3000 * RUNS },
    );
  });

  it('follows JSON on the odd cases', () => {
    expect(jsonEqual({ a: 1, b: undefined }, { a: 1 })).toBe(true);
    expect(jsonEqual([undefined], [null])).toBe(true);
    expect(jsonEqual(NaN, null)).toBe(true);
    expect(jsonEqual({ a: 1, b: 2 }, { b: 2, a: 1 })).toBe(false);
    expect(jsonEqual([1, 2], { 0: 1, 1: 2 })).toBe(false);
  });
});
