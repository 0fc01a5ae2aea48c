/** Open Recent (electron/recentFleets.ts) on real files: corrupt files, missing folders, two instances. */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_RECENT_FLEETS, RECENT_FLEETS_FILE, RecentFleets } from '../../electron/recentFleets';
import { makeFleetDir, removeDir } from '../helpers/fleetDir';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map(removeDir));
});
async function tempDir(): Promise<string> {
  const dir = await makeFleetDir();
  dirs.push(dir);
  return dir;
}
const onDisk = async (dir: string) => JSON.parse(await readFile(join(dir, RECENT_FLEETS_FILE), 'utf8')) as { version: number; fleets: string[] };

describe('RecentFleets', () => {
  it('starts empty in a userData folder that does not exist yet, and creates it on the first add', async () => {
    const userData = join(await tempDir(), 'not', 'yet');
    const recent = await RecentFleets.load(userData);
    expect(recent.list()).toEqual([]);
    await recent.add('/fleets/a');
    expect(await onDisk(userData)).toEqual({ version: 1, fleets: ['/fleets/a'] });
  });

  it('reads a corrupt or hostile file as an empty or shortened list, and rewrites it whole', async () => {
    const userData = await tempDir();
    for (const text of ['{not json', '"a string"', '{"version":2,"fleets":["/a"]}', '{"version":1,"fleets":"/a"}', '']) {
      await writeFile(join(userData, RECENT_FLEETS_FILE), text);
      expect((await RecentFleets.load(userData)).list(), text).toEqual([]);
    }
    const many = Array.from({ length: 30 }, (_, i) => `/fleets/${i}`);
    await writeFile(join(userData, RECENT_FLEETS_FILE), JSON.stringify({ version: 1, fleets: ['relative/path', '/with\0nul', '/fleets/0', ...many] }));
    const recent = await RecentFleets.load(userData);
    expect(recent.list()).toEqual(many.slice(0, MAX_RECENT_FLEETS));
    await recent.add('/fleets/new');
    expect((await onDisk(userData)).fleets).toEqual(['/fleets/new', ...many.slice(0, MAX_RECENT_FLEETS - 1)]);
  });

  it('moves a reopened fleet to the front, removes and clears', async () => {
    const userData = await tempDir();
    const recent = await RecentFleets.load(userData);
    await recent.add('/a');
    await recent.add('/b');
    await recent.add('/a');
    expect(recent.list()).toEqual(['/a', '/b']);
    expect(recent.has('/b')).toBe(true);
    await recent.remove('/b');
    expect((await onDisk(userData)).fleets).toEqual(['/a']);
    await recent.clear();
    expect((await onDisk(userData)).fleets).toEqual([]);
  });

  it('two instances on one file add to each other\'s list instead of overwriting it', async () => {
    const userData = await tempDir();
    const first = await RecentFleets.load(userData);
    const second = await RecentFleets.load(userData);
    await first.add('/from-first');
    await second.add('/from-second');
    expect((await onDisk(userData)).fleets).toEqual(['/from-second', '/from-first']);
    expect(second.list()).toEqual(['/from-second', '/from-first']);
    await first.remove('/from-second');
    expect((await onDisk(userData)).fleets).toEqual(['/from-first']);
    // Changes asked for in a burst still end with the last one on disk.
    await Promise.all([first.add('/x'), first.add('/y'), first.add('/z')]);
    await first.flushed();
    expect((await onDisk(userData)).fleets).toEqual(['/z', '/y', '/x', '/from-first']);
    expect(first.list()).toEqual(['/z', '/y', '/x', '/from-first']);
  });

  it('forgets a recent fleet whose folder was deleted, and keeps one that still exists', async () => {
    const userData = await tempDir();
    const fleets = await tempDir();
    const kept = join(fleets, 'kept');
    await mkdir(kept);
    const gone = join(fleets, 'gone');
    const recent = await RecentFleets.load(userData);
    await recent.add(kept);
    await recent.add(gone);
    expect(await recent.forgetIfMissing(kept)).toBe(false);
    expect(await recent.forgetIfMissing(gone)).toBe(true);
    expect(recent.list()).toEqual([kept]);
    expect((await onDisk(userData)).fleets).toEqual([kept]);
  });
});
