/** What the host sends the renderer: one revisioned, derived view of the fleet (docs/architecture.md). */
import type { Diagnostic } from './diagnostics';
import type { Signal } from './signalTypes';

export interface InboxSummary {
  total: number;
  unread: number;
  /** Epoch ms of the oldest unacknowledged message, or null. */
  oldestUnreadTs: number | null;
  lastTs: number | null;
  /** Broken lines in the inbox file. */
  problems: number;
  /** A big inbox still being read in the background: bytes read of bytes in all; null when done. */
  indexing?: { done: number; total: number } | null;
}

/** A seat node on the graph. */
export interface SeatView {
  id: string;
  name: string;
  kind: 'agent' | 'human';
  owner: string | null;
  /** `team:` in fleet.yaml: the group it is drawn in (missing: grouped with its owner). */
  team?: string | null;
  role: string;
  owns: string[];
  notOwns: string[];
  status: 'active' | 'retired';
  retiredAt: string | null;
  reason: string | null;
  successors: unknown;
  /** Fleet-relative paths of the state files it declares. */
  writes: string[];
  reads: string[];
  inbox: InboxSummary;
  /** Set when the seat appears only on disk (an inbox or state folder) and not in fleet.yaml. */
  undeclared: boolean;
  /**
   * Facts a source knows about the seat beyond the format's fields (docs/sources.md), shown as
   * labelled lines in the seat panel: a Claude Code member's agent type, model, folder, tasks.
   */
  details?: SeatDetail[];
}

export interface SeatDetail {
  label: string;
  value: string;
  /** `warn` for something waiting or stuck; `muted` for history. */
  tone?: 'warn' | 'muted';
}

/** A team Seatmap can open from a Claude Code root: running now, or ended and kept in history. */
export interface TeamListEntry {
  name: string;
  live: boolean;
  members: number;
  messages: number;
  firstSeen: number | null;
  lastChange: number | null;
}

/**
 * Where the snapshot came from (docs/sources.md). Absent for the fleet format; other sources say
 * why editing is off and, for a Claude Code root, which teams there are.
 */
export interface SourceInfo {
  kind: 'claude-team';
  /** Plain words for why editing is off, or null when it is allowed. */
  readOnly: string | null;
  /** The source's words for a seat that is only on disk ("Not a member"). */
  undeclaredLabel: string;
  /** The team shown, and every team known under the root (live ones first). */
  team: string | null;
  teams: TeamListEntry[];
  /** The folder Seatmap keeps its own record in, and how to remove it. */
  history: { folder: string; note: string } | null;
  /** The open team has ended (its folder is gone): shown from Seatmap's history. */
  ended: boolean;
}

/** A designed handoff edge, with the traffic it actually carried. */
export interface HandoffView {
  id: string;
  from: string;
  to: string;
  via: string;
  what: string;
  /** Messages from `from` in `to`'s inbox (the pair's observed traffic). */
  messages: number;
  lastTs: number | null;
  line: number;
}

/** Observed inbox traffic between an ordered pair of seats. */
export interface TrafficView {
  /** `<from>-><to>` */
  id: string;
  from: string;
  to: string;
  count: number;
  lastTs: number | null;
  lastMessageId: string | null;
  /** A designed handoff from→to exists (any `via`). */
  designed: boolean;
}

export interface RuleView {
  id: string;
  winner: string;
  over: string;
  when: string;
  watchlist: string | null;
  line: number;
}

/** A state file and its freshness inputs. */
export interface StateFileView {
  /** The fleet-relative path (also the key). */
  id: string;
  seat: string;
  time: number;
  timeSource: 'updatedAt' | 'front-matter' | 'mtime';
  size: number;
  staleAfterMs: number;
  /** Seats that read it (declared reads and handoffs via it). */
  readers: string[];
  /** Declared in fleet.yaml by its seat's `writes`. */
  declared: boolean;
}

export type WatcherStatus = 'starting' | 'watching' | 'polling' | 'suspended' | 'error';

export interface WatcherState {
  status: WatcherStatus;
  /** Plain words for anything but `watching`. */
  message: string | null;
  files: number;
}

export interface FleetSnapshot {
  /**
   * Unique to one opening of one fleet folder (the session): changes whenever another fleet is
   * opened, or the same folder again; patches of another fleet are ignored. With `root` it is the
   * fleet's identity (`fleetIdentity`), which writing requests name.
   */
  fleetKey: string;
  revision: number;
  /** Absolute path of the fleet directory, for display. */
  root: string;
  name: string;
  version: number;
  /** The clock used for this derivation (epoch ms); the renderer ages times against it. */
  now: number;
  thresholds: { staleAfterMs: number; backlogAfterMs: number; quietAfterMs: number; overlapWindowMs: number };
  seats: SeatView[];
  handoffs: HandoffView[];
  traffic: TrafficView[];
  rules: RuleView[];
  stateFiles: StateFileView[];
  signals: Signal[];
  diagnostics: Diagnostic[];
  /**
   * fleet.yaml could not be read: the rest is the last good structure. With severity `info`, the
   * source cannot be edited at all and the message says why (`source.readOnly`, docs/sources.md):
   * every edit is off the same way, with that reason.
   */
  fleetError: Diagnostic | null;
  /** sha-256 of fleet.yaml as last read (null when missing); edits name it as their base. */
  fleetHash: string | null;
  watcher: WatcherState;
  totals: { messages: number; inboxBytes: number };
  /** Set by sources other than the fleet format (docs/sources.md). */
  source?: SourceInfo | null;
}

/** Which fleet a request was made against: its folder and the opening (session) it came from. */
export interface FleetIdentity {
  root: string;
  session: string;
}

/** The identity of the fleet a snapshot shows; writing requests send it (shared/api.ts). */
export function fleetIdentity(snapshot: Pick<FleetSnapshot, 'root' | 'fleetKey'>): FleetIdentity {
  return { root: snapshot.root, session: snapshot.fleetKey };
}

/** The keyed collections of a snapshot, patched entry by entry. */
export const SNAPSHOT_COLLECTIONS = ['seats', 'handoffs', 'traffic', 'rules', 'stateFiles', 'signals'] as const;
export type SnapshotCollection = (typeof SNAPSHOT_COLLECTIONS)[number];

/** The plain fields of a snapshot, replaced whole when they change. */
export const SNAPSHOT_SCALARS = [
  'root',
  'name',
  'version',
  'now',
  'thresholds',
  'diagnostics',
  'fleetError',
  'fleetHash',
  'watcher',
  'totals',
  'source',
] as const;
export type SnapshotScalar = (typeof SNAPSHOT_SCALARS)[number];
