/**
 * Messages that still arrive for a retired seat (at `inbox/<seat>.jsonl`, a fresh file after the
 * retire archived the old one) are forwarded to its successor while Seatmap runs: appended
 * (O_APPEND) as marked copies, each at most once. The sender is reported by the
 * `retired-traffic` signal, so it can be fixed.
 */
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { FleetRegistry } from '../../shared/registry';
import { forwardedLine, idsForwardedFrom, pendingMessages } from '../../shared/retire/forwarding';
import { successorOf } from '../../shared/retire/plan';
import { appendSynced, isMissing } from './appendFiles';
import { acquireLock } from './journal';

/** Remembers how far each retired inbox was forwarded, so an unchanged file costs one stat. */
export class LateForwarder {
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly root: string,
    private readonly now: () => number = Date.now,
  ) {}

  /** Forwards what arrived for retired seats; returns how many copies were written. */
  async run(registry: FleetRegistry): Promise<number> {
    const work: Array<{ seat: string; to: string; size: number }> = [];
    for (const seat of registry.seats) {
      if (seat.status !== 'retired') continue;
      const to = successorOf(seat.successors);
      const target = registry.seats.find((s) => s.id === to);
      if (!to || !target || target.status === 'retired') continue;
      let size: number;
      try {
        size = (await stat(join(this.root, 'inbox', `${seat.id}.jsonl`))).size;
      } catch (error) {
        if (isMissing(error)) continue;
        throw error;
      }
      if (size === 0 || this.seen.get(seat.id) === size) continue;
      work.push({ seat: seat.id, to, size });
    }
    if (work.length === 0) return 0;
    const lock = await acquireLock(this.root, 'late-forward', 0);
    if (!lock) return 0; // a transaction is running; next time
    let written = 0;
    try {
      for (const { seat, to, size } of work) {
        const text = await readFile(join(this.root, 'inbox', `${seat}.jsonl`), 'utf8');
        const target = join(this.root, 'inbox', `${to}.jsonl`);
        let targetText = '';
        try {
          targetText = await readFile(target, 'utf8');
        } catch (error) {
          if (!isMissing(error)) throw error;
        }
        const present = idsForwardedFrom(targetText, seat);
        const at = new Date(this.now()).toISOString();
        const lines = pendingMessages(text)
          .filter((m) => !present.has(m.id))
          .map((m) => forwardedLine(m, to, seat, at, null));
        await appendSynced(target, lines.join(''));
        written += lines.length;
        this.seen.set(seat, size);
      }
    } finally {
      await lock.release();
    }
    return written;
  }
}
