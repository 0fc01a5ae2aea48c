import { appendFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readNewestLines } from '../../service/inboxTailPage';
import { makeFleetDir, removeDir } from '../helpers/fleetDir';

let dir: string;
beforeEach(async () => (dir = await makeFleetDir()));
afterEach(() => removeDir(dir));

describe('readNewestLines', () => {
  it('returns the newest complete lines with their offsets, leaving out a torn last line', async () => {
    const file = join(dir, 'a.jsonl');
    await writeFile(file, 'one\ntwo\nthree\nfou');
    expect(await readNewestLines(file, 2)).toEqual([{ text: 'three', offset: 8 }, { text: 'two', offset: 4 }]);
    expect(await readNewestLines(file, 10)).toEqual([{ text: 'three', offset: 8 }, { text: 'two', offset: 4 }, { text: 'one', offset: 0 }]);
    await appendFile(file, 'r\n');
    expect((await readNewestLines(file, 1))[0]).toEqual({ text: 'four', offset: 14 });
  });

  it('crosses chunk boundaries in a big file and matches a forward read', async () => {
    const file = join(dir, 'big.jsonl');
    const lines = Array.from({ length: 30_000 }, (_, i) => JSON.stringify({ id: `m-${i}`, body: 'x'.repeat(i % 97) }));
    await writeFile(file, `${lines.join('\n')}\n`);
    const newest = await readNewestLines(file, 25_000);
    expect(newest).toHaveLength(25_000);
    expect(newest.map((l) => l.text)).toEqual(lines.slice(5_000).reverse());
    let offset = 0;
    const offsets = lines.map((l) => {
      const at = offset;
      offset += Buffer.byteLength(l) + 1;
      return at;
    });
    expect(newest[24_999]?.offset).toBe(offsets[5_000]);
  });

  it('handles an empty file and one torn line', async () => {
    await writeFile(join(dir, 'e.jsonl'), '');
    expect(await readNewestLines(join(dir, 'e.jsonl'), 5)).toEqual([]);
    await writeFile(join(dir, 't.jsonl'), '{"half":');
    expect(await readNewestLines(join(dir, 't.jsonl'), 5)).toEqual([]);
  });
});
