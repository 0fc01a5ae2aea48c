import { appendFile, rename, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_LINE_BYTES } from '../../shared/inboxLine';
import { JsonlTail } from '../../service/jsonlTail';
import { makeFleetDir, removeDir } from '../helpers/fleetDir';

let dir: string;
let file: string;
beforeEach(async () => {
  dir = await makeFleetDir();
  file = join(dir, 'inbox.jsonl');
});
afterEach(() => removeDir(dir));

const texts = (read: { lines: { text: string }[] }) => read.lines.map((l) => l.text);

describe('JsonlTail', () => {
  it('reads only what was appended since the last read', async () => {
    await writeFile(file, '{"a":1}\n{"a":2}\n');
    const tail = new JsonlTail(file);
    const first = await tail.read();
    expect(texts(first)).toEqual(['{"a":1}', '{"a":2}']);
    expect(first.lines.map((l) => [l.line, l.offset])).toEqual([[1, 0], [2, 8]]);
    await appendFile(file, '{"a":3}\n');
    const second = await tail.read();
    expect(second.reset).toBe(false);
    expect(second.lines).toEqual([{ text: '{"a":3}', line: 3, offset: 16, byteLength: 7, oversized: false, invalidUtf8: false }]);
    expect(tail.bytesRead).toBe(24);
    expect((await tail.read()).lines).toEqual([]);
  });

  it('reads lines across the 1 MB read chunks and slice limits with the same text, offsets and UTF-8 checks', async () => {
    // Multi-byte characters and one line of bad UTF-8, in lines of varied length, over ~2.5 chunks.
    const parts: Buffer[] = [];
    for (let i = 0; i < 9000; i++) {
      const body = i % 997 === 5 ? Buffer.from([0x7b, 0xff, 0xfe, 0x7d]) : Buffer.from(`{"n":${i},"t":"${'é€'.repeat(i % 37)}${'x'.repeat((i * 7) % 500)}"}`);
      parts.push(body, Buffer.from('\n'));
    }
    const bytes = Buffer.concat(parts);
    await writeFile(file, bytes);
    const expected: { text: string; offset: number; byteLength: number; invalidUtf8: boolean }[] = [];
    for (let at = 0; at < bytes.length; ) {
      const nl = bytes.indexOf(0x0a, at);
      const line = bytes.subarray(at, nl);
      expected.push({ text: line.toString('utf8'), offset: at, byteLength: line.length, invalidUtf8: !line.equals(Buffer.from(line.toString('utf8'))) });
      at = nl + 1;
    }
    const whole = await new JsonlTail(file).read();
    expect(whole.lines.map(({ text, offset, byteLength, invalidUtf8 }) => ({ text, offset, byteLength, invalidUtf8 }))).toEqual(expected);
    const sliced = new JsonlTail(file);
    const lines = [];
    while (sliced.position < bytes.length) lines.push(...(await sliced.read(undefined, 300_001)).lines);
    expect(lines).toEqual(whole.lines);
  });

  it('keeps a half-written last line until its newline arrives', async () => {
    await writeFile(file, '{"a":1}\n{"a":');
    const tail = new JsonlTail(file);
    expect(texts(await tail.read())).toEqual(['{"a":1}']);
    await appendFile(file, '2}');
    expect(texts(await tail.read())).toEqual([]);
    await appendFile(file, '\n');
    const read = await tail.read();
    expect(read.lines).toEqual([{ text: '{"a":2}', line: 2, offset: 8, byteLength: 7, oversized: false, invalidUtf8: false }]);
  });

  it('keeps multi-byte characters split across reads intact', async () => {
    const line = JSON.stringify({ body: 'Grüße 🚀' });
    const bytes = Buffer.from(`${line}\n`);
    await writeFile(file, bytes.subarray(0, 12));
    const tail = new JsonlTail(file);
    await tail.read();
    await appendFile(file, bytes.subarray(12));
    expect(texts(await tail.read())).toEqual([line]);
  });

  it('starts again when the file is truncated', async () => {
    await writeFile(file, '{"a":1}\n{"a":2}\n');
    const tail = new JsonlTail(file);
    await tail.read();
    await truncate(file, 0);
    await appendFile(file, '{"b":1}\n');
    const read = await tail.read();
    expect(read.reset).toBe(true);
    expect(read.lines).toEqual([{ text: '{"b":1}', line: 1, offset: 0, byteLength: 7, oversized: false, invalidUtf8: false }]);
  });

  it('starts again when the file is replaced by another', async () => {
    await writeFile(file, '{"a":1}\n');
    const tail = new JsonlTail(file);
    await tail.read();
    await writeFile(join(dir, 'other'), '{"x":1}\n{"x":2}\n{"x":3}\n');
    await rename(join(dir, 'other'), file);
    const read = await tail.read();
    expect(read.reset).toBe(true);
    expect(texts(read)).toEqual(['{"x":1}', '{"x":2}', '{"x":3}']);
  });

  it('starts again when the file is rewritten in place with other bytes', async () => {
    await writeFile(file, '{"a":1}\n');
    const tail = new JsonlTail(file);
    await tail.read();
    await writeFile(file, '{"z":9}\n{"z":8}\n');
    const read = await tail.read();
    expect(read.reset).toBe(true);
    expect(texts(read)).toEqual(['{"z":9}', '{"z":8}']);
  });

  it('reports a line over the limit as oversized without keeping it, and goes on', async () => {
    const huge = 'x'.repeat(MAX_LINE_BYTES + 10);
    await writeFile(file, `{"a":1}\n${huge}\n{"a":2}\n`);
    const read = await new JsonlTail(file).read();
    expect(read.lines.map((l) => [l.line, l.oversized, l.text.length, l.byteLength])).toEqual([
      [1, false, 7, 7],
      [2, true, 0, MAX_LINE_BYTES + 10],
      [3, false, 7, 7],
    ]);
  });

  it('throws the fs error when the file is gone', async () => {
    await expect(new JsonlTail(join(dir, 'missing.jsonl')).read()).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
