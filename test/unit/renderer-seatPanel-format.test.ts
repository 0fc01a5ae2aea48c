import { describe, expect, it } from 'vitest';
import { splitMarkdown } from '../../renderer/src/seatPanel/bodyChunks';
import { describeSuccessors } from '../../renderer/src/seatPanel/successors';
import { formatDuration, formatRelative, freshness } from '../../renderer/src/seatPanel/timeFormat';

const NOW = Date.parse('2026-11-24T08:00:00Z');
const MIN = 60_000;
const HOUR = 60 * MIN;

describe('formatDuration and formatRelative', () => {
  it.each([
    [30_000, '30s'],
    [5 * MIN, '5m'],
    [3 * HOUR, '3h'],
    [47 * HOUR, '47h'],
    [49 * HOUR, '2d'],
    [90 * 24 * HOUR, '3mo'],
    [800 * 24 * HOUR, '2y'],
  ])('%d ms is %s', (ms, text) => expect(formatDuration(ms)).toBe(text));

  it('says just now, ago, and ahead for clock skew (never a negative age)', () => {
    expect(formatRelative(NOW - 10_000, NOW)).toBe('just now');
    expect(formatRelative(NOW - 3 * HOUR, NOW)).toBe('3h ago');
    expect(formatRelative(NOW + 2 * HOUR, NOW)).toBe('2h ahead');
    expect(formatRelative(null, NOW)).toBe('no time');
  });
});

describe('freshness', () => {
  it.each([
    [1 * HOUR, 'fresh'],
    [15 * HOUR, 'aging'],
    [19 * HOUR, 'stale'],
    [-2 * HOUR, 'skewed'],
  ] as const)('a file %d ms old against 18h is %s', (age, expected) => {
    expect(freshness(NOW - age, 18 * HOUR, NOW)).toBe(expected);
  });
});

describe('describeSuccessors', () => {
  it('reads a seat id, a list and a map of what went where', () => {
    expect(describeSuccessors('dash')).toEqual([{ what: null, to: 'dash' }]);
    expect(describeSuccessors(['dash', 'atlas'])).toEqual([
      { what: null, to: 'dash' },
      { what: null, to: 'atlas' },
    ]);
    expect(describeSuccessors({ 'data-integrity': 'dash', handoffs: ['atlas'], messages: { pending: 'dash' } })).toEqual([
      { what: 'data-integrity', to: 'dash' },
      { what: 'handoffs', to: 'atlas' },
      { what: 'messages: pending', to: 'dash' },
    ]);
    expect(describeSuccessors(null)).toEqual([]);
    expect(describeSuccessors(true)).toEqual([]);
  });
});

describe('splitMarkdown', () => {
  it('keeps a small body whole', () => {
    expect(splitMarkdown('# Hi\n\nthere')).toEqual(['# Hi\n\nthere']);
  });

  it('cuts a big body at blank lines, never inside a code fence, and loses nothing', () => {
    const paragraph = `${'word '.repeat(40)}\n\n`;
    const fence = '```\n' + 'code line\n\n'.repeat(30) + '```\n\n';
    const body = paragraph.repeat(20) + fence + paragraph.repeat(20);
    const chunks = splitMarkdown(body, 1000);
    expect(chunks.length).toBeGreaterThan(5);
    expect(chunks.join('')).toBe(body);
    for (const chunk of chunks) expect((chunk.match(/```/g) ?? []).length % 2).toBe(0);
  });

  it('cuts one enormous line at spaces so no chunk stays huge', () => {
    const body = 'x '.repeat(200_000);
    const chunks = splitMarkdown(body, 16 * 1024);
    expect(chunks.join('')).toBe(body);
    expect(Math.max(...chunks.map((c) => c.length))).toBeLessThanOrEqual(16 * 1024 + 2);
  });
});
