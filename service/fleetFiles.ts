/**
 * The file cache: everything read from a fleet directory, refreshed one path at a time.
 * Keyed by fleet-relative path; a file whose content hash did not change is not re-parsed.
 * Everything here is untrusted input: symlinks are not followed, sizes are capped, binary and
 * broken content becomes a diagnostic with file and line, never an exception.
 */
import { isUtf8 } from 'node:buffer';
import { createHash } from 'node:crypto';
import type { Stats } from 'node:fs';
import { lstat, open } from 'node:fs/promises';
import { join } from 'node:path';
import { diagnostic, type Diagnostic } from '../shared/diagnostics';
import { classifyFleetPath } from '../shared/fleetLayout';
import type { FleetPath } from '../shared/ids';
import { parseActivityLine, parseInboxLine } from '../shared/inboxLine';
import { FLEET_FILE, parseFleetYaml } from '../shared/parseFleet';
import type { ActivityData, InboxData, StateFileRecord } from '../shared/records';
import type { FleetRegistry } from '../shared/registry';
import { growInboxIndex } from '../shared/signals/inboxIndex';
import { readStateContent } from '../shared/stateTime';
import { hashText } from './fleetHistory';
import { describeNonFile, JsonlTail, openRegular, type OpenFile } from './jsonlTail';

/**
 * How the file cache touches the disk. The real one is `fs/promises`; tests pass a wrapper that
 * injects faults (EACCES, a file that vanishes between lstat and open) without mocking `fs`.
 */
export interface FleetReadIO {
  lstat: (path: string) => Promise<Stats>;
  open: OpenFile;
}

export const NODE_READ_IO: FleetReadIO = { lstat, open };

/**
 * Each inbox or activity file keeps at most this many problems (the panel lists this many); the
 * rest are only counted, so a file of a million broken lines costs a number, not a million entries.
 */
export const MAX_KEPT_PROBLEMS = 200;

/** fleet.yaml larger than this is refused (a designed structure is a few hundred KB at most). */
export const MAX_FLEET_YAML_BYTES = 4 * 1024 * 1024;
/** State files larger than this are not read; their age is their modification time. */
export const MAX_STATE_READ_BYTES = 8 * 1024 * 1024;

/**
 * An inbox bigger than this, met when a fleet is opened, is read in the background in slices (the
 * graph shows at once, its counts fill in with progress) instead of delaying the first snapshot.
 */
export const LARGE_INBOX_BYTES = 8 * 1024 * 1024;
/**
 * One background slice. Reading and parsing inbox lines runs at ~75 MB/s on a slow machine, so a
 * 1 MB slice holds the event loop ~14 ms between yields (a 4 MB one held it ~55 ms).
 */
const INDEX_SLICE_BYTES = 1024 * 1024;

/** A cheap fingerprint to tell, in a rescan, whether a file may have changed since it was read. */
export function statKey(stat: Stats): string {
  return `${stat.ino}:${stat.size}:${stat.mtimeMs}`;
}

interface Tailed<T> {
  tail: JsonlTail;
  data: T;
}

export class FleetFiles {
  registry: FleetRegistry | null = null;
  registryDiagnostics: Diagnostic[] = [];
  fleetError: Diagnostic | null = null;
  /** sha-256 of fleet.yaml's bytes as last read ('' when missing or unread). */
  fleetHash = '';
  private readonly inboxes = new Map<string, Tailed<InboxData>>();
  private readonly activity = new Map<string, Tailed<ActivityData>>();
  private readonly stateFiles = new Map<string, StateFileRecord>();
  /** Problems with a particular file, replaced whenever that file is read again. */
  private readonly fileProblems = new Map<string, Diagnostic>();
  /** statKey of every file as last read, for the reconcile rescan. */
  readonly seen = new Map<string, string>();
  /** Defer big inboxes to `indexDeferred` (interactive hosts); one-shot readers read all at once. */
  deferLargeInboxes = false;
  private readonly deferred: string[] = [];

  constructor(
    readonly root: string,
    private readonly io: FleetReadIO = NODE_READ_IO,
  ) {}

  inboxList(): InboxData[] {
    return [...this.inboxes.values()].map((t) => t.data);
  }
  activityList(): ActivityData[] {
    return [...this.activity.values()].map((t) => t.data);
  }
  stateList(): StateFileRecord[] {
    return [...this.stateFiles.values()];
  }
  fileDiagnostics(): Diagnostic[] {
    return [...this.fileProblems.values()];
  }
  inbox(seat: string): InboxData | undefined {
    return this.inboxes.get(`inbox/${seat}.jsonl`)?.data;
  }

  /**
   * Re-reads one fleet-relative path (it changed, appeared or vanished). Returns whether anything
   * that derive uses may have changed.
   */
  async refresh(relPath: string): Promise<boolean> {
    const kind = classifyFleetPath(relPath);
    if (kind.kind === 'other') return false;
    const abs = join(this.root, relPath);
    let stat: Stats;
    try {
      stat = kind.kind === 'fleet' ? await lstatSettled(abs, this.io) : await this.io.lstat(abs);
    } catch (error) {
      if (isMissing(error)) return (await this.rootGone()) ? false : this.forget(relPath);
      this.fileProblems.set(relPath, diagnostic(relPath, 'error', `${relPath} cannot be read: ${errorText(error)}`));
      return true;
    }
    if (stat.isSymbolicLink()) {
      this.forget(relPath);
      this.seen.set(relPath, statKey(stat));
      this.fileProblems.set(relPath, diagnostic(relPath, 'warning', `${relPath} is a symbolic link; Seatmap does not follow links out of the fleet folder`));
      return true;
    }
    // A folder under state/ is just a subfolder (its files are listed on their own); anything else that is not a file is reported.
    if (!stat.isFile()) return kind.kind === 'state' && stat.isDirectory() ? this.forget(relPath) : this.notAFile(relPath, stat);
    const key = statKey(stat);
    this.fileProblems.delete(relPath);
    try {
      switch (kind.kind) {
        case 'fleet':
          await this.readFleet(abs, stat);
          break;
        case 'inbox':
          await this.readInbox(relPath, kind.seat, abs, stat);
          break;
        case 'activity':
          await this.readActivity(relPath, kind.seat, abs, stat);
          break;
        case 'state':
          await this.readState(relPath, kind.seat, abs, stat);
          break;
      }
      this.seen.set(relPath, key);
    } catch (error) {
      if (isMissing(error)) return (await this.rootGone()) ? false : this.forget(relPath);
      this.fileProblems.set(relPath, diagnostic(relPath, 'error', `${relPath} cannot be read: ${errorText(error)}`));
      // Remembered as read, so the rescan retries it only when it changes.
      this.seen.set(relPath, key);
    }
    return true;
  }

  /**
   * Whether the fleet folder itself is gone (deleted or renamed while open). Its files then are not
   * "deleted one by one": what was last read stays on screen, and the host says the folder moved.
   */
  private async rootGone(): Promise<boolean> {
    try {
      return !(await this.io.lstat(this.root)).isDirectory();
    } catch (error) {
      return isMissing(error);
    }
  }

  /** A folder, FIFO, socket or device where a fleet file should be: reported, never opened. */
  private notAFile(relPath: string, stat: Stats): boolean {
    this.forget(relPath);
    const message = `${relPath} is ${describeNonFile(stat)}, not a file; Seatmap does not read it`;
    if (relPath === FLEET_FILE) this.fleetError = diagnostic(FLEET_FILE, 'error', message);
    else this.fileProblems.set(relPath, diagnostic(relPath, 'error', message));
    this.seen.set(relPath, statKey(stat));
    return true;
  }

  /** A file vanished: drop what was read from it (fleet.yaml keeps its last good registry). */
  forget(relPath: string): boolean {
    this.seen.delete(relPath);
    const had = this.inboxes.delete(relPath) || this.activity.delete(relPath) || this.stateFiles.delete(relPath) || this.fileProblems.delete(relPath);
    if (relPath === FLEET_FILE) {
      this.fleetHash = '';
      this.fleetError = diagnostic(FLEET_FILE, 'error', `${FLEET_FILE} is missing from the fleet folder`);
      return true;
    }
    return had;
  }

  private async readFleet(abs: string, stat: Stats): Promise<void> {
    if (stat.size > MAX_FLEET_YAML_BYTES) {
      this.fleetError = diagnostic(FLEET_FILE, 'error', `${FLEET_FILE} is ${(stat.size / 1048576).toFixed(1)} MB; Seatmap reads fleet.yaml files up to 4 MB`);
      this.fleetHash = '';
      return;
    }
    const bytes = await readBytes(abs, this.io.open, MAX_FLEET_YAML_BYTES);
    const hash = hashText(bytes);
    if (hash === this.fleetHash) return;
    this.fleetHash = hash;
    if (bytes.includes(0)) {
      this.fleetError = diagnostic(FLEET_FILE, 'error', `${FLEET_FILE} is a binary file, not YAML`);
      return;
    }
    const badByte = firstInvalidUtf8(bytes);
    if (badByte !== null) {
      const line = lineOfOffset(bytes, badByte);
      this.fleetError = diagnostic(FLEET_FILE, 'error', `${FLEET_FILE} is not UTF-8 text: line ${line} has a byte that is not UTF-8 (save the file as UTF-8)`, line);
      return;
    }
    const parsed = parseFleetYaml(bytes.toString('utf8'), FLEET_FILE);
    if (parsed.ok) {
      this.registry = parsed.registry;
      this.registryDiagnostics = parsed.diagnostics;
      this.fleetError = null;
    } else {
      this.fleetError = parsed.error;
    }
  }

  private async readInbox(relPath: string, seat: string, abs: string, stat: Stats): Promise<void> {
    let entry = this.inboxes.get(relPath);
    if (!entry) {
      entry = { tail: new JsonlTail(abs, this.io.open), data: { seat, path: relPath as FleetPath, messages: [], acks: [], problems: [], problemsOmitted: 0, bytes: 0, indexing: null } };
      this.inboxes.set(relPath, entry);
      if (this.deferLargeInboxes && stat.size > LARGE_INBOX_BYTES) {
        entry.data.indexing = { done: 0, total: stat.size };
        this.deferred.push(relPath);
        return;
      }
    }
    // A big inbox being indexed is read by indexDeferred, which reads up to the end, appends included.
    if (entry.data.indexing) return;
    await this.readInboxLines(entry, stat);
  }

  /**
   * Reads what was appended to an inbox straight into its messages, acks and problems (file and
   * line for each problem), without a list of lines in between. With `slices`, a big inbox is read
   * a slice at a time, `slices.between` running after each.
   */
  private async readInboxLines(entry: Tailed<InboxData>, stat: Stats, slices?: { bytes: number; between: () => Promise<boolean> }): Promise<void> {
    const data = entry.data;
    const relPath = data.path;
    // Bring the inbox's incremental index up to date after each slice, between reads, rather than
    // all inboxes at once inside the next derive (a 1M-message fleet stalled ~0.5 s).
    const caughtUp = () => {
      data.bytes = entry.tail.bytesRead;
      growInboxIndex(data);
    };
    await entry.tail.readLines(
      {
        reset: () => {
          data.messages = [];
          data.acks = [];
          data.problems = [];
          data.problemsOmitted = 0;
        },
        line: (text, line, offset, byteLength, fault) => {
          const parsed = fault === 'oversized'
            ? ({ kind: 'problem', problem: `line is ${(byteLength / 1048576).toFixed(1)} MB; lines over 1 MB are skipped` } as const)
            : fault === 'invalidUtf8'
              ? ({ kind: 'problem', problem: NOT_UTF8 } as const)
              : parseInboxLine(text, line, offset, byteLength);
          if (parsed.kind === 'message') {
            data.messages.push(parsed.message);
            if (parsed.message.to && parsed.message.to !== data.seat) {
              addProblem(data, diagnostic(relPath, 'warning', `Message ${parsed.message.id} is addressed to ${JSON.stringify(parsed.message.to)} but sits in ${data.seat}'s inbox`, line));
            }
          } else if (parsed.kind === 'ack') data.acks.push(parsed.ack);
          else if (parsed.kind === 'problem') addProblem(data, diagnostic(relPath, 'warning', `Line ${line} skipped: ${parsed.problem}`, line));
        },
      },
      stat,
      slices
        ? {
            sliceBytes: slices.bytes,
            betweenSlices: () => {
              caughtUp();
              return slices.between();
            },
          }
        : {},
    );
    caughtUp();
  }

  /** Whether big inboxes are still waiting to be read. */
  hasDeferred(): boolean {
    return this.deferred.length > 0;
  }

  /**
   * Reads the deferred big inboxes slice by slice, yielding to the event loop between slices so the
   * app stays responsive; `onProgress` runs after each slice (the host publishes progress).
   */
  async indexDeferred(onProgress: () => void, stopped: () => boolean): Promise<void> {
    while (this.deferred.length && !stopped()) {
      const relPath = this.deferred.shift()!;
      const entry = this.inboxes.get(relPath);
      if (!entry) continue;
      try {
        // Up to the end, and again while it grew meanwhile (appends come here, not to refresh).
        for (;;) {
          const stat = await this.io.lstat(entry.tail.absPath);
          await this.readInboxLines(entry, stat, {
            bytes: INDEX_SLICE_BYTES,
            between: async () => {
              entry.data.indexing = { done: entry.tail.position, total: stat.size };
              onProgress();
              await new Promise((resolve) => setImmediate(resolve));
              return !stopped();
            },
          });
          if (entry.tail.position >= stat.size || stopped()) {
            this.seen.set(relPath, statKey(stat));
            break;
          }
        }
      } catch (error) {
        if (isMissing(error)) this.forget(relPath);
        else this.fileProblems.set(relPath, diagnostic(relPath, 'error', `${relPath} cannot be read: ${errorText(error)}`));
      }
      entry.data.indexing = null;
      onProgress();
    }
  }

  private async readActivity(relPath: string, seat: string, abs: string, stat: Stats): Promise<void> {
    let entry = this.activity.get(relPath);
    if (!entry) {
      entry = { tail: new JsonlTail(abs, this.io.open), data: { seat, path: relPath as FleetPath, entries: [], problems: [], problemsOmitted: 0 } };
      this.activity.set(relPath, entry);
    }
    const { reset, lines } = await entry.tail.read(stat);
    const data = entry.data;
    if (reset) {
      data.entries = [];
      data.problems = [];
      data.problemsOmitted = 0;
    }
    for (const line of lines) {
      const parsed = line.oversized
        ? { problem: 'line over 1 MB; skipped' }
        : line.invalidUtf8
          ? { problem: NOT_UTF8 }
          : parseActivityLine(line.text, seat, line.line, line.byteLength);
      if (parsed === null) continue;
      if ('problem' in parsed) addProblem(data, diagnostic(relPath, 'warning', `Line ${line.line} skipped: ${parsed.problem}`, line.line));
      else data.entries.push(parsed);
    }
  }

  private async readState(relPath: string, seat: string, abs: string, stat: Stats): Promise<void> {
    const previous = this.stateFiles.get(relPath);
    const base = { path: relPath as FleetPath, seat, mtime: stat.mtimeMs, size: stat.size };
    if (stat.size > MAX_STATE_READ_BYTES) {
      this.fileProblems.set(relPath, diagnostic(relPath, 'info', `${relPath} is ${(stat.size / 1048576).toFixed(0)} MB, too large to read its updatedAt; its age is its modification time`));
      this.stateFiles.set(relPath, { ...base, time: stat.mtimeMs, timeSource: 'mtime', hash: '', entities: null });
      return;
    }
    const bytes = await readBytes(abs, this.io.open, MAX_STATE_READ_BYTES);
    const hash = sha1(bytes);
    if (previous && previous.hash === hash) {
      // Same content: only the mtime (and so an mtime-based age) can have moved.
      this.stateFiles.set(relPath, { ...previous, ...base, time: previous.timeSource === 'mtime' ? stat.mtimeMs : previous.time });
      return;
    }
    if (bytes.subarray(0, 8192).includes(0)) {
      this.fileProblems.set(relPath, diagnostic(relPath, 'info', `${relPath} is a binary file; its age is its modification time`));
      this.stateFiles.set(relPath, { ...base, time: stat.mtimeMs, timeSource: 'mtime', hash, entities: null });
      return;
    }
    const content = readStateContent(relPath, bytes.toString('utf8'));
    this.stateFiles.set(relPath, {
      ...base,
      time: content.time ?? stat.mtimeMs,
      timeSource: content.source ?? 'mtime',
      hash,
      entities: content.entities,
    });
  }
}

/**
 * fleet.yaml is briefly absent while it is swapped (our command runner moves the old file aside,
 * then links the new one; some editors do the same): look again a few times before calling it gone.
 */
async function lstatSettled(abs: string, io: FleetReadIO): Promise<Stats> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await io.lstat(abs);
    } catch (error) {
      if (!isMissing(error) || attempt >= 4) throw error;
      await new Promise((resolve) => setTimeout(resolve, 15));
    }
  }
}

/**
 * Reads a whole regular file, opened without following links or blocking. A file that grew past
 * `maxBytes` after its lstat is refused rather than read into memory.
 */
async function readBytes(abs: string, openFile: OpenFile, maxBytes: number): Promise<Buffer> {
  const { handle, stat } = await openRegular(abs, openFile);
  try {
    if (stat.size > maxBytes) throw Object.assign(new Error(`it grew to ${(stat.size / 1048576).toFixed(1)} MB while being read`), { code: 'EFBIG' });
    return await handle.readFile();
  } finally {
    await handle.close();
  }
}

const NOT_UTF8 = 'not UTF-8 text (a byte that is not UTF-8)';

/** Adds a problem to an inbox's or activity file's list, counting instead of keeping past MAX_KEPT_PROBLEMS. */
function addProblem(data: { problems: Diagnostic[]; problemsOmitted?: number }, problem: Diagnostic): void {
  if (data.problems.length < MAX_KEPT_PROBLEMS) data.problems.push(problem);
  else data.problemsOmitted = (data.problemsOmitted ?? 0) + 1;
}

/** Offset of the first byte that breaks UTF-8, or null when all of `bytes` is UTF-8. */
export function firstInvalidUtf8(bytes: Buffer): number | null {
  if (isUtf8(bytes)) return null;
  const decoded = bytes.toString('utf8');
  const bad = decoded.indexOf('\uFFFD');
  // A real U+FFFD in the text also decodes to \uFFFD; the re-encoded prefix length still locates the first bad byte.
  return bad === -1 ? 0 : Buffer.byteLength(decoded.slice(0, bad));
}

function lineOfOffset(bytes: Buffer, offset: number): number {
  let line = 1;
  for (let i = bytes.indexOf(0x0a); i !== -1 && i < offset; i = bytes.indexOf(0x0a, i + 1)) line++;
  return line;
}

function sha1(bytes: Buffer): string {
  return createHash('sha1').update(bytes).digest('hex');
}

export function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

export function errorText(error: unknown): string {
  const e = error as (NodeJS.ErrnoException & { what?: string }) | null;
  if (e?.code === 'ENOTREG') return `it is ${e.what ?? 'not a regular file'}, not a file`;
  if (e?.code === 'EFBIG') return e.message;
  if (e?.code === 'EACCES' || e?.code === 'EPERM') return 'permission denied';
  if (e?.code === 'ELOOP') return 'it is a symbolic link';
  if (e?.code === 'EISDIR') return 'it is a folder';
  return e?.message ?? String(error);
}
