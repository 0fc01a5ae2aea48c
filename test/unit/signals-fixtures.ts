/** In-memory builders for the signal table tests: a small fleet, messages, files, an injected clock. */
import { expect } from 'vitest';
import type { FleetPath, HandoffId, SeatId } from '../../shared/ids';
import { handoffId } from '../../shared/ids';
import type { ActivityData, InboxData, InboxMessage, StateFileRecord } from '../../shared/records';
import { FORMAT_DEFAULTS, ruleId, type FleetDefaults, type FleetRegistry, type HandoffDecl, type RuleDecl, type SeatDecl } from '../../shared/registry';
import { deriveSignals, type SignalInput } from '../../shared/signals';
import type { Signal, SignalKind } from '../../shared/signalTypes';

export const NOW = Date.parse('2026-11-20T12:00:00Z');
export const MIN = 60_000;
export const H = 3_600_000;
export const D = 86_400_000;

const path = (p: string) => p as FleetPath;

/** A seat's fields; `writes` as paths, or `{ path, staleAfterMs }` for a per-file limit. */
export type SeatFields = Partial<Omit<SeatDecl, 'writes'>> & { writes?: Array<string | { path: string; staleAfterMs: number | null }> };

export function seat(id: string, fields: SeatFields = {}): SeatDecl {
  const { writes, ...rest } = fields;
  return {
    id: id as SeatId,
    name: id.charAt(0).toUpperCase() + id.slice(1),
    kind: 'agent',
    owner: 'david',
    role: '',
    owns: [],
    notOwns: [],
    reads: [],
    status: 'active',
    retiredAt: null,
    reason: null,
    successors: null,
    staleAfterMs: null,
    backlogAfterMs: null,
    line: 1,
    ...rest,
    writes: (writes ?? []).map((w) => (typeof w === 'string' ? { path: path(w), staleAfterMs: null, line: 1 } : { path: path(w.path), staleAfterMs: w.staleAfterMs, line: 1 })),
  };
}

export function human(id: string, fields: SeatFields = {}): SeatDecl {
  return seat(id, { kind: 'human', owner: null, ...fields });
}

export function retired(s: SeatDecl): SeatDecl {
  return { ...s, status: 'retired', retiredAt: '2026-11-01', reason: 'merged' };
}

export function handoff(from: string, to: string, via = 'inbox'): HandoffDecl {
  return { id: handoffId(from, to, via) as HandoffId, from: from as SeatId, to: to as SeatId, via: via === 'inbox' ? 'inbox' : path(via), what: 'work', index: 0, line: 1 };
}

export function rule(winner: string, over: string, watchlist: string | null = null, index = 0): RuleDecl {
  return { id: ruleId(winner, over, index), winner: winner as SeatId, over: over as SeatId, when: 'Client is on the watch list', watchlist: watchlist ? path(watchlist) : null, index, line: 1 };
}

export function registry(parts: { seats: SeatDecl[]; handoffs?: HandoffDecl[]; rules?: RuleDecl[]; defaults?: Partial<FleetDefaults> }): FleetRegistry {
  return { version: 1, name: 'Test', defaults: { ...FORMAT_DEFAULTS, ...parts.defaults }, seats: parts.seats, handoffs: parts.handoffs ?? [], rules: parts.rules ?? [] };
}

let line = 0;
export function msg(from: string, to: string, id: string, ts: number, extra: Partial<InboxMessage> = {}): InboxMessage {
  line++;
  return { id, ts, from, to, type: 'INFORM', subject: `subject ${id}`, re: null, entities: [], line, offset: 0, ...extra };
}

/** An inbox; `acks` are ids its owner acked. */
export function inbox(owner: string, messages: InboxMessage[], acks: string[] = []): InboxData {
  return { seat: owner, path: path(`inbox/${owner}.jsonl`), messages, acks: acks.map((ack, i) => ({ ack, ts: NOW, by: owner, line: 1000 + i })), problems: [], bytes: 1 };
}

/** Every message goes into its `to` seat's inbox; `acked` lists ids acked by their receivers. */
export function inboxes(messages: InboxMessage[], acked: string[] = []): InboxData[] {
  const owners = [...new Set(messages.map((m) => m.to))];
  return owners.map((owner) => {
    const mine = messages.filter((m) => m.to === owner);
    return inbox(owner, mine, mine.filter((m) => acked.includes(m.id)).map((m) => m.id));
  });
}

export function stateFile(p: string, time: number, entities: unknown[] | null = null): StateFileRecord {
  const seatFolder = p.split('/')[1] ?? '';
  return { path: path(p), seat: seatFolder, time, timeSource: 'updatedAt', mtime: time, size: 10, hash: 'x', entities };
}

export function activity(seatId: string, entries: Array<[ts: number, entity: string]>): ActivityData {
  return {
    seat: seatId,
    path: path(`activity/${seatId}.jsonl`),
    entries: entries.map(([ts, entity], i) => ({ seat: seatId, ts, entity, action: 'did something', line: i + 1 })),
    problems: [],
  };
}

export function input(parts: Partial<SignalInput> & { registry: FleetRegistry }): SignalInput {
  return { inboxes: [], stateFiles: [], activity: [], now: NOW, ...parts };
}

/** The signals of one kind, through the public entry point. */
export function signalsOf(kind: SignalKind, i: SignalInput): Signal[] {
  return deriveSignals(i).filter((s) => s.kind === kind);
}

/** The one signal of `kind`, with the basic contract of every signal checked. */
export function only(kind: SignalKind, i: SignalInput): Signal {
  const found = signalsOf(kind, i);
  expect(found, `expected exactly one ${kind}`).toHaveLength(1);
  const s = found[0]!;
  expect(s.id.startsWith(`${kind}:`)).toBe(true);
  expect(s.message).not.toMatch(/undefined|NaN|\[object/);
  expect(s.hint.length).toBeGreaterThan(10);
  return s;
}

/**
 * A healthy fleet: every seat owned, one owner per domain, every output read, handoffs carrying
 * fresh data, inboxes drained, a rule with a watchlist the loser respects. It must show nothing.
 */
export function healthyFleet(): SignalInput {
  const reg = registry({
    seats: [
      seat('radar', { owns: ['morning-briefing'], writes: [{ path: 'state/radar/briefing.md', staleAfterMs: 24 * H }], reads: ['state/dash/anomalies.json' as FleetPath] }),
      seat('dash', { owns: ['ad-analytics'], writes: ['state/dash/anomalies.json'] }),
      seat('pulse', { owner: 'maria', owns: ['retention'], writes: [{ path: 'state/pulse/watchlist.json', staleAfterMs: 7 * D }] }),
      seat('dirk', { owner: 'maria', owns: ['sales'] }),
      retired(seat('jeff', { owner: null, owns: ['ad-analytics', 'sales'], writes: ['state/jeff/old.json'] })),
      human('david', { owns: ['company'] }),
      human('maria'),
    ],
    handoffs: [
      handoff('dash', 'radar', 'state/dash/anomalies.json'),
      handoff('pulse', 'dirk'),
      handoff('radar', 'david', 'state/radar/briefing.md'),
      handoff('dirk', 'radar'),
      handoff('jeff', 'radar'),
    ],
    rules: [rule('pulse', 'dirk', 'state/pulse/watchlist.json')],
  });
  const messages = [
    msg('pulse', 'dirk', 'h-1', NOW - 3 * H, { entities: ['client:acme'] }),
    msg('dirk', 'pulse', 'h-2', NOW - 2 * H, { re: 'h-1', type: 'RESPONSE', entities: ['client:acme'] }),
    msg('dirk', 'radar', 'h-3', NOW - 5 * H, { entities: ['client:initech'] }),
    msg('david', 'radar', 'h-4', NOW - 4 * H, { type: 'REQUEST' }),
    msg('radar', 'david', 'h-5', NOW - 3 * H, { re: 'h-4', type: 'RESPONSE' }),
    msg('maria', 'dirk', 'h-6', NOW - 1 * H, { entities: ['client:globex'] }),
    // Old history from a retired seat, and a recent unacked message: neither is a problem.
    msg('jeff', 'radar', 'h-7', NOW - 40 * D),
    msg('dash', 'radar', 'h-8', NOW - 20 * MIN),
  ];
  return input({
    registry: reg,
    inboxes: inboxes(messages, ['h-1', 'h-2', 'h-3', 'h-4', 'h-5', 'h-6', 'h-7']),
    stateFiles: [
      stateFile('state/dash/anomalies.json', NOW - 6 * H),
      stateFile('state/radar/briefing.md', NOW - 5 * H),
      stateFile('state/pulse/watchlist.json', NOW - 2 * D, ['client:acme', { entity: 'client:globex', since: '2026-11-18T00:00:00Z' }]),
      stateFile('state/jeff/old.json', NOW - 60 * D),
    ],
    activity: [
      activity('dirk', [[NOW - 6 * H, 'client:initech'], [NOW - 30 * D, 'client:acme']]),
      activity('dash', [[NOW - 2 * H, 'account:acme-ads']]),
      activity('pulse', [[NOW - 2 * H, 'client:acme']]),
      activity('jeff', [[NOW - 1 * H, 'client:initech']]),
    ],
  });
}
