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
import type { FleetDefaults, FleetRegistry, HandoffDecl, RuleDecl, SeatDecl } from '../registry';
import type { Severity } from '../diagnostics';
import type { Signal, SignalKind } from '../signalTypes';

/** The facts `deriveSignals` works from: fleet.yaml's design, what agents wrote, and the clock. */
export interface SignalInput {
  registry: FleetRegistry;
  inboxes: InboxData[];
  stateFiles: StateFileRecord[];
  activity: ActivityData[];
  now: number;
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
  defaults: FleetDefaults;
  seats: Map<string, SeatInfo>;
  inboxBySeat: Map<string, InboxData>;
  /** Ids acked in each seat's inbox. */
  ackedBySeat: Map<string, ReadonlySet<string>>;
  stateFileByPath: Map<string, StateFileRecord>;
  /** Each inbox's messages by id (the first line with that id wins), to follow `re` links. */
  messagesBySeat: Map<string, MessageLookup>;
  /** `from->to` of every designed handoff, any via. */
  designedPairs: Set<string>;
}

export function buildContext(input: SignalInput): SignalContext {
  const seats = new Map<string, SeatInfo>();
  for (const decl of input.registry.seats) {
    seats.set(decl.id, { id: decl.id, name: decl.name || decl.id, kind: decl.kind, active: decl.status !== 'retired', decl });
  }
  const onDisk = [...input.inboxes.map((i) => i.seat), ...input.stateFiles.map((f) => f.seat)];
  for (const id of onDisk) {
    if (!seats.has(id) && isSeatId(id)) seats.set(id, { id, name: id, kind: 'agent', active: true, decl: null });
  }
  const inboxBySeat = new Map<string, InboxData>();
  const ackedBySeat = new Map<string, ReadonlySet<string>>();
  const messagesBySeat = new Map<string, MessageLookup>();
  for (const inbox of input.inboxes) {
    // Kept up to date incrementally across derivations (inboxIndex.ts): no re-scan per append.
    const index = inboxIndex(inbox);
    inboxBySeat.set(inbox.seat, inbox);
    ackedBySeat.set(inbox.seat, index.acked);
    messagesBySeat.set(inbox.seat, index.byId);
  }
  return {
    input,
    now: input.now,
    defaults: input.registry.defaults,
    seats,
    inboxBySeat,
    ackedBySeat,
    stateFileByPath: new Map(input.stateFiles.map((f) => [f.path as string, f])),
    messagesBySeat,
    designedPairs: new Set(input.registry.handoffs.map((h) => `${h.from}->${h.to}`)),
  };
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
  return ctx.designedPairs.has(`${from}->${to}`);
}

export function handoffsBetween(ctx: SignalContext, from: string, to: string): HandoffDecl[] {
  return ctx.input.registry.handoffs.filter((h) => h.from === from && h.to === to);
}

/** Rules between two seats, either way round. */
export function rulesBetween(ctx: SignalContext, a: string, b: string): RuleDecl[] {
  return ctx.input.registry.rules.filter((r) => (r.winner === a && r.over === b) || (r.winner === b && r.over === a));
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
