/**
 * Runs a FleetCommand against fleet.yaml on disk without ever losing a change. Plain Node, no
 * electron.
 *
 * 1. Read fleet.yaml (a regular file directly in the real fleet root; a symlink is refused) and
 *    hash it. Commands are semantic, so a file that changed since the caller's `baseHash` is simply
 *    planned again on its current text: that is "re-apply when it still applies" (`rebased`), and
 *    the planner's refusal is the conflict when it no longer does.
 * 2. A no-op writes nothing. Otherwise the swap is recorded in .seatmap/journal/fleet-swap.json
 *    (service/swapJournal.ts: temp name, history entry name, both hashes; written atomically and
 *    fsynced), then the new text goes to a temp file in the same folder (fsync).
 * 3. The swap, in one synchronous run of syscalls:
 *      rename fleet.yaml → .seatmap/history/<time>-<hash8>.yaml   (move whatever is there aside)
 *      read it back; its hash must be the one we planned against   (compare…)
 *      link temp → fleet.yaml                                     (…and swap, never clobbering)
 *    Moving the current file aside makes the check and the swap race-free against writers that
 *    replace the file: their rename or create either happened before ours (so it is what we moved
 *    aside and checked) or after (so fleet.yaml exists again and `link` fails with EEXIST instead
 *    of overwriting it). On a mismatch the moved file is linked back (unless a newer one already
 *    exists, in which case it stays in history) and the command is planned again on the current
 *    text, a few times, then refused as a conflict. The moved-aside file is the history entry, so
 *    the replaced bytes are kept exactly.
 * 4. Afterwards the moved-aside file is hashed once more: a writer that had opened the old file
 *    before step 3 and wrote into it in place after our check is detected, and the command is
 *    planned again on what they wrote and written on top of our own result.
 * 5. The folders are fsynced where the OS can (not on Windows: best effort), and the journal record
 *    removed. A crash or power loss anywhere in 2–5 leaves the record; the next run (or the next
 *    FleetService.open) restores or finishes the swap and says which (`recoverSwap`).
 *
 * Failures say exactly what is on disk: a step that fails before the swap leaves fleet.yaml as it
 * was ("nothing was written"); one that fails after it is reported with the edit in place (a
 * `notice`, never "nothing was written"); a swap that can put neither version in place says that
 * fleet.yaml is missing and where the previous version is, and leaves the record for recovery.
 * Every file-system step calls `options.hook` first, so tests inject faults at each one.
 *
 * What remains: for the few microseconds between the rename aside and the link, fleet.yaml does not
 * exist, so a reader may see ENOENT (and a watcher an unlink + add); a writer that changes the old
 * file in place without truncating it (append, pwrite) later than step 4 lands only in the history
 * entry, not in fleet.yaml. Runs are serialized per root inside this process; other processes are
 * handled by the swap above. The history folder must be on the same file system as fleet.yaml (it
 * is inside the fleet folder). A writer that rewrites fleet.yaml faster than one plan, journal
 * record and fsync (a few milliseconds) can starve a run: after 16 attempts it is refused as a
 * conflict, never written blind. A file caught missing or half-written (truncated by an in-place
 * writer) is read again a few times, 10 ms apart, before it is refused as broken. A writer that
 * opens fleet.yaml with O_CREAT but without O_TRUNC (an appender) during the microsecond gap
 * creates a fresh file; the link then fails, nothing is overwritten, and the full previous text is
 * in history, but fleet.yaml holds only the appended part (loud, not silent). A journal record of
 * another process that is still alive is left alone for a minute (its swap may be running); one
 * whose process id was reused by an unrelated process is acted on after that.
 */
import { linkSync, readFileSync, renameSync, unlinkSync } from 'node:fs';
import { lstat, realpath, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { planCommand } from '../shared/commands/plan';
import type { FleetCommand, PlanResult, Refusal } from '../shared/commands/types';
import { FLEET_FILE } from '../shared/parseFleet';
import { describeIoError, fsyncDir, noHook, tempNameFor, writeSyncedTemp, type WriteHook } from './atomicWrite';
import { hashText, historyDir, historyEntryName, pruneHistory } from './fleetHistory';
import { clearSwap, recordSwap, recoverSwap, SWAP_JOURNAL_PATH, type SwapRecovery } from './swapJournal';

export { hashText } from './fleetHistory';
export type { SwapRecovery } from './swapJournal';

/**
 * What a run did: the new revision's hash, or why (and with what left on disk) it did not.
 * `notice`: what else the user must know about a write that happened (an interrupted earlier edit
 * that was repaired first, or a write the system could not confirm as durable).
 */
export type RunResult =
  | { ok: true; changed: boolean; summary: string; inverse: FleetCommand; rebased: boolean; hash: string; notice?: string }
  | { ok: false; refusal: Refusal };

export interface RunOptions {
  /** The hash of the fleet.yaml text the command was made against (the UI's revision). */
  baseHash?: string;
  /** How many times to plan again when fleet.yaml keeps changing under the write. */
  maxAttempts?: number;
  /** Called between the temp write and the swap; tests use it to change fleet.yaml at that moment. */
  beforeSwap?: () => void;
  /** Called before every file-system step of the write; tests inject faults and crashes with it. */
  hook?: WriteHook;
  /** Told when an interrupted earlier swap was restored or finished before this run. */
  onRecovered?: (recovery: SwapRecovery) => void;
}

const MAX_FLEET_BYTES = 4 * 1024 * 1024;
const DEFAULT_ATTEMPTS = 16;
const chains = new Map<string, Promise<void>>();
const UNCHANGED = `${FLEET_FILE} is unchanged; nothing was written`;

/** Applies `command` to `<root>/fleet.yaml`; one run per root at a time. */
export async function runFleetCommand(root: string, command: FleetCommand, options: RunOptions = {}): Promise<RunResult> {
  let realRoot: string;
  try {
    realRoot = await realpath(root);
  } catch {
    return refusal('broken-file', `The fleet folder ${root} cannot be opened`);
  }
  return serialize(realRoot, () => runAfterRecovery(realRoot, (text) => planCommand(text, command), options));
}

/**
 * Restores or finishes a fleet.yaml swap that a crash interrupted (see service/swapJournal.ts),
 * in turn with this process's runs on the same folder; null when there was none.
 */
export async function recoverInterruptedSwap(root: string, hook: WriteHook = noHook): Promise<SwapRecovery | null> {
  const realRoot = await realpath(root);
  return serialize(realRoot, () => recoverSwap(realRoot, { hook }));
}

/**
 * Replaces fleet.yaml with `next` only while it still hashes to `expectHash` (or already holds
 * `next`), through the same compare-and-swap and history as every edit. Used by multi-file
 * transactions (service/retire/) that plan the whole new text themselves.
 */
export async function swapFleetText(root: string, expectHash: string, next: string): Promise<RunResult> {
  const realRoot = await realpath(root);
  const nextHash = hashText(next);
  const noInverse: FleetCommand = { type: 'updateSeat', seat: '-', changes: {} };
  return serialize(realRoot, () =>
    runAfterRecovery(
      realRoot,
      (text) => {
        const hash = hashText(text);
        if (hash === nextHash) return { ok: true, text, changed: false, summary: 'fleet.yaml already holds the new text', inverse: noInverse };
        if (hash !== expectHash) return { ok: false, refusal: { code: 'conflict', message: `${FLEET_FILE} changed since the plan was made` } };
        return { ok: true, text: next, changed: true, summary: 'Replaced fleet.yaml', inverse: noInverse };
      },
      {},
    ),
  );
}

function serialize<T>(key: string, task: () => Promise<T>): Promise<T> {
  const previous = chains.get(key) ?? Promise.resolve();
  const result = previous.then(task, task);
  const tail = result.then(
    () => undefined,
    () => undefined,
  );
  chains.set(key, tail);
  void tail.then(() => {
    if (chains.get(key) === tail) chains.delete(key);
  });
  return result;
}

function refusal(code: Refusal['code'], message: string, line?: number | null): RunResult {
  return { ok: false, refusal: line === undefined ? { code, message } : { code, message, line } };
}

/** Repairs an interrupted earlier swap first, and tells the user about it with this run's result. */
async function runAfterRecovery(realRoot: string, planner: (text: string) => PlanResult, options: RunOptions): Promise<RunResult> {
  let recovery: SwapRecovery | null;
  try {
    recovery = await recoverSwap(realRoot, { hook: options.hook ?? noHook });
  } catch (error) {
    return refusal(
      'write-failed',
      `An earlier edit to ${FLEET_FILE} was interrupted, and Seatmap could not repair it (${describeIoError(error)}); the record is in ${SWAP_JOURNAL_PATH}. This edit was not applied`,
    );
  }
  if (recovery) options.onRecovered?.(recovery);
  const result = await run(realRoot, planner, options);
  if (!recovery) return result;
  if (result.ok) return { ...result, notice: result.notice ? `${recovery.message} ${result.notice}` : recovery.message };
  return { ok: false, refusal: { ...result.refusal, message: `${recovery.message} ${result.refusal.message}` } };
}

interface FleetText {
  text: string;
  hash: string;
  mode: number;
}

async function readFleet(fleet: string): Promise<FleetText | RunResult> {
  let stat;
  try {
    stat = await lstat(fleet);
  } catch {
    return refusal('broken-file', `There is no ${FLEET_FILE} in the fleet folder`);
  }
  if (stat.isSymbolicLink()) return refusal('broken-file', `${FLEET_FILE} is a symbolic link; Seatmap only edits a ${FLEET_FILE} that is a plain file in the fleet folder`);
  if (!stat.isFile()) return refusal('broken-file', `${FLEET_FILE} is not a file`);
  if (stat.size > MAX_FLEET_BYTES) return refusal('broken-file', `${FLEET_FILE} is larger than 4 MB`);
  let bytes: Buffer;
  try {
    bytes = readFileSync(fleet);
  } catch {
    return refusal('broken-file', `${FLEET_FILE} cannot be read`);
  }
  return decode(bytes, stat.mode & 0o777);
}

function decode(bytes: Buffer, mode: number): FleetText | RunResult {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return refusal('broken-file', `${FLEET_FILE} is not UTF-8 text`);
  }
  return { text, hash: hashText(bytes), mode };
}

function isFleetText(value: FleetText | RunResult): value is FleetText {
  return 'text' in value;
}

type Swap =
  | { kind: 'done'; aside: string }
  | { kind: 'changed' } // fleet.yaml was not what we planned against; left (or put back) as it is
  | { kind: 'missing' };

/** A swap step the file system refused, and whether fleet.yaml could be put back. */
class SwapFailure extends Error {
  constructor(
    readonly stage: 'aside' | 'link' | 'put-back',
    override readonly cause: unknown,
    readonly putBackCause: unknown = null,
  ) {
    super(describeIoError(cause ?? putBackCause));
  }
}

async function run(realRoot: string, planner: (text: string) => PlanResult, options: RunOptions): Promise<RunResult> {
  const hook = options.hook ?? noHook;
  const fleet = join(realRoot, FLEET_FILE);
  const first = await readSettled(fleet);
  if (!isFleetText(first)) return first;
  let history: string;
  try {
    hook('history-dir', join(realRoot, '.seatmap', 'history'));
    history = await historyDir(realRoot);
  } catch (error) {
    return refusal('write-failed', `Seatmap cannot use its history folder .seatmap/history, where it keeps the version each edit replaces (${describeIoError(error)}); ${UNCHANGED}`);
  }
  let rebased = options.baseHash !== undefined && options.baseHash !== first.hash;
  /** The text the next plan is made on, its hash, and where it was read: fleet.yaml (null) or a moved-aside file. */
  let planText = first.text;
  let planHash = first.hash;
  let source: string | null = null;
  /** What fleet.yaml must still hold when the swap moves it aside. */
  let expectHash = first.hash;
  let mode = first.mode;
  const attempts = options.maxAttempts ?? DEFAULT_ATTEMPTS;
  let brokenRetries = 0;
  /** Set once an attempt's swap succeeded: from then on, fleet.yaml holds this edit. */
  let written: { hash: string; aside: string; summary: string; inverse: FleetCommand } | null = null;
  /** A refusal or failure after an earlier attempt already wrote the edit must not say "nothing was written". */
  const afterWrite = (result: RunResult): RunResult => {
    if (result.ok || !written) return result;
    return refusal(
      'write-failed',
      `Your edit was written to ${FLEET_FILE}, but another program wrote into the old ${FLEET_FILE} while Seatmap replaced it, and Seatmap could not add that change on top (${result.refusal.message.replace(/[.;]? *(fleet\.yaml is unchanged; )?nothing was written\.?$/i, '')}); what it wrote is kept in .seatmap/history/${basename(written.aside)}`,
    );
  };

  for (let attempt = 0; attempt < attempts; attempt++) {
    const plan = planner(planText);
    if (!plan.ok) {
      const { code, message, line } = plan.refusal;
      if (code === 'broken-file') {
        // A writer may be half-way through (truncated, not yet written): refuse only a file that
        // stays broken. Look again where the text came from (fleet.yaml, or the moved-aside file an
        // in-place writer is still writing).
        let again: FleetText | null = null;
        while (!again && brokenRetries < SETTLE_TRIES) {
          brokenRetries++;
          await settle();
          const read = source === null ? await readSettled(fleet) : readAside(source);
          if (read && isFleetText(read) && read.hash !== planHash) again = read;
        }
        if (again) {
          planText = again.text;
          planHash = again.hash;
          if (source === null) {
            expectHash = again.hash;
            mode = again.mode;
          }
          rebased = true;
          attempt--; // a half-written file is not a lost race
          continue;
        }
      }
      return afterWrite(refusal(code, rebased && code !== 'broken-file' ? `${FLEET_FILE} changed since this edit was made, and it no longer applies: ${message}` : message, line));
    }
    const newHash = hashText(plan.text);
    // A no-op on fleet.yaml writes nothing; on a moved-aside file that an in-place writer changed,
    // their text must still reach fleet.yaml unless it already holds exactly that.
    if (!plan.changed && (source === null || newHash === expectHash)) {
      const done = written ?? { summary: plan.summary, inverse: plan.inverse };
      return { ok: true, changed: written !== null, summary: done.summary, inverse: done.inverse, rebased, hash: expectHash };
    }
    const temp = tempNameFor(fleet);
    const aside = join(history, historyEntryName(expectHash));
    let journal: string;
    try {
      journal = await recordSwap(realRoot, { temp: basename(temp), aside: basename(aside), expectHash, newHash }, hook);
    } catch (error) {
      return afterWrite(refusal('write-failed', `Seatmap could not record the edit in ${SWAP_JOURNAL_PATH} before writing it (${describeIoError(error)}); ${UNCHANGED}`));
    }
    try {
      await writeSyncedTemp(fleet, plan.text, { mode: mode || 0o644, hook, temp });
    } catch (error) {
      await clearSwap(journal).catch(() => undefined);
      return afterWrite(refusal('write-failed', `Seatmap could not write the new ${FLEET_FILE} (${describeIoError(error)}); ${UNCHANGED}`));
    }
    options.beforeSwap?.();
    let swap: Swap;
    try {
      swap = swapIn(fleet, temp, aside, expectHash, hook);
    } catch (error) {
      await rm(temp, { force: true }).catch(() => undefined);
      return afterWrite(await swapFailed(error, journal, aside));
    }
    await rm(temp, { force: true }).catch(() => undefined);
    if (swap.kind === 'changed' || swap.kind === 'missing') {
      await clearSwap(journal).catch(() => undefined);
      // Missing: another writer may have moved it aside for its own swap; look again.
      const current = await readSettled(fleet);
      if (!isFleetText(current)) return afterWrite(current);
      planText = current.text;
      planHash = current.hash;
      source = null;
      expectHash = current.hash;
      mode = current.mode;
      rebased = true;
      continue;
    }
    written = { hash: newHash, aside: swap.aside, summary: plan.summary, inverse: plan.inverse };
    // From here on the edit is in fleet.yaml: nothing below may report it as not written.
    const notice = await settleSwap(realRoot, history, journal, hook);
    // A writer that opened the old file before the swap may have written into it since (step 4).
    const replaced = readAside(swap.aside);
    if (replaced && replaced.hash !== expectHash) {
      planText = replaced.text;
      planHash = replaced.hash;
      source = swap.aside;
      expectHash = newHash;
      rebased = true;
      continue;
    }
    await pruneHistory(history).catch(() => undefined);
    return { ok: true, changed: true, summary: plan.summary, inverse: plan.inverse, rebased, hash: newHash, ...(notice ? { notice } : {}) };
  }
  return afterWrite(refusal('conflict', `${FLEET_FILE} kept changing while Seatmap tried to write it (${attempts} attempts); try again. earlier versions are in .seatmap/history/`));
}

/**
 * Makes a finished swap durable where the OS can (folder fsync is best effort: Windows cannot) and
 * removes its journal record; returns what the user must know when durability is in doubt.
 */
async function settleSwap(realRoot: string, history: string, journal: string, hook: WriteHook): Promise<string | undefined> {
  let notice: string | undefined;
  try {
    await fsyncDir(realRoot, hook);
    await fsyncDir(history, hook);
  } catch (error) {
    notice = `${FLEET_FILE} holds the edit, but the system could not confirm that it is safely on disk (${describeIoError(error)}); if this computer loses power soon, check ${FLEET_FILE} again.`;
  }
  // A record that stays behind is found complete on the next run; nothing to tell now.
  await clearSwap(journal, hook).catch(() => undefined);
  return notice;
}

/** The words for a swap step the file system refused; keeps the journal record when fleet.yaml is missing. */
async function swapFailed(error: unknown, journal: string, aside: string): Promise<RunResult> {
  if (!(error instanceof SwapFailure)) {
    await clearSwap(journal).catch(() => undefined);
    return refusal('write-failed', `Seatmap could not replace ${FLEET_FILE} (${describeIoError(error)}); ${UNCHANGED}`);
  }
  if (error.stage === 'aside') {
    await clearSwap(journal).catch(() => undefined);
    return refusal('write-failed', `Seatmap could not move the current ${FLEET_FILE} into its history folder .seatmap/history (${describeIoError(error.cause)}); ${UNCHANGED}`);
  }
  if (error.stage === 'link') {
    await clearSwap(journal).catch(() => undefined);
    return refusal('write-failed', `Seatmap could not put the new ${FLEET_FILE} in place (${describeIoError(error.cause)}) and put the previous one back; ${UNCHANGED}`);
  }
  // The record stays: the next run or open puts the moved-aside version back (the temp file is gone).
  return refusal(
    'write-failed',
    `Seatmap could not put the new ${FLEET_FILE} in place${error.cause ? ` (${describeIoError(error.cause)})` : ''}, nor the previous one back (${describeIoError(error.putBackCause)}): ${FLEET_FILE} is missing right now. The previous version is in .seatmap/history/${basename(aside)}; Seatmap puts it back the next time this fleet is opened or edited`,
  );
}

const SETTLE_MS = 10;
const SETTLE_TRIES = 5;

function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
}

/**
 * Reads fleet.yaml, looking again a few times when it is momentarily missing or unreadable (another
 * writer's swap or truncate-then-write in progress); a symlink or an oversized file is final.
 */
async function readSettled(fleet: string): Promise<FleetText | RunResult> {
  let result = await readFleet(fleet);
  for (let i = 0; i < SETTLE_TRIES && !isFleetText(result) && /^There is no|cannot be read|not UTF-8/.test(result.ok ? '' : result.refusal.message); i++) {
    await settle();
    result = await readFleet(fleet);
  }
  return result;
}

/**
 * Moves fleet.yaml aside into history, checks it is what the plan was made from, and links the
 * temp file in its place. Synchronous on purpose: nothing else in this process runs in between.
 * A step the file system refuses throws a SwapFailure naming it, with fleet.yaml put back first.
 */
function swapIn(fleet: string, temp: string, aside: string, expectHash: string, hook: WriteHook): Swap {
  try {
    hook('aside', fleet);
    renameSync(fleet, aside);
  } catch (error) {
    if (codeOf(error) === 'ENOENT') return { kind: 'missing' };
    throw new SwapFailure('aside', error);
  }
  let asideHash: string | null = null;
  try {
    asideHash = hashText(readFileSync(aside));
  } catch {
    asideHash = null;
  }
  if (asideHash !== expectHash) {
    try {
      putBack(aside, fleet, hook);
    } catch (error) {
      throw new SwapFailure('put-back', null, error);
    }
    return { kind: 'changed' };
  }
  try {
    hook('link', fleet);
    linkSync(temp, fleet);
  } catch (error) {
    // Someone created fleet.yaml in the gap: theirs stands, the moved-aside bytes stay in history.
    if (codeOf(error) === 'EEXIST') return { kind: 'changed' };
    try {
      putBack(aside, fleet, hook);
    } catch (second) {
      throw new SwapFailure('put-back', error, second);
    }
    throw new SwapFailure('link', error);
  }
  try {
    hook('temp-unlink', temp);
    unlinkSync(temp);
  } catch {
    // The caller removes the temp file again; fleet.yaml is in place either way.
  }
  return { kind: 'done', aside };
}

/** Links a moved-aside fleet.yaml back, unless a newer one exists (then it stays in history). */
function putBack(aside: string, fleet: string, hook: WriteHook): void {
  try {
    hook('put-back', fleet);
    linkSync(aside, fleet);
    unlinkSync(aside);
  } catch (error) {
    if (codeOf(error) !== 'EEXIST') throw error;
  }
}

function readAside(path: string): FleetText | null {
  try {
    const decoded = decode(readFileSync(path), 0o644);
    return isFleetText(decoded) ? decoded : null;
  } catch {
    return null;
  }
}

function codeOf(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error ? String((error as { code: unknown }).code) : undefined;
}
