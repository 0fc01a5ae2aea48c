/**
 * Applies a retire or merge plan as one journaled transaction (docs/fleet-format.md, "The
 * journal"), recovers an interrupted one, and undoes a committed one.
 *
 * Steps, each recorded in the journal before it runs and each idempotent:
 *   begin    the journal exists; the lock is held; fleet.yaml is what the plan was made from
 *   archive  inbox/<seat>.jsonl is renamed to .seatmap/archive/<tx>/<seat>.jsonl (appenders that
 *            open the path afresh create a new file, picked up later and forwarded)
 *   drain    the archived inbox is read until it stops growing; the byte count is journaled
 *   forward  its unacknowledged messages are appended (O_APPEND) to the successor's inbox, each
 *            marked with `forwardedFrom` and `fwdTx`; lines already there are not written twice
 *   fleet    fleet.yaml is swapped from the planned-against bytes to the new text (compare and
 *            swap, history kept: service/commandRunner.ts)
 *   commit   what undo must find unchanged is journaled
 * Recovery finishes a transaction while fleet.yaml is the before or after text (roll forward), and
 * rolls it back when someone else changed fleet.yaml meanwhile.
 */
import { link, readFile, rename, rm, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { FLEET_FILE } from '../../shared/parseFleet';
import { forwardedIds, forwardedLine, pendingMessages, withoutForwarded } from '../../shared/retire/forwarding';
import type { RetireApplyResult, RetirePlan, RetireRefusal } from '../../shared/retire/types';
import { fsyncDir } from '../atomicWrite';
import { swapFleetText } from '../commandRunner';
import { hashText, isInside } from '../fleetHistory';
import { appendSynced, DEFAULT_GRACE_MS, drainFile, isMissing, replaceAppendFile, sleep } from './appendFiles';
import { acquireLock, archiveDirOf, listJournals, newTxId, readJournal, writeJournal, type Lock, type StepName, type TxJournal } from './journal';
import { mkdir, realpath } from 'node:fs/promises';

export interface TxOptions {
  graceMs?: number;
  now?: () => number;
  /** How long to wait for another process's transaction before refusing. */
  lockWaitMs?: number;
  /** Called as each step starts (and at `forward-half`, between two appends); tests kill the process here. */
  onStep?: (step: StepName | 'forward-half' | 'done') => void;
}

function refusal(code: RetireRefusal['code'], message: string): RetireApplyResult {
  return { ok: false, refusal: { code, message } };
}

const inboxPath = (root: string, seat: string) => join(root, 'inbox', `${seat}.jsonl`);
const archivePath = (root: string, tx: TxJournal) => join(archiveDirOf(root, tx.id), `${tx.seat}.jsonl`);

async function fleetHash(root: string): Promise<string | null> {
  try {
    return hashText(await readFile(join(root, FLEET_FILE)));
  } catch {
    return null;
  }
}

async function readText(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if (isMissing(error)) return null;
    throw error;
  }
}

async function busy(root: string, lockWaitMs: number, txId: string): Promise<Lock | null> {
  return acquireLock(root, txId, lockWaitMs);
}

/** Applies `plan` (from planRetire on the current files). */
export async function applyRetirePlan(fleetRoot: string, plan: RetirePlan, options: TxOptions = {}): Promise<RetireApplyResult> {
  const root = await realpath(fleetRoot);
  const now = options.now ?? Date.now;
  // An interrupted transaction is finished (or rolled back) before a new one starts.
  await recoverTransactions(root, options);
  if (plan.noop) return { ok: true, txId: '', summary: 'Nothing to do: fleet.yaml already says that', forwarded: 0, archived: [], hash: plan.baseHash };
  const id = newTxId(now());
  const lock = await busy(root, options.lockWaitMs ?? 0, id);
  if (!lock) return refusal('busy', 'Another retire or merge is running on this fleet (see .seatmap/journal/lock); try again when it has finished');
  try {
    const current = await fleetHash(root);
    if (current !== plan.baseHash) return refusal('changed', 'fleet.yaml changed since the plan was made; look at the new plan and apply again');
    const tx: TxJournal = {
      version: 1,
      id,
      kind: plan.mode,
      seat: plan.seat,
      inboxTo: plan.inboxTo,
      createdAt: new Date(now()).toISOString(),
      state: 'applying',
      step: 'begin',
      fleet: { beforeHash: plan.baseHash, afterHash: hashText(plan.afterText), beforeText: plan.beforeText, afterText: plan.afterText },
      successorExisted: await exists(inboxPath(root, plan.inboxTo)),
      drainedBytes: null,
      forwardedAt: new Date(now()).toISOString(),
      forwardedIds: null,
      after: null,
      recovery: null,
    };
    options.onStep?.('begin');
    await writeJournal(root, tx);
    const outcome = await rollForward(root, tx, options);
    if (outcome === 'rolled-back') return refusal('changed', 'fleet.yaml changed while the retire ran; everything was put back as it was');
    options.onStep?.('done');
    const verb = plan.mode === 'merge' ? `Merged ${plan.seat} into ${plan.inboxTo}` : `Retired ${plan.seat}`;
    return {
      ok: true,
      txId: id,
      summary: `${verb}: ${tx.forwardedIds?.length ?? 0} message${tx.forwardedIds?.length === 1 ? '' : 's'} forwarded to ${plan.inboxTo}`,
      forwarded: tx.forwardedIds?.length ?? 0,
      archived: plan.archive,
      hash: tx.fleet.afterHash,
    };
  } finally {
    await lock.release();
  }
}

async function step(root: string, tx: TxJournal, name: StepName, options: TxOptions): Promise<void> {
  tx.step = name;
  await writeJournal(root, tx);
  options.onStep?.(name);
}

/** Runs the remaining steps of `tx` (idempotent); returns 'rolled-back' when fleet.yaml moved on. */
async function rollForward(root: string, tx: TxJournal, options: TxOptions): Promise<'finished' | 'rolled-back'> {
  const grace = options.graceMs ?? DEFAULT_GRACE_MS;
  const archiveDir = archiveDirOf(root, tx.id);
  const archive = archivePath(root, tx);
  const inbox = inboxPath(root, tx.seat);
  const successor = inboxPath(root, tx.inboxTo);

  await step(root, tx, 'archive', options);
  await mkdir(archiveDir, { recursive: true });
  // .seatmap/archive must not lead out of the fleet folder (a symlink planted there).
  if (!isInside(root, await realpath(archiveDir))) throw new Error('.seatmap/archive resolves outside the fleet folder');
  let archived = await exists(archive);
  if (!archived && (await exists(inbox))) {
    await rename(inbox, archive);
    await fsyncDir(join(root, 'inbox'));
    await fsyncDir(archiveDir);
    archived = true;
  }

  await step(root, tx, 'drain', options);
  if (tx.drainedBytes === null) {
    const bytes = archived ? await drainFile(archive, grace) : Buffer.alloc(0);
    const end = bytes.lastIndexOf(0x0a) + 1;
    tx.drainedBytes = end;
  }

  await step(root, tx, 'forward', options);
  const drained = archived ? (await readFile(archive)).subarray(0, tx.drainedBytes).toString('utf8') : '';
  const pending = pendingMessages(drained);
  const present = forwardedIds((await readText(successor)) ?? '', tx.id);
  const lines = pending.filter((m) => !present.has(m.id)).map((m) => forwardedLine(m, tx.inboxTo, tx.seat, tx.forwardedAt, tx.id));
  if (lines.length > 0) await mkdir(join(root, 'inbox'), { recursive: true });
  const half = Math.floor(lines.length / 2);
  await appendSynced(successor, lines.slice(0, half).join(''));
  options.onStep?.('forward-half');
  await appendSynced(successor, lines.slice(half).join(''));
  tx.forwardedIds = pending.map((m) => m.id);

  await step(root, tx, 'fleet', options);
  const swapped = await swapFleetText(root, tx.fleet.beforeHash, tx.fleet.afterText);
  if (!swapped.ok) {
    await rollBack(root, tx, options, `fleet.yaml changed during the transaction (${swapped.refusal.message})`);
    return 'rolled-back';
  }

  await step(root, tx, 'commit', options);
  tx.after = { successorHash: await fileHash(successor), archiveBytes: archived ? (await stat(archive)).size : null };
  tx.state = 'committed';
  await writeJournal(root, tx);
  return 'finished';
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (error) {
    if (isMissing(error)) return false;
    throw error;
  }
}

async function fileHash(path: string): Promise<string | null> {
  try {
    return hashText(await readFile(path));
  } catch (error) {
    if (isMissing(error)) return null;
    throw error;
  }
}

/** Puts messages back where they were: forwarded copies out of the successor's inbox, the archive back in place. */
async function restoreInboxes(root: string, tx: TxJournal, grace: number): Promise<void> {
  const archiveDir = archiveDirOf(root, tx.id);
  await mkdir(archiveDir, { recursive: true });
  await replaceAppendFile(inboxPath(root, tx.inboxTo), (text) => withoutForwarded(text, tx.id), grace, archiveDir);
  if (!tx.successorExisted) await removeIfEmpty(inboxPath(root, tx.inboxTo), grace, archiveDir);
  const archive = archivePath(root, tx);
  const inbox = inboxPath(root, tx.seat);
  if (!(await exists(archive))) return;
  // link, not rename: a rename would replace a file an agent created at the old path meanwhile.
  let placed = false;
  try {
    await link(archive, inbox);
    await unlink(archive);
    await fsyncDir(join(root, 'inbox'));
    placed = true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  if (!placed) {
    // Messages arrived at the old path meanwhile: the archived lines go first, theirs after.
    const archived = (await readFile(archive)).toString('utf8');
    const done = await replaceAppendFile(inbox, (fresh) => archived + fresh, grace, archiveDir);
    if (done) await rm(archive, { force: true });
  }
  await rm(archiveDir, { recursive: true, force: true });
}

/** Removes a file this transaction created, when it is (and stays, for a grace period) empty. */
async function removeIfEmpty(path: string, grace: number, asideDir: string): Promise<void> {
  try {
    if ((await stat(path)).size > 0) return;
  } catch (error) {
    if (isMissing(error)) return;
    throw error;
  }
  const aside = join(asideDir, `empty-${Date.now()}.aside`);
  await rename(path, aside);
  await sleep(grace);
  const late = await readFile(aside);
  // An appender got in between: its bytes go back where it meant them.
  if (late.length > 0) await appendSynced(path, late);
  await rm(aside, { force: true });
}

async function rollBack(root: string, tx: TxJournal, options: TxOptions, reason: string): Promise<void> {
  const grace = options.graceMs ?? DEFAULT_GRACE_MS;
  const current = await fleetHash(root);
  if (current === tx.fleet.afterHash) await swapFleetText(root, tx.fleet.afterHash, tx.fleet.beforeText);
  await restoreInboxes(root, tx, grace);
  tx.state = 'rolled-back';
  tx.recovery = { outcome: 'rolled-back', at: new Date((options.now ?? Date.now)()).toISOString(), reason };
  await writeJournal(root, tx);
}

export interface RecoveryOutcome {
  txId: string;
  seat: string;
  outcome: 'finished' | 'rolled-back' | 'undo-finished' | 'in-progress';
  message: string;
}

/**
 * Finishes or rolls back every interrupted transaction (an open fleet, the CLI). A transaction
 * whose lock a live process holds is running, not interrupted: it is reported and left alone.
 */
export async function recoverTransactions(fleetRoot: string, options: TxOptions = {}): Promise<RecoveryOutcome[]> {
  const root = await realpath(fleetRoot);
  const outcomes: RecoveryOutcome[] = [];
  for (const tx of await listJournals(root)) {
    if (tx.state !== 'applying' && tx.state !== 'undoing') continue;
    const lock = await acquireLock(root, tx.id, options.lockWaitMs ?? 0);
    if (!lock) {
      outcomes.push({ txId: tx.id, seat: tx.seat, outcome: 'in-progress', message: `A ${tx.kind} of ${tx.seat} is running in another process` });
      continue;
    }
    try {
      const fresh = (await readJournal(root, tx.id)) ?? tx;
      if (fresh.state !== 'applying' && fresh.state !== 'undoing') continue;
      const at = new Date((options.now ?? Date.now)()).toISOString();
      if (fresh.state === 'undoing') {
        await finishUndo(root, fresh, options);
        fresh.recovery = { outcome: 'undo-finished', at, reason: 'Seatmap stopped while undoing' };
        await writeJournal(root, fresh);
        outcomes.push({ txId: fresh.id, seat: fresh.seat, outcome: 'undo-finished', message: `An interrupted undo of the ${fresh.kind} of ${fresh.seat} was finished: everything is as before` });
        continue;
      }
      const current = await fleetHash(root);
      if (current === fresh.fleet.beforeHash || current === fresh.fleet.afterHash) {
        const result = await rollForward(root, fresh, options);
        if (result === 'finished') {
          fresh.recovery = { outcome: 'finished', at, reason: `Seatmap stopped at step ${tx.step}` };
          await writeJournal(root, fresh);
          outcomes.push({ txId: fresh.id, seat: fresh.seat, outcome: 'finished', message: `An interrupted ${fresh.kind} of ${fresh.seat} was finished (it had stopped at step "${tx.step}")` });
          continue;
        }
      } else {
        await rollBack(root, fresh, options, 'fleet.yaml was changed by someone else after the transaction stopped');
      }
      outcomes.push({ txId: fresh.id, seat: fresh.seat, outcome: 'rolled-back', message: `An interrupted ${fresh.kind} of ${fresh.seat} was rolled back: fleet.yaml had changed since, so everything was put back as it was` });
    } finally {
      await lock.release();
    }
  }
  return outcomes;
}

/** The newest committed transaction, which undo can take back. */
export async function lastCommitted(root: string): Promise<TxJournal | null> {
  const all = await listJournals(root);
  for (let i = all.length - 1; i >= 0; i--) {
    const tx = all[i] as TxJournal;
    if (tx.state === 'committed') return tx;
    if (tx.state === 'undoing') return null;
  }
  return null;
}

/**
 * Undoes a committed transaction when nothing it touched changed since: fleet.yaml is the text it
 * wrote, the successor's inbox holds exactly the bytes it left, nothing arrived at the retired
 * seat's old inbox path, and no later transaction exists. Otherwise says what changed and does nothing.
 */
export async function undoRetire(fleetRoot: string, txId: string, options: TxOptions = {}): Promise<RetireApplyResult> {
  const root = await realpath(fleetRoot);
  await recoverTransactions(root, options);
  const lock = await acquireLock(root, txId, options.lockWaitMs ?? 0);
  if (!lock) return refusal('busy', 'Another retire or merge is running on this fleet; try again when it has finished');
  try {
    const tx = await readJournal(root, txId);
    if (!tx) return refusal('unknown-seat', `There is no transaction ${txId} in .seatmap/journal`);
    if (tx.state !== 'committed') return refusal('changed', `The ${tx.kind} of ${tx.seat} is ${tx.state}; only a finished one can be undone`);
    const later = (await listJournals(root)).filter((t) => t.id > tx.id && t.state === 'committed');
    const problems: string[] = [];
    if (later.length) problems.push(`a later ${later[0]?.kind} of ${later[0]?.seat} was applied after it; undo that first`);
    if ((await fleetHash(root)) !== tx.fleet.afterHash) problems.push('fleet.yaml was changed after it; undoing would overwrite that change');
    if ((await fileHash(inboxPath(root, tx.inboxTo))) !== tx.after?.successorHash) {
      problems.push(`${tx.inboxTo}'s inbox received new lines after it; taking the forwarded messages out would rewrite a file agents are writing`);
    }
    const fresh = await readText(inboxPath(root, tx.seat));
    if (fresh !== null && fresh.length > 0) problems.push(`messages arrived for ${tx.seat} after it (inbox/${tx.seat}.jsonl); they were forwarded to ${tx.inboxTo}`);
    if (problems.length) return refusal('changed', `Cannot undo the ${tx.kind} of ${tx.seat}, and nothing was changed: ${problems.join('; ')}.`);
    if (fresh !== null) await removeIfEmpty(inboxPath(root, tx.seat), options.graceMs ?? DEFAULT_GRACE_MS, archiveDirOf(root, tx.id));
    tx.state = 'undoing';
    await writeJournal(root, tx);
    await finishUndo(root, tx, options);
    return { ok: true, txId, summary: `Undid the ${tx.kind} of ${tx.seat}: fleet.yaml and the inboxes are as before`, forwarded: 0, archived: [], hash: tx.fleet.beforeHash };
  } finally {
    await lock.release();
  }
}

async function finishUndo(root: string, tx: TxJournal, options: TxOptions): Promise<void> {
  const current = await fleetHash(root);
  if (current === tx.fleet.afterHash) {
    const swapped = await swapFleetText(root, tx.fleet.afterHash, tx.fleet.beforeText);
    if (!swapped.ok) throw new Error(swapped.refusal.message);
  }
  await restoreInboxes(root, tx, options.graceMs ?? DEFAULT_GRACE_MS);
  tx.state = 'undone';
  await writeJournal(root, tx);
}

/** Read-only: transactions that are interrupted, and recent recoveries (for `seatmap check` and the UI). */
export async function transactionNotes(root: string, now: number): Promise<Array<{ file: string; severity: 'error' | 'info'; message: string }>> {
  const notes: Array<{ file: string; severity: 'error' | 'info'; message: string }> = [];
  let journals: TxJournal[] = [];
  try {
    journals = await listJournals(root);
  } catch {
    return notes;
  }
  for (const tx of journals) {
    const file = `.seatmap/journal/tx-${tx.id}.json`;
    if (tx.state === 'applying' || tx.state === 'undoing') {
      notes.push({ file, severity: 'error', message: `A ${tx.kind} of ${tx.seat} was interrupted at step "${tx.step}"; opening the fleet in Seatmap (or running seatmap retire) finishes or rolls it back` });
    } else if (tx.recovery && now - Date.parse(tx.recovery.at) < 7 * 86_400_000) {
      const what = tx.recovery.outcome === 'finished' ? 'was finished' : tx.recovery.outcome === 'rolled-back' ? 'was rolled back' : 'undo was finished';
      notes.push({ file, severity: 'info', message: `The interrupted ${tx.kind} of ${tx.seat} ${what} on recovery (${tx.recovery.at}): ${tx.recovery.reason}` });
    }
  }
  return notes;
}
