/**
 * The snapshot, split so components can subscribe narrowly (docs/architecture.md, "The renderer"): each collection as ordered ids plus a by-id record, and the graph's edge list. Applying
 * a patch replaces only the entries it names; every other object, record and id list keeps its
 * identity, so a selector on one seat or one pair only fires when that seat or pair changed.
 */
import { applyPatch, type FleetPatch } from '../../../shared/patch';
import type { FleetSnapshot, SnapshotCollection } from '../../../shared/snapshot';
import { buildEdgeSpecs, sameEdgeSpecs, type EdgeSpec } from '../graph/edgeSpecs';

export interface Keyed<T> {
  ids: readonly string[];
  byId: Readonly<Record<string, T>>;
}

type Item<K extends SnapshotCollection> = FleetSnapshot[K][number];

export interface FleetData {
  /** The full snapshot (scalars are read from here; their identity changes only when patched). */
  snapshot: FleetSnapshot;
  seats: Keyed<Item<'seats'>>;
  handoffs: Keyed<Item<'handoffs'>>;
  traffic: Keyed<Item<'traffic'>>;
  rules: Keyed<Item<'rules'>>;
  stateFiles: Keyed<Item<'stateFiles'>>;
  signals: Keyed<Item<'signals'>>;
  /** What the graph draws; the same array until the structure changes. */
  edges: readonly EdgeSpec[];
}

function keyed<T extends { id: string }>(items: readonly T[]): Keyed<T> {
  const byId: Record<string, T> = {};
  for (const item of items) byId[item.id] = item;
  return { ids: items.map((item) => item.id), byId };
}

function sameIds(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Re-keys a collection after a patch, reusing the old record entries, record and id list where unchanged. */
function rekey<T extends { id: string }>(previous: Keyed<T>, items: readonly T[]): Keyed<T> {
  const ids = items.map((item) => item.id);
  let changed = ids.length !== previous.ids.length;
  const byId: Record<string, T> = {};
  for (const item of items) {
    byId[item.id] = item;
    if (previous.byId[item.id] !== item) changed = true;
  }
  if (!changed) return previous;
  return { ids: sameIds(ids, previous.ids) ? previous.ids : ids, byId };
}

function edgesOf(snapshot: FleetSnapshot): EdgeSpec[] {
  return buildEdgeSpecs(
    snapshot.seats.map((s) => s.id),
    snapshot.handoffs,
    snapshot.traffic,
    snapshot.rules,
  );
}

/**
 * Whether a patched collection can change the drawn edges: its ids, or for an entry that changed, one
 * of the fields `buildEdgeSpecs` reads. A message changes counts on every append; only a pair's
 * first message (count 0 → 1) or a new handoff, rule or seat changes what is drawn.
 */
function sameShape<T extends { id: string }>(before: Keyed<T>, after: Keyed<T>, shape: (item: T) => string): boolean {
  if (before === after) return true;
  if (!sameIds(before.ids, after.ids)) return false;
  for (const id of after.ids) {
    const a = before.byId[id];
    const b = after.byId[id];
    if (a !== b && (!a || !b || shape(a) !== shape(b))) return false;
  }
  return true;
}

const handoffShape = (h: Item<'handoffs'>) => `${h.from}\n${h.to}`;
const trafficShape = (t: Item<'traffic'>) => `${t.from}\n${t.to}\n${t.count > 0}`;
const ruleShape = (r: Item<'rules'>) => `${r.winner}\n${r.over}`;

export function fleetDataFromSnapshot(snapshot: FleetSnapshot): FleetData {
  return {
    snapshot,
    seats: keyed(snapshot.seats),
    handoffs: keyed(snapshot.handoffs),
    traffic: keyed(snapshot.traffic),
    rules: keyed(snapshot.rules),
    stateFiles: keyed(snapshot.stateFiles),
    signals: keyed(snapshot.signals),
    edges: edgesOf(snapshot),
  };
}

/**
 * Applies a patch (shared/patch.ts semantics). Throws PatchGapError when the patch does not follow
 * on from this revision or belongs to another fleet; the caller then re-fetches the snapshot.
 */
export function patchFleetData(data: FleetData, patch: FleetPatch): FleetData {
  const snapshot = applyPatch(data.snapshot, patch);
  const touched = (key: SnapshotCollection) => patch.collections[key] !== undefined;
  const next: FleetData = {
    snapshot,
    seats: touched('seats') ? rekey(data.seats, snapshot.seats) : data.seats,
    handoffs: touched('handoffs') ? rekey(data.handoffs, snapshot.handoffs) : data.handoffs,
    traffic: touched('traffic') ? rekey(data.traffic, snapshot.traffic) : data.traffic,
    rules: touched('rules') ? rekey(data.rules, snapshot.rules) : data.rules,
    stateFiles: touched('stateFiles') ? rekey(data.stateFiles, snapshot.stateFiles) : data.stateFiles,
    signals: touched('signals') ? rekey(data.signals, snapshot.signals) : data.signals,
    edges: data.edges,
  };
  const edgeInputsChanged =
    !sameIds(next.seats.ids, data.seats.ids) ||
    !sameShape(data.handoffs, next.handoffs, handoffShape) ||
    !sameShape(data.traffic, next.traffic, trafficShape) ||
    !sameShape(data.rules, next.rules, ruleShape);
  if (edgeInputsChanged) {
    const edges = edgesOf(snapshot);
    if (!sameEdgeSpecs(edges, data.edges)) next.edges = edges;
  }
  return next;
}
