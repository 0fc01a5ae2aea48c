/**
 * Tails an append-only JSONL file by byte offset (ARCHITECTURE.md: "Events are hints, not records").
 * Reading an append costs the appended bytes, not the file size. A half-written last line is kept
 * back until its newline arrives. A file that shrank, was replaced (new inode) or was rewritten in
 * place (its first bytes differ) is read again from the start, and the caller is told to reset.
 */
import { createHash } from 'node:crypto';
import { constants, type Stats } from 'node:fs';
import { open } from 'node:fs/promises';
import { MAX_LINE_BYTES } from '../shared/inboxLine';

export interface TailLine {
  text: string;
  /** 1-based line number. */
  line: number;
  /** Byte offset of the line's first byte. */
  offset: number;
  byteLength: number;
  /** The line was longer than MAX_LINE_BYTES: `text` is empty and must not be parsed. */
  oversized: boolean;
}

export interface TailRead {
  /** The file was truncated or replaced: drop everything read before and use `lines` from scratch. */
  reset: boolean;
  lines: TailLine[];
  size: number;
}

const CHUNK = 1024 * 1024;
const HEAD_BYTES = 256;
const NEWLINE = 0x0a;

export class JsonlTail {
  private offset = 0;
  private lineNo = 0;
  private ino = -1;
  /** Hash of the first bytes as first read, to notice a file rewritten in place. */
  private headHash = '';
  private headLength = 0;
  /** Bytes of the current, not yet finished line. */
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private pendingOffset = 0;

  constructor(readonly absPath: string) {}

  /** Bytes read so far, including a kept-back partial line. */
  get position(): number {
    return this.offset;
  }

  /** Bytes consumed so far (complete lines only). */
  get bytesRead(): number {
    return this.offset - this.pendingBytes;
  }

  private restart(): void {
    this.offset = 0;
    this.lineNo = 0;
    this.pending = [];
    this.pendingBytes = 0;
    this.pendingOffset = 0;
    this.headHash = '';
    this.headLength = 0;
  }

  /**
   * Reads whatever was appended since the last call (at most `limitBytes` of it, for indexing a big
   * file in slices). Throws the fs error when the file is gone.
   */
  async read(stats?: Stats, limitBytes = Infinity): Promise<TailRead> {
    const handle = await open(this.absPath, constants.O_RDONLY | constants.O_NOFOLLOW);
    try {
      const stat = stats ?? (await handle.stat());
      let reset = false;
      if (this.ino !== -1 && (stat.ino !== this.ino || stat.size < this.offset)) reset = true;
      else if (this.headLength > 0 && (await this.hashHead(handle, this.headLength)) !== this.headHash) reset = true;
      if (reset) this.restart();
      this.ino = stat.ino;
      const lines: TailLine[] = [];
      const buffer = Buffer.allocUnsafe(CHUNK);
      const stop = Math.min(stat.size, this.offset + limitBytes);
      while (this.offset < stop) {
        const want = Math.min(CHUNK, stop - this.offset);
        const { bytesRead } = await handle.read(buffer, 0, want, this.offset);
        if (bytesRead === 0) break;
        this.consume(buffer.subarray(0, bytesRead), lines);
        this.offset += bytesRead;
      }
      if (this.headLength < HEAD_BYTES && this.offset > this.headLength) {
        this.headLength = Math.min(HEAD_BYTES, this.offset);
        this.headHash = await this.hashHead(handle, this.headLength);
      }
      return { reset, lines, size: stat.size };
    } finally {
      await handle.close();
    }
  }

  private async hashHead(handle: Awaited<ReturnType<typeof open>>, length: number): Promise<string> {
    if (length <= 0) return '';
    const head = Buffer.alloc(length);
    await handle.read(head, 0, length, 0);
    return createHash('sha1').update(head).digest('hex');
  }

  private consume(chunk: Buffer, out: TailLine[]): void {
    let start = 0;
    const base = this.offset;
    for (;;) {
      const nl = chunk.indexOf(NEWLINE, start);
      if (nl === -1) {
        this.keep(chunk.subarray(start), base + start);
        return;
      }
      this.keep(chunk.subarray(start, nl), base + start);
      this.finishLine(out);
      start = nl + 1;
    }
  }

  /** Buffers part of the current line; past MAX_LINE_BYTES only its length is counted. */
  private keep(part: Buffer, at: number): void {
    if (this.pendingBytes === 0) this.pendingOffset = at;
    if (this.pendingBytes + part.length <= MAX_LINE_BYTES) this.pending.push(Buffer.from(part));
    else this.pending = [];
    this.pendingBytes += part.length;
  }

  private finishLine(out: TailLine[]): void {
    this.lineNo++;
    const oversized = this.pendingBytes > MAX_LINE_BYTES;
    const text = oversized ? '' : Buffer.concat(this.pending).toString('utf8');
    out.push({ text, line: this.lineNo, offset: this.pendingOffset, byteLength: this.pendingBytes, oversized });
    this.pending = [];
    this.pendingBytes = 0;
  }
}
