/**
 * The fleet.yaml swap journal: `.seatmap/journal/fleet-swap.json` records a swap (service/
 * commandRunner.ts) before it starts, so a crash or power loss in the middle of it can be undone
 * or finished the next time the fleet is opened or edited, and the user told which.
 *
 * The record names the temp file holding the new text, the history entry the current fleet.yaml
 * is moved to, and the hashes of both versions. It is written atomically and fsynced before the
 * first byte of the new text, and removed after the swap. Recovery looks at what is on disk:
 * - fleet.yaml holds the new text: the swap had finished; only the temp file is cleaned up.
 * - fleet.yaml holds the old text: the swap had not started; the edit was not applied.
 * - fleet.yaml is missing, the moved-aside file is the old text and the temp file the complete
 *   new text: the crash came between the two renames, after the check had passed; the swap is
 *   finished by linking the new text in.
 * - fleet.yaml is missing otherwise: the moved-aside file is linked back.
 * - fleet.yaml holds something else: someone changed it since; it is left as it is.
 * Links never overwrite: a fleet.yaml created meanwhile by anyone else stands.
 *
 * Everything in the record is untrusted: names must match the temp and history patterns, so a
 * record cannot point outside the fleet folder. A record written by another live process less
 * than a minute ago belongs to a swap still running there, and is left alone.
 *
 * `journalDir` and `writeJournalRecord` are meant for other journals in the same folder too
 * (each with its own file name).
 */
import { linkSync, lstatSync, readFileSync, unlinkSync } from 'node:fs';
import { lstat, mkdir, readdir, realpath, rm } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { OWN_FOLDER } from '../shared/fleetLayout';
import { FLEET_FILE } from '../shared/parseFleet';
import { errorCode, fsyncDir, noHook, writeFileAtomic, type WriteHook } from './atomicWrite';
import { hashText, HISTORY_ENTRY, isInside } from './fleetHistory';

export const JOURNAL_FOLDER = 'journal';
export const SWAP_JOURNAL = 'fleet-swap.json';
/** Where the record lives, fleet-relative, for messages. */
export const SWAP_JOURNAL_PATH = `${OWN_FOLDER}/${JOURNAL_FOLDER}/${SWAP_JOURNAL}`;
/** A record younger than this from another live process is a swap still in progress. */
const LIVE_MS = 60_000;

const hash = z.string().regex(/^[0-9a-f]{64}$/);
export const swapRecordSchema = z.object({
  kind: z.literal('fleet-swap'),
  version: z.literal(1),
  /** The temp file's name, directly in the fleet folder. */
  temp: z.string().regex(/^\.fleet\.yaml\.seatmap-tmp-[0-9a-f]{1,32}$/),
  /** The history entry's name, in .seatmap/history. */
  aside: z.string().regex(HISTORY_ENTRY),
  expectHash: hash,
  newHash: hash,
  pid: z.number().int().positive(),
  host: z.string().max(256),
  startedAt: z.number(),
});
export type SwapRecord = z.infer<typeof swapRecordSchema>;

/** What recovery found and did; `message` is for people (the UI and `seatmap check`). */
export interface SwapRecovery {
  outcome: 'finished' | 'complete' | 'restored' | 'not-applied' | 'left' | 'lost' | 'unreadable';
  message: string;
}

/** `<root>/.seatmap/journal`, created when missing; refused when it resolves outside the root. */
export async function journalDir(realRoot: string): Promise<string> {
  const dir = join(realRoot, OWN_FOLDER, JOURNAL_FOLDER);
  await mkdir(dir, { recursive: true });
  const real = await realpath(dir);
  if (!isInside(realRoot, real)) throw new Error(`${OWN_FOLDER}/${JOURNAL_FOLDER} resolves outside the fleet folder`);
  return real;
}

/** Writes a journal record atomically and durably (temp, fsync, rename, fsync folder). */
export async function writeJournalRecord(dir: string, name: string, record: unknown, hook: WriteHook = noHook): Promise<string> {
  const path = join(dir, name);
  hook('journal-write', path);
  await writeFileAtomic(path, `${JSON.stringify(record, null, 2)}\n`);
  return path;
}

/** Records a swap before it starts; returns the record's path. */
export async function recordSwap(
  realRoot: string,
  swap: Pick<SwapRecord, 'temp' | 'aside' | 'expectHash' | 'newHash'>,
  hook: WriteHook = noHook,
  now: number = Date.now(),
): Promise<string> {
  const record: SwapRecord = { kind: 'fleet-swap', version: 1, ...swap, pid: process.pid, host: hostname(), startedAt: now };
  return writeJournalRecord(await journalDir(realRoot), SWAP_JOURNAL, record, hook);
}

/** Removes the record after the swap. Not fsynced: a record that outlives a power loss is found complete. */
export async function clearSwap(path: string, hook: WriteHook = noHook): Promise<void> {
  hook('journal-clear', path);
  await rm(path, { force: true });
}

type OnDisk = { kind: 'missing' } | { kind: 'file'; hash: string } | { kind: 'other' };

/** A regular file's hash; a symlink, folder or unreadable file is 'other'. */
function look(path: string): OnDisk {
  try {
    const info = lstatSync(path);
    if (!info.isFile()) return { kind: 'other' };
    return { kind: 'file', hash: hashText(readFileSync(path)) };
  } catch (error) {
    return errorCode(error) === 'ENOENT' ? { kind: 'missing' } : { kind: 'other' };
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return errorCode(error) === 'EPERM';
  }
}

/** Links `from` to fleet.yaml (never overwriting) and removes `from`; false when fleet.yaml exists meanwhile. */
function linkIn(from: string, fleet: string): boolean {
  try {
    linkSync(from, fleet);
  } catch (error) {
    if (errorCode(error) === 'EEXIST') return false;
    throw error;
  }
  unlinkSync(from);
  return true;
}

const PREFIX = `An edit to ${FLEET_FILE} was interrupted`;

/**
 * Restores or finishes a swap that a crash interrupted, if the journal holds one; null when there
 * is nothing to do. Callers serialize it with their own swaps (commandRunner does).
 */
export async function recoverSwap(realRoot: string, options: { hook?: WriteHook; now?: number } = {}): Promise<SwapRecovery | null> {
  const dir = join(realRoot, OWN_FOLDER, JOURNAL_FOLDER);
  const path = join(dir, SWAP_JOURNAL);
  let info;
  try {
    info = await lstat(path);
    if (!isInside(realRoot, await realpath(dir))) return null;
  } catch {
    return null;
  }
  let record: SwapRecord | null = null;
  if (info.isFile() && info.size < 64 * 1024) {
    try {
      const parsed = swapRecordSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
      if (parsed.success) record = parsed.data;
    } catch {
      record = null;
    }
  }
  if (!record) {
    const removed = await rm(path, { force: true }).then(
      () => true,
      () => false,
    );
    return {
      outcome: 'unreadable',
      message: `Seatmap found a record of an interrupted edit to ${FLEET_FILE} (${SWAP_JOURNAL_PATH}) that it cannot read; it ${removed ? 'removed the record' : 'could not remove the record'} and left ${FLEET_FILE} as it is.`,
    };
  }
  const now = options.now ?? Date.now();
  if (record.host === hostname() && record.pid !== process.pid && isAlive(record.pid) && now - record.startedAt < LIVE_MS) return null;

  const fleet = join(realRoot, FLEET_FILE);
  const temp = join(realRoot, record.temp);
  const history = join(realRoot, OWN_FOLDER, 'history');
  // A history folder that resolves outside the fleet (a symlink) holds nothing Seatmap put there.
  const historyInside = await realpath(history).then(
    (real) => isInside(realRoot, real),
    () => false,
  );
  const aside = join(history, record.aside);
  const kept = `${OWN_FOLDER}/history/${record.aside}`;
  const current = look(fleet);
  const old: OnDisk = historyInside ? look(aside) : { kind: 'missing' };
  const edited = look(temp);
  const isOld = old.kind === 'file' && old.hash === record.expectHash;
  const isNew = edited.kind === 'file' && edited.hash === record.newHash;
  let recovery: SwapRecovery;

  if (current.kind === 'file' && current.hash === record.newHash) {
    recovery = {
      outcome: 'complete',
      message: `${PREFIX} just after it was saved. It is complete: ${FLEET_FILE} holds the edited version${old.kind === 'file' ? `; the version it replaced is in ${kept}` : ''}.`,
    };
  } else if (current.kind === 'file' && current.hash === record.expectHash) {
    recovery = { outcome: 'not-applied', message: `${PREFIX} before it was saved: ${FLEET_FILE} is unchanged, and that edit was not applied.` };
  } else if (current.kind !== 'missing') {
    recovery = {
      outcome: 'left',
      message: `${PREFIX}, and ${FLEET_FILE} has been changed since; Seatmap left it as it is${old.kind === 'file' ? ` (the version the edit replaced is in ${kept})` : ''}.`,
    };
  } else if (isOld && isNew && linkIn(temp, fleet)) {
    recovery = {
      outcome: 'finished',
      message: `${PREFIX} half-way through saving, and Seatmap has finished it: ${FLEET_FILE} holds the edited version; the version it replaced is in ${kept}.`,
    };
  } else if (old.kind === 'file' && linkIn(aside, fleet)) {
    recovery = {
      outcome: 'restored',
      message: `${PREFIX} half-way through saving, and Seatmap has put the previous version back: ${FLEET_FILE} is as it was before that edit, which was not applied.`,
    };
  } else if (isNew && linkIn(temp, fleet)) {
    recovery = { outcome: 'finished', message: `${PREFIX} half-way through saving, and Seatmap has finished it: ${FLEET_FILE} holds the edited version.` };
  } else if (look(fleet).kind !== 'missing') {
    recovery = { outcome: 'left', message: `${PREFIX}, and someone has written ${FLEET_FILE} since; Seatmap left it as it is.` };
  } else {
    recovery = {
      outcome: 'lost',
      message: `${PREFIX} half-way through saving, and neither the previous nor the edited version was found: ${FLEET_FILE} is missing. Earlier versions are in ${OWN_FOLDER}/history/.`,
    };
  }
  // The temp file is either linked in (and removed) or no longer needed; it is only ever ours.
  await rm(temp, { force: true });
  await fsyncDir(realRoot, options.hook).catch(() => false);
  if (historyInside) await fsyncDir(history, options.hook).catch(() => false);
  await rm(path, { force: true });
  await removeJournalTemps(dir);
  return recovery;
}

/** Temp files of journal records a crash left behind (their record never took effect). */
async function removeJournalTemps(dir: string): Promise<void> {
  const names = await readdir(dir).catch(() => [] as string[]);
  for (const name of names) {
    if (name.startsWith(`.${SWAP_JOURNAL}.seatmap-tmp-`)) await rm(join(dir, name), { force: true });
  }
}
