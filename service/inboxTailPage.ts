/**
 * The newest lines of a JSONL file, read backwards from its end: what the seat panel shows first for
 * an inbox that is still being indexed, at a cost that does not depend on the inbox's size.
 */
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { MAX_LINE_BYTES } from '../shared/inboxLine';

export interface TailPageLine {
  text: string;
  offset: number;
}

const CHUNK = 256 * 1024;

/** Up to `count` complete lines ending before `end` (default: the file's size), newest first. */
export async function readNewestLines(absPath: string, count: number, end?: number): Promise<TailPageLine[]> {
  const handle = await open(absPath, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  try {
    const size = end ?? (await handle.stat()).size;
    const out: TailPageLine[] = [];
    let position = size;
    let tail = Buffer.alloc(0); // bytes after the last newline seen so far (a partial line)
    let first = true;
    while (position > 0 && out.length < count) {
      const start = Math.max(0, position - CHUNK);
      const chunk = Buffer.allocUnsafe(position - start);
      await handle.read(chunk, 0, chunk.length, start);
      let data = Buffer.concat([chunk, tail]);
      let lineEnd = data.length;
      if (first) {
        // A last line without its newline is still being written: leave it out.
        const lastNl = data.lastIndexOf(0x0a);
        lineEnd = lastNl === -1 ? 0 : lastNl;
        if (lastNl === -1 && start === 0) return out;
        first = lastNl === -1;
        data = data.subarray(0, lineEnd);
        lineEnd = data.length;
      }
      for (let nl = data.lastIndexOf(0x0a, lineEnd - 1); nl !== -1 && out.length < count; nl = data.lastIndexOf(0x0a, nl - 1)) {
        if (lineEnd - nl - 1 <= MAX_LINE_BYTES) out.push({ text: data.subarray(nl + 1, lineEnd).toString('utf8'), offset: start + nl + 1 });
        lineEnd = nl;
        if (nl === 0) break;
      }
      if (start === 0 && out.length < count && lineEnd > 0 && lineEnd <= MAX_LINE_BYTES) {
        out.push({ text: data.subarray(0, lineEnd).toString('utf8'), offset: 0 });
        lineEnd = 0;
      }
      tail = Buffer.from(data.subarray(0, lineEnd));
      if (tail.length > MAX_LINE_BYTES) tail = Buffer.alloc(0);
      position = start;
    }
    return out;
  } finally {
    await handle.close();
  }
}
