/**
 * derive: (designed structure, parsed files, now) → FleetSnapshot. Pure and deterministic, so the
 * host can re-run it on every change and on a timer (staleness changes with no file event).
 */
import { diagnostic, type Diagnostic } from './diagnostics';
import type { DeriveInputs } from './deriveInputs';
import { isSeatId } from './ids';
import type { InboxData } from './records';
import { FORMAT_DEFAULTS, type FleetRegistry, type SeatDecl } from './registry';
import type { FleetSnapshot, HandoffView, InboxSummary, RuleView, SeatView, StateFileView, TrafficView } from './snapshot';
import type { Signal } from './signalTypes';
import { inboxIndex } from './signals/inboxIndex';

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
  const declared = new Map(registry.seats.map((seat) => [seat.id as string, seat]));
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

  const seatIds = new Set<string>([...declared.keys(), ...[...undeclared].filter(isSeatId)]);
  const seats: SeatView[] = [...seatIds].map((id) => {
    const decl = declared.get(id);
    const inbox = inboxBySeat.get(id);
    return decl ? seatView(decl, inbox) : undeclaredSeatView(id, inbox);
  });
  seats.sort(byId);

  const traffic = deriveTraffic(inputs.inboxes, seatIds, registry, diagnostics);
  const trafficById = new Map(traffic.map((pair) => [pair.id, pair]));
  const handoffs: HandoffView[] = registry.handoffs.map((h) => {
    const pair = trafficById.get(`${h.from}->${h.to}`);
    return { id: h.id, from: h.from, to: h.to, via: h.via, what: h.what, messages: pair?.count ?? 0, lastTs: pair?.lastTs ?? null, line: h.line };
  });
  handoffs.sort(byId);

  const rules: RuleView[] = registry.rules.map((r) => ({ id: r.id, winner: r.winner, over: r.over, when: r.when, watchlist: r.watchlist, line: r.line }));
  rules.sort(byId);

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

function seatView(decl: SeatDecl, inbox: InboxData | undefined): SeatView {
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
    inbox: summarizeInbox(inbox),
    undeclared: false,
  };
}

function undeclaredSeatView(id: string, inbox: InboxData | undefined): SeatView {
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
    inbox: summarizeInbox(inbox),
    undeclared: true,
  };
}

/** Observed traffic: messages from A found in B's inbox, one record per ordered pair. */
function deriveTraffic(inboxes: InboxData[], seatIds: Set<string>, registry: FleetRegistry, diagnostics: Diagnostic[]): TrafficView[] {
  const designed = new Set(registry.handoffs.map((h) => `${h.from}->${h.to}`));
  const pairs = new Map<string, TrafficView>();
  for (const inbox of inboxes) {
    if (!seatIds.has(inbox.seat)) continue;
    const unknownSenders = new Map<string, number>();
    // Per sender, in order of first message (so diagnostics list unknown senders as a scan would).
    for (const sender of inboxIndex(inbox).senders.values()) {
      if (!seatIds.has(sender.from)) {
        unknownSenders.set(sender.from, (unknownSenders.get(sender.from) ?? 0) + sender.count);
        continue;
      }
      if (sender.from === inbox.seat) continue;
      const id = `${sender.from}->${inbox.seat}`;
      let pair = pairs.get(id);
      if (!pair) {
        pair = { id, from: sender.from, to: inbox.seat, count: 0, lastTs: null, lastMessageId: null, designed: designed.has(id) };
        pairs.set(id, pair);
      }
      pair.count += sender.count;
      if (sender.lastTs !== null && (pair.lastTs === null || sender.lastTs >= pair.lastTs)) {
        pair.lastTs = sender.lastTs;
        pair.lastMessageId = sender.lastMessageId;
      }
    }
    for (const [sender, count] of unknownSenders) {
      diagnostics.push(diagnostic(inbox.path, 'warning', `${count} message${count === 1 ? '' : 's'} from ${JSON.stringify(sender.slice(0, 80))}, which is no seat in fleet.yaml`));
    }
  }
  return [...pairs.values()].sort(byId);
}

function deriveStateFiles(inputs: DeriveInputs, registry: FleetRegistry, declared: Map<string, SeatDecl>, diagnostics: Diagnostic[]): StateFileView[] {
  const readers = new Map<string, Set<string>>();
  const addReader = (path: string, seat: string) => {
    const set = readers.get(path) ?? new Set<string>();
    set.add(seat);
    readers.set(path, set);
  };
  for (const seat of registry.seats) for (const path of seat.reads) addReader(path, seat.id);
  for (const h of registry.handoffs) if (h.via !== 'inbox') addReader(h.via, h.to);

  const files: StateFileView[] = inputs.stateFiles.map((file) => {
    const seat = declared.get(file.seat);
    const decl = seat?.writes.find((w) => w.path === file.path);
    const staleAfterMs = decl?.staleAfterMs ?? seat?.staleAfterMs ?? registry.defaults.staleAfterMs;
    if (file.time > inputs.now + 60_000) {
      diagnostics.push(diagnostic(file.path, 'warning', `${file.path} is dated ${new Date(file.time).toISOString()}, in the future: clock skew between the writer and this machine`));
    }
    return {
      id: file.path,
      seat: file.seat,
      time: file.time,
      timeSource: file.timeSource,
      size: file.size,
      staleAfterMs,
      readers: [...(readers.get(file.path) ?? [])].sort(),
      declared: decl !== undefined,
    };
  });
  return files.sort(byId);
}
