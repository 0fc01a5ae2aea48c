/**
 * The inbox line parser's fast path (shared/inboxLine.ts) must give exactly what the zod schemas
 * give, for any line: well-formed ones, and ones with a field of the wrong type, too long, empty,
 * null or missing, right at the limits.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseInboxLine, parseInboxLineBySchema } from '../../shared/inboxLine';

const RUNS = Number(process.env.PROPERTY_RUNS_SCALE ?? 1);

/** Strings right at and around the schema's length limits (1, 64, 256). */
const edgeString = fc.oneof(
  fc.string({ maxLength: 8 }),
  fc.constantFrom(0, 1, 63, 64, 65, 255, 256, 257).map((n) => 'x'.repeat(n)),
  fc.constantFrom('__proto__', 'constructor', '2026-11-20T07:02:00Z', 'é'.repeat(256), '😀'.repeat(128), '😀'.repeat(129)),
);
const anyValue = fc.oneof(
  { weight: 6, arbitrary: edgeString },
  fc.constant(null),
  fc.integer(),
  fc.boolean(),
  fc.array(edgeString, { maxLength: 3 }),
  fc.constantFrom(Array.from({ length: 1000 }, () => 'e'), Array.from({ length: 1001 }, () => 'e'), ['ok', 5], {}),
);
const short = (max: number) => fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom(max - 1, max, max + 1).map((n) => 'y'.repeat(n)));
/** A mostly well-formed message or ack (optional fields sometimes missing, lengths around the limits)... */
const wellFormed = fc.oneof(
  fc.record(
    { id: short(256).filter((s) => s.length > 0), ts: short(64), from: short(256).filter((s) => s.length > 0), to: short(256), type: short(64), subject: fc.string(), re: fc.option(short(256)), entities: fc.array(short(256), { maxLength: 3 }), body: fc.string() },
    { requiredKeys: ['id', 'from'] },
  ),
  fc.record({ ack: short(256).filter((s) => s.length > 0), ts: short(64), by: short(256) }, { requiredKeys: ['ack'] }),
);
const FIELDS = ['id', 'ack', 'ts', 'from', 'to', 'type', 'subject', 're', 'entities', 'by'] as const;
/** ...with up to two fields replaced by anything (wrong type, too long, null) or removed. */
const lineObject = fc
  .tuple(wellFormed, fc.array(fc.tuple(fc.constantFrom(...FIELDS), fc.option(anyValue, { nil: undefined })), { maxLength: 2 }))
  .map(([base, changes]) => {
    const object: Record<string, unknown> = { ...base };
    for (const [key, value] of changes) {
      if (value === undefined) delete object[key];
      else object[key] = value;
    }
    return object;
  });

describe('parseInboxLine fast path', () => {
  it('parses every line exactly as the zod schemas do', () => {
    fc.assert(
      fc.property(lineObject, fc.nat(1000), fc.nat(100_000), (object, line, offset) => {
        const text = JSON.stringify(object);
        expect(parseInboxLine(text, line, offset)).toEqual(parseInboxLineBySchema(text, line, offset));
      }),
      { numRuns: 2000 * RUNS },
    );
  });

  it('takes well-formed lines without the schema and agrees on them', () => {
    const message = '{"id":"m-1","ts":"2026-11-20T07:02:00Z","from":"dash","to":"radar","type":"REQUEST","subject":"Hi","re":null,"entities":["client:acme"],"body":"x"}';
    const ack = '{"ack":"m-1","ts":"2026-11-20T08:00:00Z","by":"radar"}';
    for (const text of [message, ack]) {
      const parsed = parseInboxLine(text, 2, 10);
      expect(parsed.kind).not.toBe('problem');
      expect(parsed).toEqual(parseInboxLineBySchema(text, 2, 10));
    }
  });
});
