import { describe, expect, it } from 'vitest';
import type { MessageRow } from '../../shared/inboxQuery';
import { BLOCK, InboxRowCache } from '../../renderer/src/seatPanel/inboxRowCache';

const row = (id: string): MessageRow => ({
  id,
  inbox: 'dirk',
  ts: 0,
  from: 'pulse',
  to: 'dirk',
  type: 'INFORM',
  subject: id,
  re: null,
  entities: [],
  acked: false,
  ackTs: null,
  line: 1,
});
const rows = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => row(`${prefix}${i}`));

describe('InboxRowCache', () => {
  it('asks only for blocks that are neither fetched nor on their way', () => {
    const cache = new InboxRowCache();
    expect(cache.missingBlocks(0, BLOCK * 2 + 5)).toEqual([0, 1, 2]);
    cache.begin(0);
    cache.begin(1);
    expect(cache.missingBlocks(0, BLOCK * 2 + 5)).toEqual([2]);
    cache.fill(0, cache.generation, rows('a', BLOCK));
    expect(cache.get(0)?.id).toBe('a0');
    expect(cache.missingBlocks(0, 10)).toEqual([]);
  });

  it('drops answers to an older generation but keeps old rows readable until new ones arrive', () => {
    const cache = new InboxRowCache();
    const old = cache.generation;
    cache.begin(0);
    cache.fill(0, old, rows('a', 3));
    cache.begin(0);
    cache.invalidate();
    expect(cache.fill(0, old, rows('stale', 3))).toBe(false);
    expect(cache.get(0)?.id).toBe('a0');
    expect(cache.missingBlocks(0, 2)).toEqual([0]);
  });

  it('shifts rows down when new ones land on top, and finds how many landed', () => {
    const cache = new InboxRowCache();
    cache.fill(0, cache.generation, rows('a', 5));
    const fresh = [row('new1'), row('new0'), ...rows('a', 5)];
    expect(InboxRowCache.newOnTop(cache.get(0), fresh)).toBe(2);
    cache.shift(2);
    expect(cache.get(2)?.id).toBe('a0');
    expect(cache.get(0)).toBeUndefined();
    expect(InboxRowCache.newOnTop(row('gone'), fresh)).toBeNull();
    expect(InboxRowCache.newOnTop(undefined, fresh)).toBeNull();
  });

  it('a short block clears rows past its end (a filter that now matches fewer)', () => {
    const cache = new InboxRowCache();
    cache.fill(0, cache.generation, rows('a', 10));
    cache.invalidate();
    cache.fill(0, cache.generation, rows('b', 4));
    expect(cache.get(3)?.id).toBe('b3');
    expect(cache.get(4)).toBeUndefined();
  });

  it('a failed block is not retried until the next invalidation', () => {
    const cache = new InboxRowCache();
    cache.begin(0);
    cache.fail(0, cache.generation);
    expect(cache.missingBlocks(0, 5)).toEqual([]);
    cache.invalidate();
    expect(cache.missingBlocks(0, 5)).toEqual([0]);
  });

  it('stays bounded while scrolling through a huge inbox', () => {
    const cache = new InboxRowCache();
    for (let block = 0; block < 100; block++) {
      cache.fill(block, cache.generation, rows(`b${block}-`, BLOCK));
      cache.trim(block * BLOCK, block * BLOCK + 30, 500);
    }
    expect(cache.size).toBeLessThanOrEqual(3 * 500 + 2 * BLOCK);
    expect(cache.get(99 * BLOCK)?.id).toBe('b99-0');
    expect(cache.get(50 * BLOCK)).toBeUndefined();
    // The first block stays: a live change compares its top row to tell new messages from a refresh.
    expect(cache.get(0)?.id).toBe('b0-0');
  });
});
