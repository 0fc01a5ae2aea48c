/**
 * The change queue both watching sources run on (service/changeQueue.ts): one drain at a time,
 * a failed drain reported and never thrown, bursts rescanned, changed paths looked at once more,
 * and nothing scheduled after close.
 */
import { afterEach, expect, it } from 'vitest';
import { ChangeQueue, type ChangeQueueHooks } from '../../service/changeQueue';
import { waitFor } from '../helpers/fleetDir';

const queues: ChangeQueue[] = [];
afterEach(() => {
  for (const queue of queues.splice(0)) queue.close();
});

/** A fake source: `disk` holds each path's current key, `read` records what was read and when. */
function makeSource(overrides: Partial<ChangeQueueHooks> = {}, options = {}) {
  const disk = new Map<string, string>();
  const seen = new Map<string, string>();
  const log: string[] = [];
  let reading = 0;
  let maxReading = 0;
  const hooks: ChangeQueueHooks = {
    read: async (path) => {
      reading++;
      maxReading = Math.max(maxReading, reading);
      await new Promise((resolve) => setImmediate(resolve));
      const key = disk.get(path);
      if (key === undefined) seen.delete(path);
      else seen.set(path, key);
      log.push(`read ${path}`);
      reading--;
    },
    rescan: async () => {
      log.push('rescan');
    },
    publish: () => log.push('publish'),
    currentKey: async (path) => disk.get(path) ?? null,
    readKey: (path) => seen.get(path) ?? null,
    isRelevant: (path) => !path.startsWith('ignored/'),
    ...overrides,
  };
  const queue = new ChangeQueue(hooks, options);
  queues.push(queue);
  return { queue, disk, log, maxReading: () => maxReading };
}

it('reads changes in one drain at a time and settles once all are read and published', async () => {
  const { queue, disk, log, maxReading } = makeSource();
  for (const path of ['a', 'b', 'c']) {
    disk.set(path, '1');
    queue.markDirty(path);
  }
  queue.requestRescan();
  await queue.settled();
  expect(log).toEqual(['read a', 'read b', 'read c', 'rescan', 'publish']);
  // A change that arrives while a drain runs is read after it, and the settled() already waiting covers it.
  queue.markDirty('a');
  const first = queue.settled();
  queue.markDirty('b');
  await first;
  expect(log.filter((line) => line === 'read b')).toHaveLength(2);
  expect(maxReading()).toBe(1);
});

it('reports a failed drain through onError, never rejects settled(), and keeps working', async () => {
  const errors: unknown[] = [];
  let fail = true;
  const { queue, log } = makeSource({
    read: async (path) => {
      if (fail) throw new Error(`cannot read ${path}`);
      log.push(`read ${path}`);
    },
    onError: (error) => errors.push(error),
  });
  queue.markDirty('a');
  await expect(queue.settled()).resolves.toBeUndefined();
  expect(errors.map((e) => (e as Error).message)).toEqual(['cannot read a']);
  fail = false;
  queue.markDirty('b');
  await queue.settled();
  expect(log).toContain('read b');
});

it('without onError, a failed drain rejects settled() (the fleet service has always worked so)', async () => {
  const { queue } = makeSource({
    read: async () => {
      throw new Error('boom');
    },
  });
  queue.markDirty('a');
  await expect(queue.settled()).rejects.toThrow('boom');
});

it('rescans after a burst of more paths than the burst size', async () => {
  const { queue, log } = makeSource({}, { burst: 2 });
  queue.markDirty('a');
  queue.markDirty('b');
  await queue.settled();
  expect(log).not.toContain('rescan');
  for (const path of ['c', 'd', 'e']) queue.markDirty(path);
  await queue.settled();
  expect(log.slice(-2)).toEqual(['rescan', 'publish']);
});

it('looks at a read path once more and reads it again when it changed since (a dropped change event)', async () => {
  const { queue, disk, log } = makeSource({}, { recheckDelayMs: 20 });
  disk.set('a', '1');
  disk.set('ignored/x', '1');
  queue.markDirty('a');
  queue.markDirty('ignored/x');
  await queue.settled();
  // The second write came without an event; the recheck finds it.
  disk.set('a', '2');
  disk.set('ignored/x', '2');
  await waitFor(() => log.filter((line) => line === 'read a').length === 2);
  await queue.settled();
  expect(log.filter((line) => line === 'read ignored/x')).toHaveLength(1);
});

it('schedules nothing after close', async () => {
  const { queue, log } = makeSource();
  queue.markDirty('a');
  queue.close();
  queue.markDirty('b');
  queue.requestRescan();
  await queue.settled();
  expect(log).toEqual([]);
  expect(queue.running()).toBeNull();
});

it('reads a path with no debounce at once, taking a path that waits for a long debounce along', async () => {
  const { queue, disk, log } = makeSource({}, { flushDelayFor: (path: string) => (path.startsWith('slow/') ? 60_000 : 0) });
  disk.set('slow/fleet.yaml', '1');
  disk.set('inbox/a.jsonl', '1');
  queue.markDirty('slow/fleet.yaml');
  // Only the long debounce is pending: nothing is read yet.
  await new Promise((resolve) => setImmediate(resolve));
  expect(log).toEqual([]);
  // An urgent path brings the drain forward, well before the 60 s debounce, and the waiting path is read with it.
  queue.markDirty('inbox/a.jsonl');
  await waitFor(() => log.includes('publish'), { timeoutMs: 5_000, describe: () => `one drain, log: ${log.join(', ')}` });
  expect(log).toEqual(['read slow/fleet.yaml', 'read inbox/a.jsonl', 'publish']);
});
