/**
 * Tails an append-only JSONL file by byte offset (docs/architecture.md: "Events are hints, not records").
 * Reading an append costs the appended bytes, not the file size. A half-written last line is kept
 * back until its newline arrives. A file that shrank, was replaced (new inode) or was rewritten in
 * place (its first bytes differ) is read again from the start, and the caller is told to reset.
 */
import { isAscii, isUtf8 } from 'node:buffer';
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

/** Why a line's text must not be parsed: over MAX_LINE_BYTES (its text is then ''), or not UTF-8. */
export type LineFault = 'oversized' | 'invalidUtf8' | null;

/**
 * Takes the lines of one read as they are found, so that reading a big file builds no list of lines.
 * `text` is the line without its newline (replacement characters when it is not UTF-8, '' when
 * oversized); `offset` is the byte offset of its first byte; `line` is 1-based.
 */
export interface LineSink {
  /** The file was truncated or replaced: drop everything read before. Comes before any line. */
  reset(): void;
  line(text: string, line: number, offset: number, byteLength: number, fault: LineFault): void;
}

export interface ReadOptions {
  /** Read at most this many bytes (the rest is read by the next call). */
  limitBytes?: number;
  /** Read in slices of this many bytes, awaiting `betweenSlices` after each but the last. */
  sliceBytes?: number;
  /** Runs between slices; returning false stops the read there (the rest is read by the next call). */
  betweenSlices?: () => Promise<boolean>;
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

  /** `chunkBytes` is how much one file read takes (tests make it small to cut lines everywhere). */
  constructor(
    readonly absPath: string,
    private readonly openFile: OpenFile = open,
    private readonly chunkBytes = CHUNK,
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

  /** `readLines` into a list, for readers of small appends (at most `limitBytes` of them). */
  async read(stats?: Stats, limitBytes = Infinity): Promise<TailRead> {
    const lines: TailLine[] = [];
    let reset = false;
    const { size } = await this.readLines(
      {
        reset: () => {
          reset = true;
        },
        line: (text, line, offset, byteLength, fault) => {
          lines.push({ text, line, offset, byteLength, oversized: fault === 'oversized', invalidUtf8: fault === 'invalidUtf8' });
        },
      },
      stats,
      { limitBytes },
    );
    return { reset, lines, size };
  }

  /**
   * Reads whatever was appended since the last call, handing each complete line to `sink`. Throws
   * the fs error when the file is gone.
   *
   * A big file is read in `sliceBytes` slices with `betweenSlices` awaited after each (the host
   * yields to the event loop there, and stops when it returns false); the file stays open
   * throughout, and the next slice is read from disk while this one is parsed, so a 30 MB inbox
   * costs a few dozen reads rather than a few hundred opens, stats and reads, each waiting for a
   * thread on a busy machine.
   */
  async readLines(sink: LineSink, stats?: Stats, options: ReadOptions = {}): Promise<{ size: number }> {
    const opened = await openRegular(this.absPath, this.openFile);
    const handle = opened.handle;
    let ahead: Promise<{ bytesRead: number }> | null = null;
    try {
      const stat = stats && stats.ino === opened.stat.ino ? stats : opened.stat;
      let reset = false;
      if (this.ino !== -1 && (stat.ino !== this.ino || stat.size < this.offset)) reset = true;
      else if (this.headLength > 0 && (await this.hashHead(handle, this.headLength)) !== this.headHash) reset = true;
      if (reset) {
        this.restart();
        sink.reset();
      }
      this.ino = stat.ino;
      const stop = Math.min(stat.size, this.offset + (options.limitBytes ?? Infinity));
      const chunk = Math.min(this.chunkBytes, options.sliceBytes ?? Infinity, stop - this.offset);
      if (chunk > 0) {
        // Two buffers: one being parsed while the other is read into.
        const buffers = [Buffer.allocUnsafe(chunk), Buffer.allocUnsafe(chunk)];
        let which = 0;
        let sliceEnd = this.offset + (options.sliceBytes ?? Infinity);
        ahead = handle.read(buffers[which]!, 0, Math.min(chunk, stop - this.offset), this.offset);
        while (ahead) {
          const { bytesRead }: { bytesRead: number } = await ahead;
          ahead = null;
          if (bytesRead === 0) break;
          const next: number = this.offset + bytesRead;
          if (next < stop) ahead = handle.read(buffers[1 - which]!, 0, Math.min(chunk, stop - next), next);
          this.consume(buffers[which]!.subarray(0, bytesRead), sink);
          this.offset = next;
          which = 1 - which;
          if (ahead && options.betweenSlices && this.offset >= sliceEnd) {
            sliceEnd = this.offset + (options.sliceBytes ?? Infinity);
            if (!(await options.betweenSlices())) break;
          }
        }
      }
      if (this.headLength < HEAD_BYTES && this.offset > this.headLength) {
        this.headLength = Math.min(HEAD_BYTES, this.offset);
        this.headHash = await this.hashHead(handle, this.headLength);
      }
      return { size: stat.size };
    } finally {
      // A read still running ahead (stopped, or a failure) is waited for; its bytes are read again next time.
      await ahead?.catch(() => undefined);
      await handle.close();
    }
  }

  private async hashHead(handle: FileHandle, length: number): Promise<string> {
    if (length <= 0) return '';
    const head = Buffer.alloc(length);
    await handle.read(head, 0, length, 0);
    return createHash('sha1').update(head).digest('hex');
  }

  /**
   * One chunk read from the file at `this.offset`: ends the line kept back from the last chunk,
   * hands on the complete lines in between at once, and keeps back the unfinished end.
   */
  private consume(chunk: Buffer, sink: LineSink): void {
    const base = this.offset;
    let start = 0;
    if (this.pendingBytes > 0) {
      const nl = chunk.indexOf(NEWLINE);
      if (nl === -1) {
        this.keep(chunk, base);
        return;
      }
      this.keep(chunk.subarray(0, nl), base);
      this.finishLine(sink);
      start = nl + 1;
    }
    const last = chunk.lastIndexOf(NEWLINE);
    if (last >= start) {
      this.emitLines(chunk.subarray(start, last + 1), base + start, sink);
      start = last + 1;
    }
    if (start < chunk.length) this.keep(chunk.subarray(start), base + start);
  }

  /**
   * Hands on a run of complete lines (each ending in a newline) that starts at byte `at` of the file.
   * The run is checked for UTF-8 and decoded once, and each line's text is a slice of that one
   * string: per-line buffers, decodes and checks were most of the cost of reading a big inbox. Only
   * a run that is not all UTF-8 is taken line by line, to tell which lines are broken.
   */
  private emitLines(bytes: Buffer, at: number, sink: LineSink): void {
    if (!isUtf8(bytes)) {
      for (let start = 0; start < bytes.length; ) {
        const nl = bytes.indexOf(NEWLINE, start);
        this.emitLine(bytes.subarray(start, nl), at + start, sink);
        start = nl + 1;
      }
      return;
    }
    const text = bytes.toString('utf8');
    // In ASCII, characters are bytes; otherwise each line's bytes are found by its newline byte
    // (a newline byte is never part of a multi-byte character).
    const ascii = isAscii(bytes);
    let from = 0;
    let byteFrom = 0;
    while (from < text.length) {
      const nl = text.indexOf('\n', from);
      const byteEnd = ascii ? nl : bytes.indexOf(NEWLINE, byteFrom);
      const byteLength = byteEnd - byteFrom;
      this.lineNo++;
      if (byteLength > MAX_LINE_BYTES) sink.line('', this.lineNo, at + byteFrom, byteLength, 'oversized');
      else sink.line(text.slice(from, nl), this.lineNo, at + byteFrom, byteLength, null);
      from = nl + 1;
      byteFrom = byteEnd + 1;
    }
  }

  /** Buffers part of the current line; past MAX_LINE_BYTES only its length is counted. */
  private keep(part: Buffer, at: number): void {
    if (this.pendingBytes === 0) this.pendingOffset = at;
    if (this.pendingBytes + part.length <= MAX_LINE_BYTES) this.pending.push(Buffer.from(part));
    else this.pending = [];
    this.pendingBytes += part.length;
  }

  /** Ends the line kept back across chunks, which starts at pendingOffset. */
  private finishLine(sink: LineSink): void {
    const bytes = this.pendingBytes > MAX_LINE_BYTES ? null : Buffer.concat(this.pending);
    const byteLength = this.pendingBytes;
    this.pending = [];
    this.pendingBytes = 0;
    if (bytes) this.emitLine(bytes, this.pendingOffset, sink);
    else {
      this.lineNo++;
      sink.line('', this.lineNo, this.pendingOffset, byteLength, 'oversized');
    }
  }

  /** One line's bytes (at most MAX_LINE_BYTES), checked on its own. */
  private emitLine(bytes: Buffer, offset: number, sink: LineSink): void {
    this.lineNo++;
    if (bytes.length > MAX_LINE_BYTES) sink.line('', this.lineNo, offset, bytes.length, 'oversized');
    else sink.line(bytes.toString('utf8'), this.lineNo, offset, bytes.length, isUtf8(bytes) ? null : 'invalidUtf8');
  }
}
