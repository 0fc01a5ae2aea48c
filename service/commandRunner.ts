/**
 * Runs a FleetCommand against fleet.yaml on disk without ever losing a change (issue 5;
 * ARCHITECTURE.md, "Files on disk"). Plain Node, no electron.
 *
 * 1. Read fleet.yaml (a regular file directly in the real fleet root; a symlink is refused) and
 *    hash it. Commands are semantic, so a file that changed since the caller's `baseHash` is simply
 *    planned again on its current text: that is "re-apply when it still applies" (`rebased`), and
 *    the planner's refusal is the conflict when it no longer does.
 * 2. A no-op writes nothing. Otherwise the new text goes to a temp file in the same folder (fsync).
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
 *
 * What remains (documented for issue 5): for the few microseconds between the rename aside and the
 * link, fleet.yaml does not exist, so a reader may see ENOENT (and a watcher an unlink + add); a
 * writer that changes the old file in place without truncating it (append, pwrite) later than step
 * 4 lands only in the history entry, not in fleet.yaml. Runs are serialized per root inside this
 * process; other processes are handled by the swap above. The history folder must be on the same
 * file system as fleet.yaml (it is inside the fleet folder). A writer that rewrites fleet.yaml
 * faster than one plan + fsync (about a millisecond) can starve a run: after 16 attempts it is
 * refused as a conflict, never written blind. A file caught missing or half-written (truncated by
 * an in-place writer) is read again a few times, 10 ms apart, before it is refused as broken. A
 * writer that opens fleet.yaml with O_CREAT but without O_TRUNC (an appender) during the microsecond
 * gap creates a fresh file; the link then fails, nothing is overwritten, and the full previous
 * text is in history, but fleet.yaml holds only the appended part (loud, not silent).
 */
import { linkSync, readFileSync, renameSync, unlinkSync } from 'node:fs';
import { lstat, realpath, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { planCommand } from '../shared/commands/plan';
import type { FleetCommand, PlanResult, Refusal } from '../shared/commands/types';
import { FLEET_FILE } from '../shared/parseFleet';
import { fsyncDir, writeSyncedTemp } from './atomicWrite';
import { hashText, historyDir, historyEntryName, pruneHistory } from './fleetHistory';

export { hashText } from './fleetHistory';

/** What a run did: the new revision's hash, or why nothing was written. */
export type RunResult =
  | { ok: true; changed: boolean; summary: string; inverse: FleetCommand; rebased: boolean; hash: string }
  | { ok: false; refusal: Refusal };

export interface RunOptions {
  /** The hash of the fleet.yaml text the command was made against (the UI's revision). */
  baseHash?: string;
  /** How many times to plan again when fleet.yaml keeps changing under the write. */
  maxAttempts?: number;
  /** Called between the temp write and the swap; tests use it to change fleet.yaml at that moment. */
  beforeSwap?: () => void;
}

const MAX_FLEET_BYTES = 4 * 1024 * 1024;
const DEFAULT_ATTEMPTS = 16;
const chains = new Map<string, Promise<void>>();

/** Applies `command` to `<root>/fleet.yaml`; one run per root at a time. */
export async function runFleetCommand(root: string, command: FleetCommand, options: RunOptions = {}): Promise<RunResult> {
  let realRoot: string;
  try {
    realRoot = await realpath(root);
  } catch {
    return refusal('broken-file', `The fleet folder ${root} cannot be opened`);
  }
  return serialize(realRoot, () => run(realRoot, (text) => planCommand(text, command), options));
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
    run(
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

async function run(realRoot: string, planner: (text: string) => PlanResult, options: RunOptions): Promise<RunResult> {
  const fleet = join(realRoot, FLEET_FILE);
  const first = await readSettled(fleet);
  if (!isFleetText(first)) return first;
  let history: string;
  try {
    history = await historyDir(realRoot);
  } catch (error) {
    return refusal('invalid', `Seatmap cannot keep history in this fleet folder: ${error instanceof Error ? error.message : String(error)}`);
  }
  let rebased = options.baseHash !== undefined && options.baseHash !== first.hash;
  let planText = first.text;
  let expectHash = first.hash;
  let mode = first.mode;
  const attempts = options.maxAttempts ?? DEFAULT_ATTEMPTS;
  let brokenRetries = 0;

  for (let attempt = 0; attempt < attempts; attempt++) {
    const plan = planner(planText);
    if (!plan.ok) {
      const { code, message, line } = plan.refusal;
      if (code === 'broken-file' && brokenRetries++ < SETTLE_TRIES) {
        // A writer may be half-way through (truncated, not yet written): refuse only a file that stays broken.
        await settle();
        const again = await readSettled(fleet);
        if (isFleetText(again) && again.hash !== expectHash) {
          planText = again.text;
          expectHash = again.hash;
          mode = again.mode;
          rebased = true;
          attempt--; // a half-written file is not a lost race
          continue;
        }
      }
      return refusal(code, rebased && code !== 'broken-file' ? `${FLEET_FILE} changed since this edit was made, and it no longer applies: ${message}` : message, line);
    }
    if (!plan.changed) {
      return { ok: true, changed: false, summary: plan.summary, inverse: plan.inverse, rebased, hash: expectHash };
    }
    const newHash = hashText(plan.text);
    const temp = await writeSyncedTemp(fleet, plan.text, mode || 0o644);
    options.beforeSwap?.();
    const aside = join(history, historyEntryName(expectHash));
    let swap: Swap;
    try {
      swap = swapIn(fleet, temp, aside, expectHash);
    } finally {
      await rm(temp, { force: true });
    }
    if (swap.kind === 'changed' || swap.kind === 'missing') {
      // Missing: another writer may have moved it aside for its own swap; look again.
      const current = await readSettled(fleet);
      if (!isFleetText(current)) return current;
      planText = current.text;
      expectHash = current.hash;
      mode = current.mode;
      rebased = true;
      continue;
    }
    await fsyncDir(realRoot);
    await fsyncDir(history);
    // A writer that opened the old file before the swap may have written into it since (step 4).
    const replaced = readAside(swap.aside);
    if (replaced && replaced.hash !== expectHash) {
      planText = replaced.text;
      expectHash = newHash;
      rebased = true;
      continue;
    }
    await pruneHistory(history);
    return { ok: true, changed: true, summary: plan.summary, inverse: plan.inverse, rebased, hash: newHash };
  }
  return refusal('conflict', `${FLEET_FILE} kept changing while Seatmap tried to write it (${attempts} attempts); try again. earlier versions are in .seatmap/history/`);
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
 */
function swapIn(fleet: string, temp: string, aside: string, expectHash: string): Swap {
  try {
    renameSync(fleet, aside);
  } catch (error) {
    if (codeOf(error) === 'ENOENT') return { kind: 'missing' };
    throw error;
  }
  let asideHash: string | null = null;
  try {
    asideHash = hashText(readFileSync(aside));
  } catch {
    asideHash = null;
  }
  if (asideHash !== expectHash) {
    putBack(aside, fleet);
    return { kind: 'changed' };
  }
  try {
    linkSync(temp, fleet);
  } catch (error) {
    // Someone created fleet.yaml in the gap: theirs stands, the moved-aside bytes stay in history.
    if (codeOf(error) === 'EEXIST') return { kind: 'changed' };
    putBack(aside, fleet);
    throw error;
  }
  unlinkSync(temp);
  return { kind: 'done', aside };
}

/** Links a moved-aside fleet.yaml back, unless a newer one exists (then it stays in history). */
function putBack(aside: string, fleet: string): void {
  try {
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
