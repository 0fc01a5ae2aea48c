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
import { jsonEqual } from './jsonEqual';
import { editedPlaces, flatten, inboxFrame, inboxTotals, inboxVersion, listIdentity, MemoTable, PerInboxResults, type InboxFrame } from './memo';
import { noteEdits } from './patch';

/** At most this many problems are listed per file; the rest are summed up in one line. */
export const MAX_PROBLEMS_PER_FILE = 50;

export type SignalDeriver = (input: {
  registry: FleetRegistry;
  inboxes: DeriveInputs['inboxes'];
  stateFiles: DeriveInputs['stateFiles'];
  activity: DeriveInputs['activity'];
  now: number;
  /** The inboxes' list identity and versions, made once per derive (shared/memo.ts). */
  frame?: InboxFrame;
}) => Signal[];

const EMPTY_REGISTRY: FleetRegistry = { version: 1, name: 'Unnamed fleet', defaults: FORMAT_DEFAULTS, seats: [], handoffs: [], rules: [] };

const byId = <T extends { id: string }>(a: T, b: T) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

export function derive(inputs: DeriveInputs, deriveSignals?: SignalDeriver): FleetSnapshot {
  const registry = inputs.registry ?? EMPTY_REGISTRY;
  const facts = factsOf(registry);
  const frame = inboxFrame(inputs.inboxes);
  const stateList = listIdentity(inputs.stateFiles);
  const lists = listFacts(facts, registry, inputs.registry !== null, frame.list, stateList);
  const known = lists.known;
  const seatIds = known.ids;
  const seats = seatViewsOf(facts, lists, frame);

  const diagnostics: Diagnostic[] = [...inputs.registryDiagnostics, ...inputs.fileDiagnostics, ...lists.undeclaredWarnings];
  const trafficList = deriveTraffic(frame, seatIds, facts);
  const traffic = trafficList.traffic;
  diagnostics.push(...trafficList.unknownSenders);
  const handoffs = handoffViewsOf(facts, trafficList);

  const rules = rulesOf(facts);

  const states = deriveStateFiles(stateList, registry, inputs.now);
  diagnostics.push(...states.diagnostics);

  diagnostics.push(...flatten(inboxProblems.run(frame, [], (inbox) => cappedProblems(inbox.problems, inbox.path, inbox.problemsOmitted))));
  for (const activity of inputs.activity) diagnostics.push(...cappedProblems(activity.problems, activity.path, activity.problemsOmitted));

  const signals = inputs.registry && deriveSignals
    ? sortedSignals(deriveSignals({ registry, inboxes: inputs.inboxes, stateFiles: inputs.stateFiles, activity: inputs.activity, now: inputs.now, frame }))
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
    stateFiles: states.views,
    signals,
    diagnostics,
    fleetError: inputs.fleetError,
    fleetHash: inputs.fleetHash,
    watcher: inputs.watcher,
    totals: inboxTotals(frame),
  };
}

const sorted = new WeakMap<Signal[], Signal[]>();

/** The signals sorted by id: the same array while the deriver returns the same one. */
function sortedSignals(signals: Signal[]): Signal[] {
  let list = sorted.get(signals);
  if (!list) {
    list = [...signals].sort(byId);
    sorted.set(signals, list);
  }
  return list;
}

/** Each inbox's broken lines, capped: kept while the inbox has not moved. */
const inboxProblems = new PerInboxResults<Diagnostic[]>((a, b) => a === b || jsonEqual(a, b));

/**
 * What follows from the lists of inboxes and state files (which seats have files, which inbox is a
 * seat's): worked out once per list, not per derive.
 */
interface ListFacts {
  known: KnownSeats;
  inboxBySeat: Map<string, InboxData>;
  undeclaredWarnings: Diagnostic[];
  /** Whether every inbox is the only one of its seat (the host never sends two). */
  oneInboxPerSeat: boolean;
}
const listFactsTable = new MemoTable<readonly InboxData[], ListFacts>();

function listFacts(facts: RegistryFacts, registry: FleetRegistry, declaredRegistry: boolean, inboxes: readonly InboxData[], stateFiles: readonly StateFileRecord[]): ListFacts {
  return listFactsTable.get(inboxes, [stateFiles, registry, declaredRegistry], () => {
    const declared = facts.declared;
    const inboxBySeat = new Map(inboxes.map((inbox) => [inbox.seat, inbox]));
    // Seats on disk (an inbox, a state folder) that fleet.yaml does not declare still show, marked.
    const undeclared = new Set<string>();
    for (const inbox of inboxes) if (!declared.has(inbox.seat)) undeclared.add(inbox.seat);
    for (const file of stateFiles) if (!declared.has(file.seat)) undeclared.add(file.seat);
    const undeclaredWarnings: Diagnostic[] = [];
    for (const seat of [...undeclared].sort()) {
      if (!isSeatId(seat)) continue;
      if (declaredRegistry) {
        undeclaredWarnings.push(diagnostic(inboxBySeat.has(seat) ? `inbox/${seat}.jsonl` : `state/${seat}`, 'warning', `${seat} has files in the fleet but no seat in fleet.yaml`));
      }
    }
    return { known: knownSeats(facts, undeclared), inboxBySeat, undeclaredWarnings, oneInboxPerSeat: inboxBySeat.size === inboxes.length };
  });
}

/** Each inbox's summary, kept while the inbox has not moved. */
const inboxSummaries = new PerInboxResults<InboxSummary>((a, b) => a === b);

/** The last seat list for a set of known seats, to patch at the seats whose inbox moved. */
const lastSeats = new WeakMap<KnownSeats, { inboxes: readonly InboxData[]; summaries: readonly InboxSummary[]; seats: SeatView[] }>();

function seatViewsOf(facts: RegistryFacts, lists: ListFacts, frame: InboxFrame): SeatView[] {
  const { known, inboxBySeat } = lists;
  const summaries = inboxSummaries.run(frame, [], (inbox) => summaries_.get(inbox, [inboxVersion(inbox)], () => summarizeInbox(inbox)));
  const last = lastSeats.get(known);
  if (last && last.summaries === summaries) return last.seats;
  let seats: SeatView[] | null = null;
  if (last && last.inboxes === frame.list && lists.oneInboxPerSeat) {
    seats = last.seats.slice();
    const edited: number[] = [];
    const places = editedPlaces(summaries, last.summaries);
    for (const i of places ?? summaries.keys()) {
      if (summaries[i] === last.summaries[i]) continue;
      const position = known.positions.get(frame.list[i]!.seat);
      if (position === undefined) continue;
      seats[position] = seatViewOf(facts, known.sorted[position]!, summaries[i]!);
      edited.push(position);
    }
    noteEdits(seats, last.seats, edited);
  } else {
    // In id order already (the order a sort by id gives).
    seats = known.sorted.map((id) => {
      const inbox = inboxBySeat.get(id);
      return seatViewOf(facts, id, inbox ? summaries_.get(inbox, [inboxVersion(inbox)], () => summarizeInbox(inbox)) : undefined);
    });
  }
  lastSeats.set(known, { inboxes: frame.list, summaries, seats });
  return seats;
}

function seatViewOf(facts: RegistryFacts, id: string, summary: InboxSummary | undefined): SeatView {
  const decl = facts.declared.get(id);
  return decl ? seatViews.get(decl, [summary], () => seatView(decl, summary)) : undeclaredSeatView(id, summary);
}

function rulesOf(facts: RegistryFacts): RuleView[] {
  facts.rules ??= facts.rulesById.map((r) => ruleViews.get(r, [], () => ({ id: r.id, winner: r.winner, over: r.over, when: r.when, watchlist: r.watchlist, line: r.line })));
  return facts.rules;
}

/** The last handoff list per registry, to patch at the pairs whose traffic moved. */
const lastHandoffs = new WeakMap<RegistryFacts, { traffic: TrafficView[]; handoffs: HandoffView[] }>();

function handoffViewsOf(facts: RegistryFacts, list: TrafficList): HandoffView[] {
  const traffic = list.traffic;
  const pairOf = (id: string) => {
    const position = list.positions.get(id);
    return position === undefined ? undefined : traffic[position];
  };
  const last = lastHandoffs.get(facts);
  if (last && last.traffic === traffic) return last.handoffs;
  const edits = last && trafficEdits.get(traffic);
  let handoffs: HandoffView[];
  if (last && edits && edits.from === last.traffic) {
    handoffs = last.handoffs.slice();
    const edited: number[] = [];
    for (const pairId of edits.ids) {
      for (const position of facts.handoffPositions.get(pairId) ?? []) {
        handoffs[position] = handoffViewOf(facts.handoffsById[position]!.handoff, pairOf(pairId));
        edited.push(position);
      }
    }
    noteEdits(handoffs, last.handoffs, edited);
  } else {
    handoffs = facts.handoffsById.map(({ handoff, pairId }) => handoffViewOf(handoff, pairOf(pairId)));
  }
  lastHandoffs.set(facts, { traffic, handoffs });
  return handoffs;
}

function handoffViewOf(h: HandoffDecl, pair: TrafficView | undefined): HandoffView {
  return handoffViews.get(h, [pair], () => ({ id: h.id, from: h.from, to: h.to, via: h.via, what: h.what, messages: pair?.count ?? 0, lastTs: pair?.lastTs ?? null, line: h.line }));
}

/*
 * Views kept across derivations (shared/memo.ts): a seat's view while its declaration and its
 * inbox's summary are the same objects, an inbox's summary and traffic while the inbox has not
 * grown, a handoff's view while its traffic record is the same. Declarations are new objects
 * whenever fleet.yaml is read again, so an edit to it re-derives what it touched.
 */
const summaries_ = new MemoTable<InboxData, InboxSummary>();
const seatViews = new MemoTable<SeatDecl, SeatView>();
const handoffViews = new MemoTable<HandoffDecl, HandoffView>();
const ruleViews = new MemoTable<RuleDecl, RuleView>();
const stateFileViews = new MemoTable<StateFileRecord, StateFileView>();

/** The seats derive shows: declared ones, then ones with files but no declaration. */
interface KnownSeats {
  /** The undeclared ones, sorted, one per line: what this set was made for. */
  undeclared: string;
  ids: ReadonlySet<string>;
  /** `ids` sorted (the order of the snapshot's seats), and each one's place in it. */
  sorted: string[];
  positions: Map<string, number>;
}

/** What follows from fleet.yaml alone, worked out once per parsed registry. */
interface RegistryFacts {
  declared: Map<string, SeatDecl>;
  designed: Set<string>;
  readers: Map<string, string[]>;
  /** Handoffs and rules sorted by id (the order of the snapshot's), each handoff with its `from->to`. */
  handoffsById: Array<{ handoff: HandoffDecl; pairId: string }>;
  rulesById: RuleDecl[];
  /** For each `from->to`, the places in `handoffsById` of its handoffs. */
  handoffPositions: Map<string, number[]>;
  /** The snapshot's rules, made once. */
  rules: RuleView[] | null;
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
  const handoffsById = [...registry.handoffs].sort(byId).map((handoff) => ({ handoff, pairId: `${handoff.from}->${handoff.to}` }));
  const handoffPositions = new Map<string, number[]>();
  handoffsById.forEach(({ pairId }, position) => handoffPositions.set(pairId, [...(handoffPositions.get(pairId) ?? []), position]));
  facts = {
    declared: new Map(registry.seats.map((seat) => [seat.id as string, seat])),
    designed: new Set(registry.handoffs.map((h) => `${h.from}->${h.to}`)),
    readers: new Map([...readers].map(([path, seats]) => [path, [...seats].sort()])),
    handoffsById,
    rulesById: [...registry.rules].sort(byId),
    known: null,
    handoffPositions,
    rules: null,
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
  const sorted = [...ids].sort();
  facts.known = { undeclared: key, ids, sorted, positions: new Map(sorted.map((id, i) => [id, i])) };
  return facts.known;
}

const NO_DIAGNOSTICS: Diagnostic[] = [];

function cappedProblems(problems: Diagnostic[], file: string, omitted = 0): Diagnostic[] {
  const more = Math.max(0, problems.length - MAX_PROBLEMS_PER_FILE) + omitted;
  if (problems.length === 0 && more === 0) return NO_DIAGNOSTICS;
  const capped = problems.slice(0, MAX_PROBLEMS_PER_FILE);
  if (more > 0) capped.push(diagnostic(file, 'warning', `${more} more broken lines in ${file} are not listed`));
  return capped;
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
function deriveTraffic(frame: InboxFrame, seatIds: ReadonlySet<string>, facts: RegistryFacts): TrafficList {
  const designed = facts.designed;
  const shares = inboxTraffic.run(frame, [seatIds, designed], (inbox) => (seatIds.has(inbox.seat) ? trafficOfInbox(inbox, seatIds, designed) : null));
  const last = lastTraffic.get(seatIds);
  if (last && last.shares === shares) return last;
  const list = (last && patchedTraffic(last, shares)) ?? trafficFromShares(shares);
  lastTraffic.set(seatIds, list);
  return list;
}

/** Each inbox's share, kept while the inbox has not moved (null for an inbox of no known seat). */
const inboxTraffic = new PerInboxResults<InboxTraffic | null>((a, b) => a === b);

interface InboxTraffic {
  pairs: TrafficView[];
  unknownSenders: Diagnostic[];
}

interface TrafficList {
  /** Sorted by id. */
  traffic: TrafficView[];
  /** What it was made from (one share per inbox), and where each pair sits in `traffic`. */
  shares: readonly (InboxTraffic | null)[];
  positions: Map<string, number>;
  /** A pair came from two inboxes (of one seat): its record adds them up, and the list is not patched. */
  merged: boolean;
  unknownSenders: Diagnostic[];
}

/** The last traffic list for a set of known seats, to patch rather than rebuild and re-sort. */
const lastTraffic = new WeakMap<ReadonlySet<string>, TrafficList>();

/** A traffic list made by patching another: which one, and the ids of the pairs swapped in. */
const trafficEdits = new WeakMap<TrafficView[], { from: TrafficView[]; ids: string[] }>();

function trafficFromShares(shares: readonly (InboxTraffic | null)[]): TrafficList {
  const pairs = new Map<string, TrafficView>();
  const unknownSenders: Diagnostic[] = [];
  let merged = false;
  for (const share of shares) {
    if (!share) continue;
    unknownSenders.push(...share.unknownSenders);
    for (const pair of share.pairs) {
      const before = pairs.get(pair.id);
      // Two inboxes for one seat (the host never sends that): their counts add up, in a new record.
      merged ||= before !== undefined;
      pairs.set(pair.id, before ? mergedPair(before, pair) : pair);
    }
  }
  const traffic = [...pairs.values()].sort(byId);
  return { traffic, shares, positions: new Map(traffic.map((pair, i) => [pair.id, i])), merged, unknownSenders };
}

/**
 * The last list with the records of the inboxes whose share changed swapped in, when the same
 * inboxes contribute the same pairs as before (a new message from a sender already seen): no
 * re-sort. Null when anything else moved; the caller rebuilds.
 */
function patchedTraffic(last: TrafficList, shares: readonly (InboxTraffic | null)[]): TrafficList | null {
  const positions = last.positions;
  if (last.merged || shares.length !== last.shares.length) return null;
  let traffic: TrafficView[] | null = null;
  let unknownChanged = false;
  const ids: string[] = [];
  const edited: number[] = [];
  for (const k of editedPlaces(shares, last.shares) ?? shares.keys()) {
    const share = shares[k];
    const before = last.shares[k];
    if (share === before) continue;
    if (!share || !before || share.pairs.length !== before.pairs.length) return null;
    unknownChanged ||= share.unknownSenders.length > 0 || before.unknownSenders.length > 0;
    for (let p = 0; p < share.pairs.length; p++) {
      const pair = share.pairs[p]!;
      if (pair.id !== before.pairs[p]!.id) return null;
      if (pair === before.pairs[p]) continue;
      traffic ??= last.traffic.slice();
      const position = positions.get(pair.id)!;
      traffic[position] = pair;
      ids.push(pair.id);
      edited.push(position);
    }
  }
  const unknownSenders = unknownChanged ? shares.flatMap((share) => share?.unknownSenders ?? []) : last.unknownSenders;
  if (!traffic) return { ...last, shares, unknownSenders };
  noteEdits(traffic, last.traffic, edited);
  trafficEdits.set(traffic, { from: last.traffic, ids });
  return { traffic, shares, positions, merged: false, unknownSenders };
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

/** The state files' views and clock-skew warnings, kept while the list, fleet.yaml and the clock are the same. */
const stateFileLists = new MemoTable<readonly StateFileRecord[], { views: StateFileView[]; diagnostics: Diagnostic[] }>();

function deriveStateFiles(stateFiles: readonly StateFileRecord[], registry: FleetRegistry, now: number): { views: StateFileView[]; diagnostics: Diagnostic[] } {
  return stateFileLists.get(stateFiles, [registry, now], () => {
    const { readers, declared } = factsOf(registry);
    const diagnostics: Diagnostic[] = [];
    const views: StateFileView[] = stateFiles.map((file) => {
      if (file.time > now + 60_000) {
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
    return { views: views.sort(byId), diagnostics };
  });
}
