/**
 * The impact of retiring a seat: everything in the fleet that depends on it, and who could take
 * each piece over. Pure: built from the registry and what was read from disk.
 */
import type { ActivityData, InboxData, StateFileRecord } from '../records';
import type { FleetRegistry, SeatDecl } from '../registry';
import type { Impact } from './types';

export interface ImpactInput {
  registry: FleetRegistry;
  inboxes: InboxData[];
  stateFiles: StateFileRecord[];
  activity: ActivityData[];
  now: number;
}

/** Seats that read `path`: declared reads, handoffs via it, rule watchlists. */
export function readersOf(registry: FleetRegistry, path: string, except: string): string[] {
  const readers = new Set<string>();
  for (const seat of registry.seats) if (seat.status !== 'retired' && seat.reads.includes(path as never)) readers.add(seat.id);
  for (const h of registry.handoffs) if (h.via === path) readers.add(h.to);
  for (const r of registry.rules) if (r.watchlist === path) readers.add(r.winner);
  readers.delete(except);
  return [...readers].sort();
}

/** The files a seat writes: declared `writes` and files found under `state/<seat>/`. */
export function filesOf(seat: SeatDecl, stateFiles: StateFileRecord[]): string[] {
  const paths = new Set<string>(seat.writes.map((w) => w.path));
  for (const f of stateFiles) if (f.seat === seat.id) paths.add(f.path);
  return [...paths].sort();
}

/** Unacknowledged messages in an inbox, oldest first (file order breaks ties). */
export function unackedMessages(inbox: InboxData | undefined): InboxData['messages'] {
  if (!inbox) return [];
  const acked = new Set(inbox.acks.map((a) => a.ack));
  const seen = new Set<string>();
  const out: InboxData['messages'] = [];
  for (const m of inbox.messages) {
    if (acked.has(m.id) || seen.has(m.id)) continue;
    seen.add(m.id);
    out.push(m);
  }
  return out;
}

export function computeImpact(input: ImpactInput, seatId: string): Impact | null {
  const { registry } = input;
  const seat = registry.seats.find((s) => s.id === seatId);
  if (!seat) return null;
  const inbox = input.inboxes.find((i) => i.seat === seatId);
  const quietFrom = input.now - registry.defaults.quietAfterMs;
  const overlapFrom = input.now - registry.defaults.overlapWindowMs;

  const senders = new Map<string, { count: number; lastTs: number }>();
  for (const m of inbox?.messages ?? []) {
    if (!(m.ts >= quietFrom) || m.from === seatId) continue;
    const entry = senders.get(m.from) ?? { count: 0, lastTs: 0 };
    entry.count++;
    entry.lastTs = Math.max(entry.lastTs, m.ts);
    senders.set(m.from, entry);
  }
  const touches = new Map<string, number>();
  for (const a of input.activity) {
    if (a.seat !== seatId) continue;
    for (const e of a.entries) if (e.ts >= overlapFrom) touches.set(e.entity, Math.max(touches.get(e.entity) ?? 0, e.ts));
  }
  for (const other of input.inboxes) {
    for (const m of other.messages) {
      if (m.from !== seatId || !(m.ts >= overlapFrom)) continue;
      for (const entity of m.entities) touches.set(entity, Math.max(touches.get(entity) ?? 0, m.ts));
    }
  }

  return {
    seat: seat.id,
    seatName: seat.name,
    domains: [...seat.owns],
    inbound: registry.handoffs.filter((h) => h.to === seatId).map((h) => ({ id: h.id, from: h.from, via: h.via, what: h.what })),
    outbound: registry.handoffs.filter((h) => h.from === seatId).map((h) => ({ id: h.id, to: h.to, via: h.via, what: h.what })),
    rulesWon: registry.rules.filter((r) => r.winner === seatId).map((r) => ({ id: r.id, over: r.over, when: r.when })),
    rulesLost: registry.rules.filter((r) => r.over === seatId).map((r) => ({ id: r.id, winner: r.winner, when: r.when })),
    files: filesOf(seat, input.stateFiles).map((path) => ({ path, readers: readersOf(registry, path, seatId) })),
    unacked: unackedMessages(inbox).map((m) => ({ id: m.id, from: m.from, ts: m.ts, subject: m.subject })),
    recentEntities: [...touches].map(([entity, ts]) => ({ entity, ts })).sort((a, b) => b.ts - a.ts || (a.entity < b.entity ? -1 : 1)),
    senders: [...senders].map(([s, v]) => ({ seat: s, ...v })).sort((a, b) => b.count - a.count || (a.seat < b.seat ? -1 : 1)),
    ownedSeats: registry.seats.filter((s) => s.owner === seatId && s.id !== seatId && s.status !== 'retired').map((s) => s.id),
    candidates: rankSuccessors(input, seat),
  };
}

/**
 * Ranks active seats as successors: one that already owns a related domain (the same domain, or
 * one sharing a word) scores most, then one that reads the same files or this seat's files, then
 * one that talks to the same seats (handoffs and traffic).
 */
export function rankSuccessors(input: ImpactInput, seat: SeatDecl): Array<{ seat: string; score: number; why: string[] }> {
  const { registry } = input;
  const partners = partnersOf(input, seat.id);
  const ownFiles = new Set(filesOf(seat, input.stateFiles));
  const words = new Set(seat.owns.flatMap((d) => d.split(/[-_\s]+/).filter((w) => w.length > 3)));
  const ranked: Array<{ seat: string; score: number; why: string[] }> = [];
  for (const other of registry.seats) {
    if (other.id === seat.id || other.status === 'retired' || other.kind !== seat.kind) continue;
    const why: string[] = [];
    let score = 0;
    const same = other.owns.filter((d) => seat.owns.includes(d));
    if (same.length) {
      score += 10 * same.length;
      why.push(`already owns ${same.join(', ')}`);
    } else {
      const related = other.owns.filter((d) => d.split(/[-_\s]+/).some((w) => words.has(w)));
      if (related.length) {
        score += 4 * related.length;
        why.push(`owns related ${related.join(', ')}`);
      }
    }
    const sharedReads = other.reads.filter((p) => seat.reads.includes(p) || ownFiles.has(p));
    if (sharedReads.length) {
      score += 3 * sharedReads.length;
      why.push(`reads ${sharedReads.join(', ')}`);
    }
    const otherPartners = partnersOf(input, other.id);
    const common = [...partners].filter((p) => p !== other.id && otherPartners.has(p));
    if (common.length) {
      score += common.length;
      why.push(`talks to ${common.sort().join(', ')}`);
    }
    if (partners.has(other.id)) {
      score += 1;
      why.push(`works with ${seat.name}`);
    }
    if (score > 0) ranked.push({ seat: other.id, score, why });
  }
  return ranked.sort((a, b) => b.score - a.score || (a.seat < b.seat ? -1 : 1));
}

function partnersOf(input: ImpactInput, seatId: string): Set<string> {
  const partners = new Set<string>();
  for (const h of input.registry.handoffs) {
    if (h.from === seatId) partners.add(h.to);
    if (h.to === seatId) partners.add(h.from);
  }
  for (const inbox of input.inboxes) {
    if (inbox.seat === seatId) for (const m of inbox.messages) partners.add(m.from);
    else if (inbox.messages.some((m) => m.from === seatId)) partners.add(inbox.seat);
  }
  partners.delete(seatId);
  return partners;
}
