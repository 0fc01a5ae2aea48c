/**
 * The rows of an inbox view the list has fetched, by their index in the host's newest-first order
 * (a 200,000-message inbox is read by window, never whole). Fetched in aligned blocks; on a
 * live change the cache is invalidated but keeps its rows on screen until the new ones arrive, and
 * `shift` moves them down when new messages landed on top, so nothing jumps while it refreshes.
 */
import type { MessageRow } from '../../../shared/inboxQuery';

/** Rows per request (the host allows up to 500). */
export const BLOCK = 100;
/** Rows kept either side of the visible range; the rest are dropped to keep memory bounded. */
export const KEEP_AROUND = 1000;

export const rowKey = (row: Pick<MessageRow, 'inbox' | 'id'>): string => `${row.inbox}/${row.id}`;

export class InboxRowCache {
  private rows = new Map<number, MessageRow>();
  /** Blocks fetched in the current generation, being fetched, or failed (not retried until invalidated). */
  private fresh = new Set<number>();
  private inflight = new Set<number>();
  private failed = new Set<number>();
  /** Bumped by `invalidate`: answers to older requests are dropped. */
  generation = 0;

  get(index: number): MessageRow | undefined {
    return this.rows.get(index);
  }

  get size(): number {
    return this.rows.size;
  }

  /** Blocks covering rows [from, to] (inclusive) that need a request now. */
  missingBlocks(from: number, to: number): number[] {
    const blocks: number[] = [];
    if (to < from) return blocks;
    for (let block = Math.floor(Math.max(0, from) / BLOCK); block <= Math.floor(to / BLOCK); block++) {
      if (!this.fresh.has(block) && !this.inflight.has(block) && !this.failed.has(block)) blocks.push(block);
    }
    return blocks;
  }

  begin(block: number): void {
    this.inflight.add(block);
  }

  /** Stores a block's rows when they answer the current generation; returns whether they did. */
  fill(block: number, generation: number, rows: readonly MessageRow[]): boolean {
    if (generation !== this.generation) return false;
    this.inflight.delete(block);
    this.fresh.add(block);
    const start = block * BLOCK;
    for (let i = 0; i < BLOCK; i++) {
      const row = rows[i];
      if (row) this.rows.set(start + i, row);
      else this.rows.delete(start + i);
    }
    return true;
  }

  fail(block: number, generation: number): void {
    if (generation !== this.generation) return;
    this.inflight.delete(block);
    this.failed.add(block);
  }

  /** Everything must be fetched again; rows stay readable meanwhile. */
  invalidate(): void {
    this.generation++;
    this.fresh.clear();
    this.inflight.clear();
    this.failed.clear();
  }

  /** `count` new rows arrived on top: every kept row moves down by that much. */
  shift(count: number): void {
    if (count === 0) return;
    const moved = new Map<number, MessageRow>();
    for (const [index, row] of this.rows) if (index + count >= 0) moved.set(index + count, row);
    this.rows = moved;
  }

  clear(): void {
    this.rows.clear();
    this.invalidate();
  }

  /**
   * Drops rows far from [from, to] so a long scroll through a huge inbox stays bounded. The first
   * block stays: its top row is how a live change tells new messages from a refresh.
   */
  trim(from: number, to: number, keep = KEEP_AROUND): void {
    if (this.rows.size <= 3 * keep) return;
    const far = (index: number) => index >= BLOCK && (index < from - keep || index > to + keep);
    for (const index of this.rows.keys()) if (far(index)) this.rows.delete(index);
    for (const block of this.fresh) {
      if (block > 0 && ((block + 1) * BLOCK - 1 < from - keep || block * BLOCK > to + keep)) this.fresh.delete(block);
    }
  }

  /**
   * How many rows arrived above the row that was on top, judged from the new first block: the old
   * top row's position in it. Null when that row is not in the block (the caller falls back to totals).
   */
  static newOnTop(oldTop: MessageRow | undefined, firstBlock: readonly MessageRow[]): number | null {
    if (!oldTop) return null;
    const key = rowKey(oldTop);
    const at = firstBlock.findIndex((row) => rowKey(row) === key);
    return at === -1 ? null : at;
  }
}
