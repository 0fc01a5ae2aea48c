/**
 * The retire transaction's write-ahead journal and lock (docs/fleet-format.md, "The journal"):
 * `.seatmap/journal/tx-<id>.json` is written (atomically) before each step, so a crash at any
 * point leaves enough on disk to finish or roll back; `.seatmap/journal/lock` holds the pid of
 * the process running a transaction, so a second Seatmap or the CLI waits or refuses.
 */
import { constants } from 'node:fs';
import { mkdir, open, readdir, readFile, realpath, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { OWN_FOLDER } from '../../shared/fleetLayout';
import { writeFileAtomic } from '../atomicWrite';
import { isInside } from '../fleetHistory';

export const STEPS = ['begin', 'archive', 'drain', 'forward', 'fleet', 'commit'] as const;
export type StepName = (typeof STEPS)[number];

const journalSchema = z.object({
  version: z.literal(1),
  id: z.string().regex(/^[a-z0-9-]{1,80}$/),
  kind: z.enum(['retire', 'merge']),
  seat: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/),
  inboxTo: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/),
  createdAt: z.string(),
  state: z.enum(['applying', 'committed', 'rolled-back', 'undoing', 'undone']),
  step: z.enum(STEPS),
  fleet: z.object({ beforeHash: z.string(), afterHash: z.string(), beforeText: z.string(), afterText: z.string() }),
  /** Bytes of the archived inbox that were drained (forwarding is computed from exactly these). */
  /** Whether the successor had an inbox file before (undo removes one the transaction created). */
  successorExisted: z.boolean(),
  drainedBytes: z.number().int().min(0).nullable(),
  forwardedAt: z.string(),
  forwardedIds: z.array(z.string()).nullable(),
  /** After commit: what undo checks is unchanged. */
  after: z.object({ successorHash: z.string().nullable(), archiveBytes: z.number().int().nullable() }).nullable(),
  recovery: z.object({ outcome: z.enum(['finished', 'rolled-back', 'undo-finished']), at: z.string(), reason: z.string() }).nullable(),
});
export type TxJournal = z.infer<typeof journalSchema>;

export async function journalDir(root: string): Promise<string> {
  const dir = join(root, OWN_FOLDER, 'journal');
  await mkdir(dir, { recursive: true });
  const real = await realpath(dir);
  if (!isInside(root, real)) throw new Error(`${OWN_FOLDER}/journal resolves outside the fleet folder`);
  return real;
}

/** The journal folder when it exists (readers never create it: `seatmap check` writes nothing). */
async function existingJournalDir(root: string): Promise<string | null> {
  try {
    const real = await realpath(join(root, OWN_FOLDER, 'journal'));
    return isInside(root, real) ? real : null;
  } catch {
    return null;
  }
}

export function archiveDirOf(root: string, txId: string): string {
  return join(root, OWN_FOLDER, 'archive', txId);
}

export async function writeJournal(root: string, tx: TxJournal): Promise<void> {
  await writeFileAtomic(join(await journalDir(root), `tx-${tx.id}.json`), `${JSON.stringify(tx, null, 1)}\n`);
}

export async function readJournal(root: string, txId: string): Promise<TxJournal | null> {
  const dir = await existingJournalDir(root);
  if (!dir) return null;
  try {
    const parsed = journalSchema.safeParse(JSON.parse(await readFile(join(dir, `tx-${txId}.json`), 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Every journal, oldest first (ids start with the time). */
export async function listJournals(root: string): Promise<TxJournal[]> {
  const dir = await existingJournalDir(root);
  if (!dir) return [];
  const names = (await readdir(dir)).filter((n) => /^tx-[a-z0-9-]+\.json$/.test(n)).sort();
  const out: TxJournal[] = [];
  for (const name of names) {
    const tx = await readJournal(root, name.slice(3, -5));
    if (tx) out.push(tx);
  }
  return out;
}

export function newTxId(now: number): string {
  const stamp = new Date(now).toISOString().replace(/[-:.TZ]/g, '').slice(0, 17);
  return `${stamp}-${Math.random().toString(36).slice(2, 8)}`.toLowerCase();
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export interface Lock {
  release(): Promise<void>;
}

/** Who holds the lock, when a live process does. */
export async function lockHolder(root: string): Promise<{ pid: number; txId: string } | null> {
  const dir = await existingJournalDir(root);
  if (!dir) return null;
  try {
    const held = JSON.parse(await readFile(join(dir, 'lock'), 'utf8')) as { pid: number; txId: string };
    return typeof held.pid === 'number' && alive(held.pid) ? held : null;
  } catch {
    return null;
  }
}

/**
 * Takes the fleet's transaction lock, waiting up to `waitMs` for a live holder; a lock left by a
 * dead process (kill -9) is stale and taken over. Returns null when a live process keeps it.
 */
export async function acquireLock(root: string, txId: string, waitMs = 0): Promise<Lock | null> {
  const path = join(await journalDir(root), 'lock');
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      const handle = await open(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o644);
      await handle.writeFile(JSON.stringify({ pid: process.pid, txId, at: new Date().toISOString() }));
      await handle.sync();
      await handle.close();
      return {
        release: async () => {
          await rm(path, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    let holder: { pid?: unknown } | null = null;
    try {
      holder = JSON.parse(await readFile(path, 'utf8')) as { pid?: unknown };
    } catch {
      holder = null; // being written right now, or torn by a crash between create and write
    }
    const pid = typeof holder?.pid === 'number' ? holder.pid : null;
    if (pid !== null && pid !== process.pid && !alive(pid)) {
      await rm(path, { force: true });
      continue;
    }
    if (pid === null) {
      // A lock without a pid is either being written (give it a moment) or torn by a crash.
      await new Promise((r) => setTimeout(r, 20));
      try {
        const again = JSON.parse(await readFile(path, 'utf8')) as { pid?: unknown };
        if (typeof again.pid === 'number') continue;
      } catch {
        await rm(path, { force: true });
        continue;
      }
    }
    if (Date.now() >= deadline) return null;
    await new Promise((r) => setTimeout(r, 25));
  }
}
