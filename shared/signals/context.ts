/**
 * What every signal needs, looked up once per derivation: the known seats with their names, kinds
 * and status, inboxes and their acks by seat, designed pairs and ruled pairs, and the thresholds.
 * Pure: built from the SignalInput alone. Per-inbox lookups come from indexes kept
 * across derivations (inboxIndex.ts), which only save work: the result is what a fresh scan gives.
 */
import { isSeatId } from '../ids';
import type { ActivityData, InboxData, StateFileRecord } from '../records';
import { inboxIndex, type MessageLookup } from './inboxIndex';
import { finiteRange, firstPassing } from './sortedPositions';
import { inboxFrame, listIdentity, type InboxFrame } from '../memo';
import type { FleetDefaults, FleetRegistry, HandoffDecl, RuleDecl, SeatDecl } from '../registry';
import type { Severity } from '../diagnostics';
import type { Signal, SignalKind } from '../signalTypes';
import { jsonEqual } from '../jsonEqual';

/** The facts `deriveSignals` works from: fleet.yaml's design, what agents wrote, and the clock. */
export interface SignalInput {
  registry: FleetRegistry;
  inboxes: InboxData[];
  stateFiles: StateFileRecord[];
  activity: ActivityData[];
  now: number;
  /** The inboxes' frame, when the caller (derive) already made it for these inboxes. */
  frame?: InboxFrame;
}

/**
 * A seat signals can talk about. Seats that have files on disk but no entry in fleet.yaml are known
 * too (derive draws them, marked undeclared): they count as active agents with the default
 * thresholds and no design, so their files and traffic are judged like anyone's.
 */
export interface SeatInfo {
  id: string;
  name: string;
  kind: 'agent' | 'human';
  active: boolean;
  decl: SeatDecl | null;
}

export interface SignalContext {
  input: SignalInput;
  now: number;
  /**
   * The inboxes' list identity and versions, and the state files' list identity (shared/memo.ts):
   * what results kept across derivations are keyed on.
   */
  frame: InboxFrame;
  stateList: readonly StateFileRecord[];
  defaults: FleetDefaults;
  seats: Map<string, SeatInfo>;
  inboxBySeat: Map<string, InboxData>;
  /** Ids acked in each seat's inbox. */
  ackedBySeat: Lookup<ReadonlySet<string>>;
  stateFileByPath: Map<string, StateFileRecord>;
  /** Each inbox's messages by id (the first line with that id wins), to follow `re` links. */
  messagesBySeat: Lookup<MessageLookup>;
}

/** A read-only lookup by seat. */
export interface Lookup<T> {
  get(seat: string): T | undefined;
}

export function buildContext(input: SignalInput): SignalContext {
  const frame = input.frame ?? inboxFrame(input.inboxes);
  const stateList = listIdentity(input.stateFiles);
  const lookups = listLookups(frame.list, stateList);
  const inboxBySeat = lookups.inboxBySeat;
  // From the inboxes' indexes, kept up to date across derivations (inboxIndex.ts): no re-scan per
  // append, and looked up only for the seats a signal asks about.
  const indexOf = (seat: string) => {
    const inbox = inboxBySeat.get(seat);
    return inbox && inboxIndex(inbox);
  };
  return {
    input,
    now: input.now,
    frame,
    stateList,
    defaults: input.registry.defaults,
    seats: knownSeats(input.registry, frame.list, stateList),
    inboxBySeat,
    ackedBySeat: { get: (seat) => indexOf(seat)?.acked },
    stateFileByPath: lookups.stateFileByPath,
    messagesBySeat: { get: (seat) => indexOf(seat)?.byId },
  };
}

/** Inboxes by seat (the last one wins) and state files by path, kept while the lists are the same. */
interface ListLookups {
  inboxBySeat: Map<string, InboxData>;
  stateFileByPath: Map<string, StateFileRecord>;
}
const inboxLookups = new WeakMap<readonly InboxData[], Map<string, InboxData>>();
const stateLookups = new WeakMap<readonly StateFileRecord[], Map<string, StateFileRecord>>();

function listLookups(inboxes: readonly InboxData[], stateFiles: readonly StateFileRecord[]): ListLookups {
  let inboxBySeat = inboxLookups.get(inboxes);
  if (!inboxBySeat) {
    inboxBySeat = new Map();
    for (const inbox of inboxes) inboxBySeat.set(inbox.seat, inbox);
    inboxLookups.set(inboxes, inboxBySeat);
  }
  let stateFileByPath = stateLookups.get(stateFiles);
  if (!stateFileByPath) {
    stateFileByPath = new Map(stateFiles.map((f) => [f.path as string, f]));
    stateLookups.set(stateFiles, stateFileByPath);
  }
  return { inboxBySeat, stateFileByPath };
}

/**
 * Declared seats, then seats with files but no declaration, as SeatInfo: the same map while
 * fleet.yaml and the set of undeclared seats stay the same.
 */
function knownSeats(registry: FleetRegistry, inboxes: readonly InboxData[], stateFiles: readonly StateFileRecord[]): Map<string, SeatInfo> {
  const tables = registryTables(registry);
  if (tables.known && tables.known.inboxes === inboxes && tables.known.stateFiles === stateFiles) return tables.known.seats;
  const declared = tables.declaredSeats;
  let extra = '';
  for (const { seat } of inboxes) if (!declared.has(seat) && isSeatId(seat)) extra += `${seat}\n`;
  for (const { seat } of stateFiles) if (!declared.has(seat) && isSeatId(seat)) extra += `${seat}\n`;
  if (tables.known?.extra === extra) {
    tables.known = { ...tables.known, inboxes, stateFiles };
    return tables.known.seats;
  }
  const seats = new Map(declared);
  for (const id of extra.split('\n')) {
    if (id && !seats.has(id)) seats.set(id, { id, name: id, kind: 'agent', active: true, decl: null });
  }
  tables.known = { extra, seats, inboxes, stateFiles };
  return seats;
}

/** The seat's display name, or its id when it is no seat at all. */
export function seatName(ctx: SignalContext, id: string): string {
  return ctx.seats.get(id)?.name ?? id;
}

export function isActive(ctx: SignalContext, id: string): boolean {
  return ctx.seats.get(id)?.active === true;
}

export function isActiveAgent(ctx: SignalContext, id: string): boolean {
  const seat = ctx.seats.get(id);
  return seat?.active === true && seat.kind === 'agent';
}

export function isActiveHuman(ctx: SignalContext, id: string): boolean {
  const seat = ctx.seats.get(id);
  return seat?.active === true && seat.kind === 'human';
}

/** Designed handoffs from `from` to `to`, any `via`. */
export function isDesigned(ctx: SignalContext, from: string, to: string): boolean {
  return registryTables(ctx.input.registry).designedTo.get(from)?.has(to) === true;
}

export function handoffsBetween(ctx: SignalContext, from: string, to: string): readonly HandoffDecl[] {
  return registryTables(ctx.input.registry).handoffsByPair.get(`${from}->${to}`) ?? NONE;
}

/** Rules between two seats, either way round. */
export function rulesBetween(ctx: SignalContext, a: string, b: string): readonly RuleDecl[] {
  return registryTables(ctx.input.registry).rulesByPair.get(pairKey(a, b)) ?? NONE;
}

/** Designed handoffs into `to`, in fleet.yaml's order. */
export function handoffsInto(ctx: SignalContext, to: string): readonly HandoffDecl[] {
  return registryTables(ctx.input.registry).handoffsTo.get(to) ?? NONE;
}

/** The retired seats of fleet.yaml, in its order. */
export function retiredSeats(ctx: SignalContext): readonly SeatDecl[] {
  return registryTables(ctx.input.registry).retired;
}

const NONE: readonly never[] = [];

/** Lookups that follow from fleet.yaml alone. */
interface RegistryTables {
  /** Handoffs and rules by seat pair, in fleet.yaml's order. */
  handoffsByPair: Map<string, HandoffDecl[]>;
  rulesByPair: Map<string, RuleDecl[]>;
  /** For each sender, the seats it has a designed handoff to (any via). */
  designedTo: Map<string, Set<string>>;
  declaredSeats: Map<string, SeatInfo>;
  /** The known seats for the last set of undeclared ones (each id followed by a newline). */
  known: { extra: string; seats: Map<string, SeatInfo>; inboxes: readonly InboxData[]; stateFiles: readonly StateFileRecord[] } | null;
  /** Handoffs by receiving seat, and retired seats, in fleet.yaml's order. */
  handoffsTo: Map<string, HandoffDecl[]>;
  retired: SeatDecl[];
}

/**
 * Built once per parsed fleet.yaml (the registry object is replaced only when fleet.yaml is read
 * again): a lookup per signal used to filter every handoff, which at 1,000 seats made the backlog
 * signals alone cost ~12 ms per derive.
 */
const tablesByRegistry = new WeakMap<FleetRegistry, RegistryTables>();

function registryTables(registry: FleetRegistry): RegistryTables {
  let tables = tablesByRegistry.get(registry);
  if (tables) return tables;
  tables = { handoffsByPair: new Map(), rulesByPair: new Map(), designedTo: new Map(), declaredSeats: new Map(), known: null, handoffsTo: new Map(), retired: [] };
  for (const decl of registry.seats) {
    if (decl.status === 'retired') tables.retired.push(decl);
    tables.declaredSeats.set(decl.id, { id: decl.id, name: decl.name || decl.id, kind: decl.kind, active: decl.status !== 'retired', decl });
  }
  for (const h of registry.handoffs) {
    pushTo(tables.handoffsByPair, `${h.from}->${h.to}`, h);
    pushTo(tables.handoffsTo, h.to, h);
    const to = tables.designedTo.get(h.from) ?? new Set<string>();
    to.add(h.to);
    tables.designedTo.set(h.from, to);
  }
  for (const r of registry.rules) pushTo(tables.rulesByPair, pairKey(r.winner, r.over), r);
  tablesByRegistry.set(registry, tables);
  return tables;
}

function pushTo<T>(map: Map<string, T[]>, key: string, item: T): void {
  const list = map.get(key);
  if (list) list.push(item);
  else map.set(key, [item]);
}

/** A key for an unordered seat pair, stable whichever way round it is asked: `a+b`, sorted. */
export function pairKey(a: string, b: string): string {
  return a < b ? `${a}+${b}` : `${b}+${a}`;
}

export function sortedPair(a: string, b: string): [string, string] {
  return a < b ? [a, b] : [b, a];
}

export function inboxPath(seat: string): string {
  return `inbox/${seat}.jsonl`;
}

/** A finite time that is not after now (future times are clock skew; the host reports them). */
export function ageOf(ctx: SignalContext, ts: number): number | null {
  if (!Number.isFinite(ts)) return null;
  return Math.max(0, ctx.now - ts);
}

/**
 * The `[start, end)` of a time-sorted list within the last `horizonMs` (future times count as now,
 * undated ones never): a suffix of the finite times, since age shrinks as time grows.
 */
export function recentRange(ctx: SignalContext, list: readonly number[], timeOf: (position: number) => number, horizonMs: number): [number, number] {
  const [start, end] = finiteRange(list, timeOf);
  const first = firstPassing(list, (p) => {
    const age = ageOf(ctx, timeOf(p));
    return age !== null && !(age > horizonMs);
  }, start, end);
  return [first, end];
}

/** Two results with the same JSON (or both none): a kept result stays the same object. */
export function sameSignal(a: Signal | null, b: Signal | null): boolean {
  return a === b || (a !== null && b !== null && jsonEqual(a, b));
}

export function sameSignals(a: readonly Signal[], b: readonly Signal[]): boolean {
  return a === b || (a.length === b.length && a.every((signal, i) => jsonEqual(signal, b[i])));
}

export interface SignalFields {
  seats: string[];
  files?: string[];
  message: string;
  hint: string;
  handoffs?: string[];
  numbers?: Record<string, number>;
}

/** One signal; its id is `<kind>:<key>`, stable while the cause persists. */
export function makeSignal(kind: SignalKind, key: string, severity: Severity, fields: SignalFields): Signal {
  return {
    id: `${kind}:${key}`,
    kind,
    severity,
    seats: fields.seats,
    files: fields.files ?? [],
    message: fields.message,
    hint: fields.hint,
    handoffs: fields.handoffs ?? [],
    numbers: fields.numbers ?? {},
  };
}
