/**
 * Snapshot diff and apply. The host sends one snapshot, then numbered patches; the renderer applies
 * them in order and re-fetches the snapshot on a gap (docs/architecture.md, "One direction of flow").
 * Unchanged entries keep their object identity after apply, so React re-renders only what changed.
 */
import { jsonEqual } from './jsonEqual';
import {
  SNAPSHOT_COLLECTIONS,
  SNAPSHOT_SCALARS,
  type FleetSnapshot,
  type SnapshotCollection,
  type SnapshotScalar,
} from './snapshot';

export interface CollectionPatch<T> {
  upsert: T[];
  remove: string[];
}

export interface FleetPatch {
  fleetKey: string;
  /** The revision this patch applies to, and the one it produces. */
  from: number;
  to: number;
  collections: { [K in SnapshotCollection]?: CollectionPatch<FleetSnapshot[K][number]> };
  scalars: { [K in SnapshotScalar]?: FleetSnapshot[K] };
}

/** Same JSON text (without building it, see jsonEqual.ts). */
function same(a: unknown, b: unknown): boolean {
  return jsonEqual(a, b);
}

/** Lists made by copying another and replacing the records at some places (same ids there). */
const edits = new WeakMap<readonly unknown[], { from: readonly unknown[]; positions: readonly number[] }>();

/**
 * Records that `after` is `from` with the records at `positions` replaced by records of the same id
 * (derive patching a list at the inbox that moved), so a diff between the two looks at those places
 * only, not at every record of the fleet.
 */
export function noteEdits<T extends { id: string }>(after: readonly T[], from: readonly T[], positions: readonly number[]): void {
  edits.set(after, { from, positions });
}

/** The diff of a list noted as an edit of `before`: only the replaced places can differ. */
function diffEdited<T extends { id: string }>(before: readonly T[], after: readonly T[]): CollectionPatch<T> | null | undefined {
  const edit = edits.get(after);
  if (!edit || edit.from !== before || before.length !== after.length) return undefined;
  const upsert: T[] = [];
  for (const position of new Set(edit.positions)) {
    const prev = before[position];
    const item = after[position];
    if (!prev || !item || prev.id !== item.id) return undefined;
    if (prev !== item && !same(prev, item)) upsert.push(item);
  }
  return upsert.length ? { upsert: upsert.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)), remove: [] } : null;
}

/**
 * Both lists sorted by id with no id twice (as derive makes them): one walk side by side, where a
 * record derive kept from the last snapshot (shared/memo.ts) costs a pointer check. Null when the
 * lists are not in that order, and the general diff below is used.
 */
function diffSorted<T extends { id: string }>(before: readonly T[], after: readonly T[]): CollectionPatch<T> | null | undefined {
  if (before === after) return null;
  const edited = diffEdited(before, after);
  if (edited !== undefined) return edited;
  const upsert: T[] = [];
  const remove: string[] = [];
  let i = 0;
  let j = 0;
  let lastId: string | null = null;
  let lastBefore: string | null = null;
  while (i < before.length || j < after.length) {
    const prev = before[i];
    const item = after[j];
    if (item && lastId !== null && !(item.id > lastId)) return undefined;
    if (prev && lastBefore !== null && !(prev.id > lastBefore)) return undefined;
    if (prev && (!item || prev.id < item.id)) {
      remove.push(prev.id);
      lastBefore = prev.id;
      i++;
    } else if (item && (!prev || item.id < prev.id)) {
      upsert.push(item);
      lastId = item.id;
      j++;
    } else {
      if (prev !== item && !same(prev, item)) upsert.push(item!);
      lastBefore = prev!.id;
      lastId = item!.id;
      i++;
      j++;
    }
  }
  return upsert.length || remove.length ? { upsert, remove } : null;
}

function diffCollection<T extends { id: string }>(before: readonly T[], after: readonly T[]): CollectionPatch<T> | null {
  const sorted = diffSorted(before, after);
  if (sorted !== undefined) return sorted;
  const old = new Map(before.map((item) => [item.id, item]));
  const upsert: T[] = [];
  const seen = new Set<string>();
  for (const item of after) {
    seen.add(item.id);
    const prev = old.get(item.id);
    if (!prev || !same(prev, item)) upsert.push(item);
  }
  const remove = before.filter((item) => !seen.has(item.id)).map((item) => item.id);
  return upsert.length || remove.length ? { upsert, remove } : null;
}

/** The patch from `before` to `after`, or null when nothing but the revision differs. */
export function diffSnapshots(before: FleetSnapshot, after: FleetSnapshot, ignoreScalars: SnapshotScalar[] = []): FleetPatch | null {
  const patch: FleetPatch = { fleetKey: after.fleetKey, from: before.revision, to: after.revision, collections: {}, scalars: {} };
  let changed = false;
  for (const key of SNAPSHOT_COLLECTIONS) {
    const part = diffCollection<{ id: string }>(before[key], after[key]);
    if (part) {
      (patch.collections as Record<string, unknown>)[key] = part;
      changed = true;
    }
  }
  for (const key of SNAPSHOT_SCALARS) {
    if (ignoreScalars.includes(key)) continue;
    if (!same(before[key], after[key])) {
      (patch.scalars as Record<string, unknown>)[key] = after[key];
      changed = true;
    }
  }
  return changed ? patch : null;
}

/** Whether the items are in id order already (what applyCollection returns). */
function sortedById(items: readonly { id: string }[]): boolean {
  for (let i = 1; i < items.length; i++) if (!(items[i - 1]!.id < items[i]!.id)) return false;
  return true;
}

function applyCollection<T extends { id: string }>(items: readonly T[], part: CollectionPatch<T> | undefined): T[] {
  if (!part) return items as T[];
  // The common patch (a message changed a few counts) only replaces entries: replace them in place,
  // without re-sorting a collection of thousands on every append. Same result as below.
  if (part.remove.length === 0) {
    const upserts = new Map(part.upsert.map((item) => [item.id, item]));
    let replaced = 0;
    const next = items.map((item) => {
      const update = upserts.get(item.id);
      if (!update) return item;
      replaced++;
      return update;
    });
    if (replaced === upserts.size && replaced === part.upsert.length && sortedById(next)) return next;
  }
  const removed = new Set(part.remove);
  const byId = new Map<string, T>();
  for (const item of items) if (!removed.has(item.id)) byId.set(item.id, item);
  for (const item of part.upsert) byId.set(item.id, item);
  return [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Applies a patch; throws when it does not follow on from this snapshot (the caller re-fetches). */
export function applyPatch(snapshot: FleetSnapshot, patch: FleetPatch): FleetSnapshot {
  if (patch.fleetKey !== snapshot.fleetKey || patch.from !== snapshot.revision) {
    throw new PatchGapError(snapshot.revision, patch.from);
  }
  const next = { ...snapshot, ...patch.scalars, revision: patch.to } as FleetSnapshot;
  for (const key of SNAPSHOT_COLLECTIONS) {
    (next as unknown as Record<string, unknown>)[key] = applyCollection<{ id: string }>(
      snapshot[key],
      patch.collections[key] as CollectionPatch<{ id: string }> | undefined,
    );
  }
  return next;
}

export class PatchGapError extends Error {
  constructor(
    readonly have: number,
    readonly got: number,
  ) {
    super(`Patch from revision ${got} does not follow revision ${have}`);
  }
}
