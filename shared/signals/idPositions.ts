/**
 * The first position of each id in an append-only list of messages: an open-addressing hash table
 * of (hash, position) pairs in one typed array. A `Map` of 200,000 string ids was about half the
 * cost of indexing a big inbox beyond `JSON.parse` itself, most of it cache misses in its large,
 * pointer-heavy table; here a look-up of a new id touches one small array slot or a few in a row,
 * and the message itself only when the hashes match.
 */

const INITIAL_SLOTS = 1024;

/** FNV-1a over UTF-16 code units: cheap for the short ids inboxes use (at most 256 characters). */
function hashOf(id: string): number {
  let hash = 0x811c9dc5 | 0; // as the int32 the table stores
  for (let i = 0; i < id.length; i++) hash = Math.imul(hash ^ id.charCodeAt(i), 0x01000193);
  return hash;
}

export class IdPositions {
  /** Pairs of (hash, position + 1); a position of 0 marks an empty slot. */
  private table = new Int32Array(2 * INITIAL_SLOTS);
  private mask = INITIAL_SLOTS - 1;
  private count = 0;

  /** `idAt(position)` is the id of the message at that position. */
  constructor(private readonly idAt: (position: number) => string) {}

  get size(): number {
    return this.count;
  }

  /** The first position of `id`, or -1 when there is none yet, and then `position` becomes it. */
  firstOrAdd(id: string, position: number): number {
    if (2 * (this.count + 1) > this.mask + 1) this.grow();
    const hash = hashOf(id);
    const { table, mask } = this;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const stored = table[2 * slot + 1]!;
      if (stored === 0) {
        table[2 * slot] = hash;
        table[2 * slot + 1] = position + 1;
        this.count++;
        return -1;
      }
      if (table[2 * slot] === hash && this.idAt(stored - 1) === id) return stored - 1;
    }
  }

  /** The first position of `id`, or -1. */
  get(id: string): number {
    const hash = hashOf(id);
    const { table, mask } = this;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const stored = table[2 * slot + 1]!;
      if (stored === 0) return -1;
      if (table[2 * slot] === hash && this.idAt(stored - 1) === id) return stored - 1;
    }
  }

  /** Doubles the table (kept at most half full, so probe runs stay short). */
  private grow(): void {
    const old = this.table;
    const slots = 2 * (this.mask + 1);
    const table = new Int32Array(2 * slots);
    const mask = slots - 1;
    for (let i = 0; i < old.length; i += 2) {
      const stored = old[i + 1]!;
      if (stored === 0) continue;
      let slot = old[i]! & mask;
      while (table[2 * slot + 1] !== 0) slot = (slot + 1) & mask;
      table[2 * slot] = old[i]!;
      table[2 * slot + 1] = stored;
    }
    this.table = table;
    this.mask = mask;
  }
}
