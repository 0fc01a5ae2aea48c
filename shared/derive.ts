/**
 * derive: (designed structure, parsed files, now) → FleetSnapshot. Pure and deterministic, so the
 * host can re-run it on every change and on a timer (staleness changes with no file event).
 */
import { diagnostic, type Diagnostic } from './diagnostics';
import type { DeriveInputs } from './deriveInputs';
import { isSeatId } from './ids';
import type { InboxData, StateFileRecord } from './records';
import { FORMAT_DEFAULTS, type FleetRegistry, type HandoffDecl, type RuleDecl, type SeatDecl } from './registry';
import type { FleetSnapshot, HandoffView, InboxSummary, RuleView, SeatView, StateFileView, TrafficView } from './snapshot';
import type { Signal } from './signalTypes';
import { inboxIndex } from './signals/inboxIndex';
import { inboxVersion, MemoTable } from './memo';

/** At most this many problems are listed per file; the rest are summed up in one line. */
export const MAX_PROBLEMS_PER_FILE = 50;

export type SignalDeriver = (input: {
  registry: FleetRegistry;
  inboxes: DeriveInputs['inboxes'];
  stateFiles: DeriveInputs['stateFiles'];
  activity: DeriveInputs['activity'];
  now: number;
}) => Signal[];

const EMPTY_REGISTRY: FleetRegistry = { version: 1, name: 'Unnamed fleet', defaults: FORMAT_DEFAULTS, seats: [], handoffs: [], rules: [] };

const byId = <T extends { id: string }>(a: T, b: T) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

export function derive(inputs: DeriveInputs, deriveSignals?: SignalDeriver): FleetSnapshot {
  const registry = inputs.registry ?? EMPTY_REGISTRY;
  const diagnostics: Diagnostic[] = [...inputs.registryDiagnostics, ...inputs.fileDiagnostics];
  const facts = factsOf(registry);
  const declared = facts.declared;
  const inboxBySeat = new Map(inputs.inboxes.map((inbox) => [inbox.seat, inbox]));

  // Seats on disk (an inbox, a state folder) that fleet.yaml does not declare still show, marked.
  const undeclared = new Set<string>();
  for (const inbox of inputs.inboxes) if (!declared.has(inbox.seat)) undeclared.add(inbox.seat);
  for (const file of inputs.stateFiles) if (!declared.has(file.seat)) undeclared.add(file.seat);
  for (const seat of [...undeclared].sort()) {
    if (!isSeatId(seat)) continue;
    if (inputs.registry) {
      diagnostics.push(diagnostic(inboxBySeat.has(seat) ? `inbox/${seat}.jsonl` : `state/${seat}`, 'warning', `${seat} has files in the fleet but no seat in fleet.yaml`));
    }
  }

  const known = knownSeats(facts, undeclared);
  const seatIds = known.ids;
  // In id order already (the order a sort by id gives).
  const seats: SeatView[] = known.sorted.map((id) => {
    const decl = declared.get(id);
    const inbox = inboxBySeat.get(id);
    const summary = inbox ? summaries.get(inbox, [inboxVersion(inbox)], () => summarizeInbox(inbox)) : undefined;
    return decl ? seatViews.get(decl, [summary], () => seatView(decl, summary)) : undeclaredSeatView(id, summary);
  });

  const { traffic, trafficById } = deriveTraffic(inputs.inboxes, seatIds, registry, diagnostics);
  const handoffs: HandoffView[] = facts.handoffsById.map(({ handoff: h, pairId }) => {
    const pair = trafficById.get(pairId);
    return handoffViews.get(h, [pair], () => ({ id: h.id, from: h.from, to: h.to, via: h.via, what: h.what, messages: pair?.count ?? 0, lastTs: pair?.lastTs ?? null, line: h.line }));
  });

  const rules: RuleView[] = facts.rulesById.map((r) => ruleViews.get(r, [], () => ({ id: r.id, winner: r.winner, over: r.over, when: r.when, watchlist: r.watchlist, line: r.line })));

  const stateFiles = deriveStateFiles(inputs, registry, declared, diagnostics);

  for (const inbox of inputs.inboxes) pushCapped(diagnostics, inbox.problems, inbox.path, inbox.problemsOmitted);
  for (const activity of inputs.activity) pushCapped(diagnostics, activity.problems, activity.path, activity.problemsOmitted);

  const signals = inputs.registry && deriveSignals
    ? deriveSignals({ registry, inboxes: inputs.inboxes, stateFiles: inputs.stateFiles, activity: inputs.activity, now: inputs.now })
    : [];

  return {
    fleetKey: inputs.fleetKey,
    revision: inputs.revision,
    root: inputs.root,
    name: registry.name,
    version: registry.version,
    now: inputs.now,
    thresholds: { ...registry.defaults },
    seats,
    handoffs,
    traffic,
    rules,
    stateFiles,
    signals: [...signals].sort(byId),
    diagnostics,
    fleetError: inputs.fleetError,
    fleetHash: inputs.fleetHash,
    watcher: inputs.watcher,
    totals: {
      messages: inputs.inboxes.reduce((sum, inbox) => sum + inbox.messages.length, 0),
      inboxBytes: inputs.inboxes.reduce((sum, inbox) => sum + inbox.bytes, 0),
    },
  };
}

/*
 * Views kept across derivations (shared/memo.ts): a seat's view while its declaration and its
 * inbox's summary are the same objects, an inbox's summary and traffic while the inbox has not
 * grown, a handoff's view while its traffic record is the same. Declarations are new objects
 * whenever fleet.yaml is read again, so an edit to it re-derives what it touched.
 */
const summaries = new MemoTable<InboxData, InboxSummary>();
const seatViews = new MemoTable<SeatDecl, SeatView>();
const handoffViews = new MemoTable<HandoffDecl, HandoffView>();
const ruleViews = new MemoTable<RuleDecl, RuleView>();
const stateFileViews = new MemoTable<StateFileRecord, StateFileView>();
const inboxTraffic = new MemoTable<InboxData, InboxTraffic>();

/** The seats derive shows: declared ones, then ones with files but no declaration. */
interface KnownSeats {
  /** The undeclared ones, sorted, one per line: what this set was made for. */
  undeclared: string;
  ids: ReadonlySet<string>;
  /** `ids` sorted (the order of the snapshot's seats). */
  sorted: string[];
}

/** What follows from fleet.yaml alone, worked out once per parsed registry. */
interface RegistryFacts {
  declared: Map<string, SeatDecl>;
  designed: Set<string>;
  readers: Map<string, string[]>;
  /** Handoffs and rules sorted by id (the order of the snapshot's), each handoff with its `from->to`. */
  handoffsById: Array<{ handoff: HandoffDecl; pairId: string }>;
  rulesById: RuleDecl[];
  /** The known seats for the last set of undeclared seats (kept while that set stays the same). */
  known: KnownSeats | null;
}
const registryFacts = new WeakMap<FleetRegistry, RegistryFacts>();

function factsOf(registry: FleetRegistry): RegistryFacts {
  let facts = registryFacts.get(registry);
  if (facts) return facts;
  const readers = new Map<string, Set<string>>();
  const addReader = (path: string, seat: string) => {
    const set = readers.get(path) ?? new Set<string>();
    set.add(seat);
    readers.set(path, set);
  };
  for (const seat of registry.seats) for (const path of seat.reads) addReader(path, seat.id);
  for (const h of registry.handoffs) if (h.via !== 'inbox') addReader(h.via, h.to);
  facts = {
    declared: new Map(registry.seats.map((seat) => [seat.id as string, seat])),
    designed: new Set(registry.handoffs.map((h) => `${h.from}->${h.to}`)),
    readers: new Map([...readers].map(([path, seats]) => [path, [...seats].sort()])),
    handoffsById: [...registry.handoffs].sort(byId).map((handoff) => ({ handoff, pairId: `${handoff.from}->${handoff.to}` })),
    rulesById: [...registry.rules].sort(byId),
    known: null,
  };
  registryFacts.set(registry, facts);
  return facts;
}

/**
 * Declared seats, then seats with files but no declaration: the same objects while neither
 * changes, so what depends on them (each inbox's traffic) can be kept.
 */
function knownSeats(facts: RegistryFacts, undeclared: Set<string>): KnownSeats {
  const extra = undeclared.size === 0 ? [] : [...undeclared].filter(isSeatId).sort();
  const key = extra.join('\n');
  if (facts.known?.undeclared === key) return facts.known;
  const ids = new Set<string>([...facts.declared.keys(), ...extra]);
  facts.known = { undeclared: key, ids, sorted: [...ids].sort() };
  return facts.known;
}

function pushCapped(target: Diagnostic[], problems: Diagnostic[], file: string, omitted = 0): void {
  target.push(...problems.slice(0, MAX_PROBLEMS_PER_FILE));
  const more = Math.max(0, problems.length - MAX_PROBLEMS_PER_FILE) + omitted;
  if (more > 0) target.push(diagnostic(file, 'warning', `${more} more broken lines in ${file} are not listed`));
}

export function summarizeInbox(inbox: InboxData | undefined): InboxSummary {
  if (!inbox) return { total: 0, unread: 0, oldestUnreadTs: null, lastTs: null, problems: 0, indexing: null };
  // From the inbox's incremental index: no re-scan of every message per derivation.
  const index = inboxIndex(inbox);
  let oldestUnreadTs: number | null = null;
  for (const sender of index.senders.values()) {
    const head = sender.unacked[0];
    if (head === undefined) continue;
    const ts = index.timeOf(head);
    if (oldestUnreadTs === null || ts < oldestUnreadTs) oldestUnreadTs = ts;
  }
  return {
    total: inbox.messages.length,
    unread: inbox.messages.length - index.ackedMessages,
    oldestUnreadTs,
    lastTs: index.lastTs,
    problems: inbox.problems.length + (inbox.problemsOmitted ?? 0),
    indexing: inbox.indexing ?? null,
  };
}

function seatView(decl: SeatDecl, summary: InboxSummary | undefined): SeatView {
  return {
    id: decl.id,
    name: decl.name,
    kind: decl.kind,
    owner: decl.owner,
    team: decl.team ?? null,
    role: decl.role,
    owns: decl.owns,
    notOwns: decl.notOwns,
    status: decl.status,
    retiredAt: decl.retiredAt,
    reason: decl.reason,
    successors: decl.successors,
    writes: decl.writes.map((w) => w.path),
    reads: decl.reads,
    inbox: summary ?? summarizeInbox(undefined),
    undeclared: false,
  };
}

function undeclaredSeatView(id: string, summary: InboxSummary | undefined): SeatView {
  return {
    id,
    name: id,
    kind: 'agent',
    owner: null,
    role: '',
    owns: [],
    notOwns: [],
    status: 'active',
    retiredAt: null,
    reason: null,
    successors: null,
    writes: [],
    reads: [],
    inbox: summary ?? summarizeInbox(undefined),
    undeclared: true,
  };
}

/** Observed traffic: messages from A found in B's inbox, one record per ordered pair. */
function deriveTraffic(inboxes: InboxData[], seatIds: ReadonlySet<string>, registry: FleetRegistry, diagnostics: Diagnostic[]): TrafficList {
  const designed = factsOf(registry).designed;
  const shares: InboxTraffic[] = [];
  for (const inbox of inboxes) {
    if (!seatIds.has(inbox.seat)) continue;
    const share = inboxTraffic.get(inbox, [inboxVersion(inbox), seatIds, designed], () => trafficOfInbox(inbox, seatIds, designed));
    shares.push(share);
    diagnostics.push(...share.unknownSenders);
  }
  const last = lastTraffic.get(seatIds);
  const list = (last && patchedTraffic(last, shares)) ?? trafficFromShares(shares);
  lastTraffic.set(seatIds, list);
  return list;
}

interface InboxTraffic {
  pairs: TrafficView[];
  unknownSenders: Diagnostic[];
}

interface TrafficList {
  /** Sorted by id. */
  traffic: TrafficView[];
  trafficById: Map<string, TrafficView>;
  /** What it was made from, and where each pair sits in `traffic` (when no pair came from two inboxes). */
  shares: InboxTraffic[];
  positions: Map<string, number> | null;
}

/** The last traffic list for a set of known seats, to patch rather than rebuild and re-sort. */
const lastTraffic = new WeakMap<ReadonlySet<string>, TrafficList>();

function trafficFromShares(shares: InboxTraffic[]): TrafficList {
  const pairs = new Map<string, TrafficView>();
  let merged = false;
  for (const share of shares) {
    for (const pair of share.pairs) {
      const before = pairs.get(pair.id);
      // Two inboxes for one seat (the host never sends that): their counts add up, in a new record.
      merged ||= before !== undefined;
      pairs.set(pair.id, before ? mergedPair(before, pair) : pair);
    }
  }
  const traffic = [...pairs.values()].sort(byId);
  return { traffic, trafficById: pairs, shares, positions: merged ? null : new Map(traffic.map((pair, i) => [pair.id, i])) };
}

/**
 * The last list with the records of the inboxes whose share changed swapped in, when the same
 * inboxes contribute the same pairs as before (a new message from a sender already seen): no
 * re-sort. Null when anything else moved; the caller rebuilds.
 */
function patchedTraffic(last: TrafficList, shares: InboxTraffic[]): TrafficList | null {
  const positions = last.positions;
  if (!positions || shares.length !== last.shares.length) return null;
  let traffic: TrafficView[] | null = null;
  let trafficById: Map<string, TrafficView> | null = null;
  for (let k = 0; k < shares.length; k++) {
    const share = shares[k]!;
    const before = last.shares[k]!;
    if (share === before) continue;
    if (share.pairs.length !== before.pairs.length) return null;
    for (let p = 0; p < share.pairs.length; p++) {
      const pair = share.pairs[p]!;
      if (pair.id !== before.pairs[p]!.id) return null;
      traffic ??= last.traffic.slice();
      trafficById ??= new Map(last.trafficById);
      traffic[positions.get(pair.id)!] = pair;
      trafficById.set(pair.id, pair);
    }
  }
  if (!traffic || !trafficById) return { ...last, shares };
  return { traffic, trafficById, shares, positions };
}

/** One inbox's share of the traffic: a record per known sender, and a warning per unknown one. */
function trafficOfInbox(inbox: InboxData, seatIds: ReadonlySet<string>, designed: Set<string>): InboxTraffic {
  const pairs: TrafficView[] = [];
  const unknownSenders = new Map<string, number>();
  // Per sender, in order of first message (so diagnostics list unknown senders as a scan would).
  for (const sender of inboxIndex(inbox).senders.values()) {
    if (!seatIds.has(sender.from)) {
      unknownSenders.set(sender.from, (unknownSenders.get(sender.from) ?? 0) + sender.count);
      continue;
    }
    if (sender.from === inbox.seat) continue;
    const id = `${sender.from}->${inbox.seat}`;
    pairs.push({ id, from: sender.from, to: inbox.seat, count: sender.count, lastTs: sender.lastTs, lastMessageId: sender.lastTs === null ? null : sender.lastMessageId, designed: designed.has(id) });
  }
  const warnings = [...unknownSenders].map(([sender, count]) =>
    diagnostic(inbox.path, 'warning', `${count} message${count === 1 ? '' : 's'} from ${JSON.stringify(sender.slice(0, 80))}, which is no seat in fleet.yaml`));
  return { pairs, unknownSenders: warnings };
}

function mergedPair(before: TrafficView, pair: TrafficView): TrafficView {
  const later = pair.lastTs !== null && (before.lastTs === null || pair.lastTs >= before.lastTs);
  return { ...before, count: before.count + pair.count, lastTs: later ? pair.lastTs : before.lastTs, lastMessageId: later ? pair.lastMessageId : before.lastMessageId };
}

function deriveStateFiles(inputs: DeriveInputs, registry: FleetRegistry, declared: Map<string, SeatDecl>, diagnostics: Diagnostic[]): StateFileView[] {
  const { readers } = factsOf(registry);
  const files: StateFileView[] = inputs.stateFiles.map((file) => {
    if (file.time > inputs.now + 60_000) {
      diagnostics.push(diagnostic(file.path, 'warning', `${file.path} is dated ${new Date(file.time).toISOString()}, in the future: clock skew between the writer and this machine`));
    }
    const seat = declared.get(file.seat);
    return stateFileViews.get(file, [registry, seat], () => {
      const decl = seat?.writes.find((w) => w.path === file.path);
      return {
        id: file.path,
        seat: file.seat,
        time: file.time,
        timeSource: file.timeSource,
        size: file.size,
        staleAfterMs: decl?.staleAfterMs ?? seat?.staleAfterMs ?? registry.defaults.staleAfterMs,
        readers: readers.get(file.path) ?? [],
        declared: decl !== undefined,
      };
    });
  });
  return files.sort(byId);
}
