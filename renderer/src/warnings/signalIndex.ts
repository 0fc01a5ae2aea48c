/**
 * What the graph needs to know about the signals, indexed once per signal collection.
 * Seat nodes and edges read one primitive each from here (`"2:error"`, a stale file list, a
 * boolean), so a new or cleared signal re-renders only the seats and edges it names, not every
 * node (docs/architecture.md, "The renderer"). The index is cached by the collection's
 * identity, which the fleet store keeps while no signal changed, so N seats share one pass.
 */
import type { Severity } from '../../../shared/diagnostics';
import type { Signal, SignalKind } from '../../../shared/signalTypes';
import type { Keyed } from '../store/fleetState';

export const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** The kinds that say two seats overlap; the graph links such pairs (`overlap-<a>-<b>`). */
export const OVERLAP_KINDS: readonly SignalKind[] = ['mandate-overlap', 'unruled-overlap', 'duplicate-work'];

export function worstSeverity(severities: Iterable<Severity>): Severity | null {
  let worst: Severity | null = null;
  for (const s of severities) if (worst === null || SEVERITY_RANK[s] < SEVERITY_RANK[worst]) worst = s;
  return worst;
}

/** Two seats the signals say overlap, with every reason (kind) and the worst severity. */
export interface OverlapLink {
  /** `<a>+<b>`, a < b: the key the overlap signals use. */
  key: string;
  a: string;
  b: string;
  kinds: SignalKind[];
  severity: Severity;
  /** The signals' messages, for a title. */
  messages: string[];
}

export interface SignalIndex {
  /** Per seat: `"<count>:<worst severity>"`. */
  seatBadges: ReadonlyMap<string, string>;
  /** Per seat: its stale state files (fleet-relative paths), newline-joined. */
  seatStale: ReadonlyMap<string, string>;
  /** Per designed handoff id: the stale file it carries. */
  staleHandoffs: ReadonlyMap<string, string>;
  /** Designed handoff ids that carried nothing for too long. */
  deadHandoffs: ReadonlySet<string>;
  /** Overlapping pairs by key. */
  overlaps: ReadonlyMap<string, OverlapLink>;
  /** Per seat `a`: the partners `b > a` it is linked to, newline-joined (the lower id draws the link). */
  overlapPartners: ReadonlyMap<string, string>;
  /** The whole list: `"<count>:<worst severity>"`, or `"0:"`. */
  total: string;
}

/** The `<a>+<b>` part of an overlap signal id, or the seats sorted when the id has another shape. */
function overlapKey(signal: Signal): [string, string] | null {
  const [a, b] = [...signal.seats].sort();
  if (!a || !b || a === b) return null;
  return [a, b];
}

export function buildSignalIndex(signals: readonly Signal[]): SignalIndex {
  const perSeat = new Map<string, { count: number; worst: Severity }>();
  const stale = new Map<string, string[]>();
  const staleHandoffs = new Map<string, string>();
  const deadHandoffs = new Set<string>();
  const overlaps = new Map<string, OverlapLink>();
  let worstAll: Severity | null = null;

  for (const signal of signals) {
    worstAll = worstSeverity(worstAll ? [worstAll, signal.severity] : [signal.severity]);
    for (const seat of new Set(signal.seats)) {
      const entry = perSeat.get(seat);
      if (!entry) perSeat.set(seat, { count: 1, worst: signal.severity });
      else {
        entry.count++;
        if (SEVERITY_RANK[signal.severity] < SEVERITY_RANK[entry.worst]) entry.worst = signal.severity;
      }
    }
    if (signal.kind === 'stale-state') {
      const file = signal.files[0];
      const seat = signal.seats[0];
      if (file && seat) stale.set(seat, [...(stale.get(seat) ?? []), file]);
      if (file) for (const h of signal.handoffs) staleHandoffs.set(h, file);
    } else if (signal.kind === 'dead-handoff') {
      for (const h of signal.handoffs) deadHandoffs.add(h);
    } else if (OVERLAP_KINDS.includes(signal.kind)) {
      const pair = overlapKey(signal);
      if (!pair) continue;
      const key = `${pair[0]}+${pair[1]}`;
      const link = overlaps.get(key);
      if (!link) overlaps.set(key, { key, a: pair[0], b: pair[1], kinds: [signal.kind], severity: signal.severity, messages: [signal.message] });
      else {
        if (!link.kinds.includes(signal.kind)) link.kinds.push(signal.kind);
        link.messages.push(signal.message);
        if (SEVERITY_RANK[signal.severity] < SEVERITY_RANK[link.severity]) link.severity = signal.severity;
      }
    }
  }

  const seatBadges = new Map<string, string>();
  for (const [seat, { count, worst }] of perSeat) seatBadges.set(seat, `${count}:${worst}`);
  const seatStale = new Map<string, string>();
  for (const [seat, files] of stale) seatStale.set(seat, files.sort().join('\n'));
  const partners = new Map<string, string[]>();
  for (const link of overlaps.values()) partners.set(link.a, [...(partners.get(link.a) ?? []), link.b]);
  const overlapPartners = new Map<string, string>();
  for (const [a, bs] of partners) overlapPartners.set(a, bs.sort().join('\n'));

  return {
    seatBadges,
    seatStale,
    staleHandoffs,
    deadHandoffs,
    overlaps,
    overlapPartners,
    total: `${signals.length}:${worstAll ?? ''}`,
  };
}

const cache = new WeakMap<Keyed<Signal>, SignalIndex>();
const EMPTY_INDEX = buildSignalIndex([]);

/** The index of a store collection, built once per collection identity. */
export function signalIndexOf(signals: Keyed<Signal> | undefined): SignalIndex {
  if (!signals) return EMPTY_INDEX;
  let index = cache.get(signals);
  if (!index) {
    index = buildSignalIndex(signals.ids.map((id) => signals.byId[id]).filter((s): s is Signal => s !== undefined));
    cache.set(signals, index);
  }
  return index;
}

/** Parses a `"<count>:<severity>"` badge key. */
export function parseBadge(key: string | undefined): { count: number; severity: Severity | null } {
  if (!key) return { count: 0, severity: null };
  const [n, s] = key.split(':');
  const count = Number(n) || 0;
  return { count, severity: s === 'error' || s === 'warning' || s === 'info' ? s : null };
}
