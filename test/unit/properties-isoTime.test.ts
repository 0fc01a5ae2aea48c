/**
 * `parseIsoTime` (shared/isoTime.ts) reads the form `toISOString` writes without `Date.parse`; for
 * any string at all it must give exactly what `Date.parse` gives (NaN included).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseIsoTime } from '../../shared/isoTime';

const RUNS = Number(process.env.PROPERTY_RUNS_SCALE ?? 1);

/** Times from year 0 to 9999 and a little beyond, as toISOString writes them, with and without milliseconds. */
const isoArb = fc
  .tuple(fc.integer({ min: -62_198_755_200_000, max: 253_402_300_799_999 + 1000 }), fc.boolean())
  .map(([ms, withMs]) => {
    const text = new Date(ms).toISOString();
    return withMs || text.length !== 24 ? text : `${text.slice(0, 19)}Z`;
  });
/** One character changed, to a digit, a separator or a letter: days past a month's end, hour 24, a lower-case z… */
const nearIsoArb = fc.tuple(isoArb, fc.nat(30), fc.constantFrom(...'0123456789-:.TZtz +9'.split(''))).map(([text, at, c]) => {
  const i = at % text.length;
  return text.slice(0, i) + c + text.slice(i + 1);
});
const dayEdgesArb = fc
  .tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }), fc.integer({ min: 0, max: 25 }), fc.integer({ min: 0, max: 61 }))
  .map(([y, m, d, h, s]) => `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}T${String(h).padStart(2, '0')}:${String(s).padStart(2, '0')}:${String(s).padStart(2, '0')}.000Z`);

describe('parseIsoTime', () => {
  it('gives what Date.parse gives, for ISO times, near misses and any string', () => {
    fc.assert(
      fc.property(fc.oneof(isoArb, nearIsoArb, dayEdgesArb, fc.string({ maxLength: 30 })), (text) => {
        expect(Object.is(parseIsoTime(text), Date.parse(text)), text).toBe(true);
      }),
      { numRuns: 5000 * RUNS },
    );
  });

  it('reads leap days, month ends and the edges of the range', () => {
    for (const text of ['2024-02-29T23:59:59.999Z', '2026-02-28T00:00:00Z', '2000-02-29T12:00:00.000Z', '1900-02-28T00:00:00.000Z', '0000-01-01T00:00:00.000Z', '9999-12-31T23:59:59.999Z', '1969-12-31T23:59:59.999Z']) {
      expect(parseIsoTime(text), text).toBe(Date.parse(text));
    }
  });
});
