/**
 * Tails an append-only JSONL file by byte offset (docs/architecture.md: "Events are hints, not records").
 * Reading an append costs the appended bytes, not the file size. A half-written last line is kept
 * back until its newline arrives. A file that shrank, was replaced (new inode) or was rewritten in
 * place (its first bytes differ) is read again from the start, and the caller is told to reset.
 */
import { isUtf8 } from 'node:buffer';
import { createHash } from 'node:crypto';
import { constants, type Stats } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { MAX_LINE_BYTES } from '../shared/inboxLine';

/** Opens a file for reading: `fs/promises` `open`, or a test's fault-injecting stand-in. */
export type OpenFile = (path: string, flags: number) => Promise<FileHandle>;

/**
 * Flags for reading a file agents write: never through a symlink, and never blocking (opening a
 * FIFO for reading would wait for a writer forever and hold one of libuv's few threads).
 */
export const READ_FLAGS = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK;

/** Opens `path` for reading and checks that what was opened is a regular file (it may have been swapped since its lstat). */
export async function openRegular(path: string, openFile: OpenFile = open): Promise<{ handle: FileHandle; stat: Stats }> {
  const handle = await openFile(path, READ_FLAGS);
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw Object.assign(new Error(`${path} is ${describeNonFile(stat)}, not a file`), { code: 'ENOTREG', what: describeNonFile(stat) });
    return { handle, stat };
  } catch (error) {
    await handle.close();
    throw error;
  }
}

/** "a folder", "a FIFO (named pipe)", … for messages about something that is not a regular file. */
export function describeNonFile(stat: Stats): string {
  if (stat.isDirectory()) return 'a folder';
  if (stat.isFIFO()) return 'a FIFO (named pipe)';
  if (stat.isSocket()) return 'a socket';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'a device';
  if (stat.isSymbolicLink()) return 'a symbolic link';
  return 'not a regular file';
}

export interface TailLine {
  text: string;
  /** 1-based line number. */
  line: number;
  /** Byte offset of the line's first byte. */
  offset: number;
  byteLength: number;
  /** The line was longer than MAX_LINE_BYTES: `text` is empty and must not be parsed. */
  oversized: boolean;
  /** The line's bytes are not UTF-8 (`text` then holds replacement characters). */
  invalidUtf8: boolean;
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

  constructor(
    readonly absPath: string,
    private readonly openFile: OpenFile = open,
  ) {}

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
    const opened = await openRegular(this.absPath, this.openFile);
    const handle = opened.handle;
    try {
      const stat = stats && stats.ino === opened.stat.ino ? stats : opened.stat;
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

  private async hashHead(handle: FileHandle, length: number): Promise<string> {
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
      if (this.pendingBytes === 0) {
        // The whole line is in this chunk (most lines): decoded straight from it, without copying
        // its bytes twice first (those copies were much of the garbage of indexing a big inbox).
        this.pending = [];
        this.pendingOffset = base + start;
        this.pushLine(chunk.subarray(start, nl), nl - start, out);
      } else {
        this.keep(chunk.subarray(start, nl), base + start);
        this.finishLine(out);
      }
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
    this.pushLine(this.pendingBytes > MAX_LINE_BYTES ? null : Buffer.concat(this.pending), this.pendingBytes, out);
  }

  /** Ends the current line, which starts at pendingOffset: its bytes (not read when over MAX_LINE_BYTES). */
  private pushLine(bytes: Buffer | null, byteLength: number, out: TailLine[]): void {
    this.lineNo++;
    const kept = byteLength > MAX_LINE_BYTES ? null : bytes;
    const text = kept ? kept.toString('utf8') : '';
    out.push({ text, line: this.lineNo, offset: this.pendingOffset, byteLength, oversized: kept === null, invalidUtf8: kept !== null && !isUtf8(kept) });
    this.pending = [];
    this.pendingBytes = 0;
  }
}
