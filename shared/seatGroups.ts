/**
 * Seat groups (pure): which seats are drawn together in one frame, and what a collapsed group and
 * the edges between collapsed groups show. The rules are in docs/fleet-format.md ("Groups"):
 * `team:` wins; without it a human and the agents whose owner is that human form a group; a seat
 * with neither is drawn on its own.
 */

export interface GroupableSeat {
  id: string;
  name: string;
  kind: 'agent' | 'human';
  owner: string | null;
  team?: string | null;
}

export interface SeatGroup {
  /** Lower-case id, safe for test ids and file keys (`^[a-z0-9][a-z0-9_-]{0,63}$`). */
  id: string;
  /** What the frame says: the team as written, or the owner's name. */
  label: string;
  /** `team`: from `team:` keys; `owner`: a human (or free-text owner) and the agents they own. */
  source: 'team' | 'owner';
  /** Members in fleet order, humans first. */
  seats: string[];
}

export interface Grouping {
  groups: SeatGroup[];
  /** Group id of every grouped seat. */
  groupOf: ReadonlyMap<string, string>;
  /** Seats in no group, in fleet order. */
  ungrouped: string[];
}

/** A team or owner text as a group id: lower case, anything outside [a-z0-9_-] becomes `-`. */
export function groupIdOf(text: string): string {
  const slug = text
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/^[-_]+/, '')
    .slice(0, 64)
    .replace(/-+$/, '');
  return slug || 'team';
}

export function groupSeats(seats: readonly GroupableSeat[]): Grouping {
  const byId = new Map(seats.map((s) => [s.id, s]));
  const isHuman = (id: string) => byId.get(id)?.kind === 'human';
  const groups = new Map<string, SeatGroup>();
  const groupOf = new Map<string, string>();

  const join = (seat: GroupableSeat, id: string, label: string, source: SeatGroup['source']) => {
    let group = groups.get(id);
    if (!group) {
      group = { id, label, source, seats: [] };
      groups.set(id, group);
    } else if (source === 'team' && group.source === 'owner') {
      // A team named like a human's group: the team's wording wins on the frame.
      group.source = 'team';
      group.label = label;
    }
    group.seats.push(seat.id);
    groupOf.set(seat.id, id);
  };

  // Humans who own at least one agent that has no team of its own lead a group.
  const leads = new Set<string>();
  for (const seat of seats) {
    if (seat.team || seat.kind === 'human' || !seat.owner) continue;
    leads.add(seat.owner);
  }

  for (const seat of seats) {
    if (seat.team) {
      join(seat, groupIdOf(seat.team), seat.team, 'team');
    } else if (seat.kind === 'human' && leads.has(seat.id)) {
      join(seat, groupIdOf(seat.id), seat.name, 'owner');
    } else if (seat.kind === 'agent' && seat.owner) {
      const owner = seat.owner;
      join(seat, groupIdOf(owner), isHuman(owner) ? (byId.get(owner)?.name ?? owner) : owner, 'owner');
    }
  }

  // An owner group of one seat (say an agent whose owner is free text nobody else names) is no group.
  for (const [id, group] of groups) {
    if (group.source === 'owner' && group.seats.length < 2) {
      groups.delete(id);
      for (const seat of group.seats) groupOf.delete(seat);
    }
  }
  for (const group of groups.values()) {
    group.seats.sort((a, b) => Number(isHuman(b)) - Number(isHuman(a)));
  }
  const ungrouped = seats.filter((s) => !groupOf.has(s.id)).map((s) => s.id);
  const ordered = [...groups.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { groups: ordered, groupOf, ungrouped };
}

// ---------------------------------------------------------------------------------------------
// Edges between collapsed groups

export interface GroupableEdge {
  id: string;
  kind: 'handoff' | 'traffic' | 'rule';
  from: string;
  to: string;
  /** The traffic pair (`<from>-><to>`) whose count the edge shows. */
  pairId: string;
}

/** One drawn edge standing for every edge between two visible ends, one of them a collapsed group. */
export interface AggregateEdge {
  /** `group-edge:<from>-><to>`. */
  id: string;
  /** Visible ends: a collapsed group's id or a seat id. */
  from: string;
  to: string;
  /** Whether each end is a collapsed group (a group may share its id with a seat: its human lead). */
  fromIsGroup: boolean;
  toIsGroup: boolean;
  /** Traffic pairs of the member edges, for the summed count. */
  pairIds: string[];
  designed: number;
  undesigned: number;
  rules: number;
  /** `rule` when the edges between the two ends are only rules. */
  style: 'designed' | 'mixed' | 'undesigned' | 'rule';
  /** Member edge ids. */
  members: string[];
}

export interface VisibleEdges<E extends GroupableEdge> {
  /** Edges between two drawn seats, as they are. */
  direct: E[];
  aggregated: AggregateEdge[];
}

/**
 * Splits the edges into those drawn as they are and those folded into aggregate edges.
 * `collapsedGroupOf(seat)` is the seat's group id when that group is collapsed, else null.
 * Edges inside one collapsed group are not drawn.
 */
export function visibleEdges<E extends GroupableEdge>(edges: readonly E[], collapsedGroupOf: (seat: string) => string | null): VisibleEdges<E> {
  const direct: E[] = [];
  const byKey = new Map<string, AggregateEdge>();
  for (const edge of edges) {
    const fromGroup = collapsedGroupOf(edge.from);
    const toGroup = collapsedGroupOf(edge.to);
    if (!fromGroup && !toGroup) {
      direct.push(edge);
      continue;
    }
    const from = fromGroup ?? edge.from;
    const to = toGroup ?? edge.to;
    if (from === to) continue;
    const key = `${from}->${to}`;
    let agg = byKey.get(key);
    if (!agg) {
      agg = { id: `group-edge:${key}`, from, to, fromIsGroup: fromGroup !== null, toIsGroup: toGroup !== null, pairIds: [], designed: 0, undesigned: 0, rules: 0, style: 'rule', members: [] };
      byKey.set(key, agg);
    }
    agg.members.push(edge.id);
    if (edge.kind === 'rule') agg.rules++;
    else {
      if (edge.kind === 'handoff') agg.designed++;
      else agg.undesigned++;
      agg.pairIds.push(edge.pairId);
    }
  }
  const aggregated = [...byKey.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const agg of aggregated) agg.style = aggregateStyle(agg);
  return { direct, aggregated };
}

export function aggregateStyle(counts: { designed: number; undesigned: number }): AggregateEdge['style'] {
  if (counts.designed > 0 && counts.undesigned > 0) return 'mixed';
  if (counts.designed > 0) return 'designed';
  if (counts.undesigned > 0) return 'undesigned';
  return 'rule';
}

/** The messages on an aggregate edge: the sum of its pairs' counts. */
export function summedCount(pairIds: readonly string[], countOf: (pairId: string) => number): number {
  let total = 0;
  for (const id of pairIds) total += countOf(id);
  return total;
}

// ---------------------------------------------------------------------------------------------
// What a collapsed group shows

export type Severity = 'error' | 'warning' | 'info';
const RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

export interface GroupSummary {
  seats: number;
  unread: number;
  /** The worst warning severity on any member, or null. */
  worst: Severity | null;
  /** How many members have a stale state file. */
  stale: number;
}

export interface SummaryInputs {
  unreadOf(seat: string): number;
  worstOf(seat: string): Severity | null;
  isStale(seat: string): boolean;
}

export function groupSummary(seats: readonly string[], inputs: SummaryInputs): GroupSummary {
  let unread = 0;
  let worst: Severity | null = null;
  let stale = 0;
  for (const seat of seats) {
    unread += inputs.unreadOf(seat);
    const severity = inputs.worstOf(seat);
    if (severity && (worst === null || RANK[severity] < RANK[worst])) worst = severity;
    if (inputs.isStale(seat)) stale++;
  }
  return { seats: seats.length, unread, worst, stale };
}
