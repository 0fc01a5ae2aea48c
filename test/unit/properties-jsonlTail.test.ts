/**
 * JsonlTail (service/jsonlTail.ts) decodes and checks each read chunk once, slices its lines out
 * of the decoded text, carries a line cut by a chunk into the next, and reads big files in slices
 * that may stop early. For any bytes (broken UTF-8, multi-byte characters cut anywhere, NULs, blank
 * and CR-ended lines), any chunk size and any slicing, it must hand on exactly the lines a
 * straightforward split of the whole file gives: text, number, byte offset, length and fault.
 */
import fc from 'fast-check';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JsonlTail, type LineFault } from '../../service/jsonlTail';
import { makeFleetDir, removeDir } from '../helpers/fleetDir';

const RUNS = Number(process.env.PROPERTY_RUNS_SCALE ?? 1);

let dir = '';
beforeAll(async () => {
  dir = await makeFleetDir();
});
afterAll(async () => {
  await removeDir(dir);
});

type Seen = [text: string, line: number, offset: number, byteLength: number, fault: LineFault];

/** Each finished line of the file, checked on its own. */
function straightforward(bytes: Buffer): Seen[] {
  const out: Seen[] = [];
  for (let at = 0, line = 1; ; line++) {
    const nl = bytes.indexOf(0x0a, at);
    if (nl === -1) return out;
    const part = bytes.subarray(at, nl);
    const valid = Buffer.from(part.toString('utf8')).equals(part);
    out.push([part.toString('utf8'), line, at, part.length, valid ? null : 'invalidUtf8']);
    at = nl + 1;
  }
}

const pieceArb = fc.oneof(
  { weight: 4, arbitrary: fc.string({ maxLength: 40 }).map((s) => Buffer.from(s)) },
  fc.constantFrom('{"id":"m-1","subject":"héllo wörld 😀"}', '日本語', '\r', '', '\u0000', '{"a":"\u2028"}').map((s) => Buffer.from(s)),
  fc.constantFrom([0xff], [0xc3], [0xe2, 0x82], [0xf0, 0x9f, 0x98], [0xed, 0xa0, 0x80], [0xc0, 0xaf]).map((b) => Buffer.from(b)),
);

describe('JsonlTail, chunk by chunk', () => {
  it('hands on the lines of a straightforward split, whatever the chunk size and slicing', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(pieceArb, { maxLength: 4 }), { maxLength: 25 }),
        fc.boolean(),
        fc.integer({ min: 1, max: 64 }),
        fc.option(fc.integer({ min: 1, max: 50 }), { nil: undefined }),
        fc.array(fc.boolean(), { minLength: 1, maxLength: 5 }),
        async (lines, endsInNewline, chunkBytes, sliceBytes, goOn) => {
          const bytes = Buffer.concat(lines.map((pieces, i) => Buffer.concat([...pieces.map((p) => Buffer.from(p.toString('latin1').replace(/\n/g, ' '), 'latin1')), Buffer.from(i < lines.length - 1 || endsInNewline ? '\n' : '')])));
          const file = join(dir, `chunks-${n++}.jsonl`);
          await writeFile(file, bytes);
          const tail = new JsonlTail(file, undefined, chunkBytes);
          const seen: Seen[] = [];
          const sink = { reset: () => seen.splice(0), line: (...line: Seen) => seen.push(line) };
          let between = 0;
          // Slices that sometimes stop the read: the next call goes on where it stopped.
          for (let call = 0; call < 1000 && tail.position < bytes.length; call++) {
            await tail.readLines(sink, undefined, sliceBytes ? { sliceBytes, betweenSlices: async () => goOn[between++ % goOn.length]! } : {});
          }
          expect(seen).toEqual(straightforward(bytes));
          expect(tail.bytesRead).toBe(bytes.lastIndexOf(0x0a) + 1);
        },
      ),
      { numRuns: 150 * RUNS },
    );
  });
});
