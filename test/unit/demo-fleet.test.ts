/**
 * The demo fleet generator: deterministic, valid format, and every signal condition of
 * docs/fleet-format.md present in the raw data, for a reason, while the rest of the fleet is healthy.
 * Conditions are checked on the raw files (yaml + JSON.parse) so they don't depend on the signal
 * code; a second block runs the real `deriveSignals` on the same files.
 */
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { generateDemoFleet, type GeneratedFile } from '../../shared/demo';
import { parseDuration } from '../../shared/duration';
import { SEAT_ID_PATTERN } from '../../shared/ids';
import { deriveSignals } from '../../shared/signals';
import { SIGNAL_KINDS } from '../../shared/signalTypes';
import { toSignalInput } from './demo-parse';

const NOW = Date.parse('2026-11-20T07:30:00Z');
const H = 3_600_000;

interface Seat { name?: string; kind?: string; owner?: string; owns?: string[]; reads?: string[]; status?: string; staleAfter?: string; backlogAfter?: string; writes?: Array<{ path: string; staleAfter?: string }>; successors?: unknown; retiredAt?: string; reason?: string }
interface Handoff { from: string; to: string; via: string; what?: string }
interface Rule { winner: string; over: string; when?: string; watchlist?: string }
interface Message { id: string; ts: string; from: string; to: string; type: string; subject: string; body: string; re?: string; entities?: string[]; forwardedFrom?: string }
interface Ack { ack: string; ts: string; by: string }

/** The demo's files read raw: fleet.yaml with the yaml package, every JSONL line with JSON.parse. */
function readRaw(files: GeneratedFile[], now = NOW) {
  const byPath = new Map(files.map((f) => [f.path, f]));
  const fleet = parseYaml(byPath.get('fleet.yaml')!.content) as {
    version: number; name: string; defaults: Record<string, string>;
    seats: Record<string, Seat>; handoffs: Handoff[]; rules: Rule[];
  };
  const ms = (d: string | undefined) => (d === undefined ? undefined : parseDuration(d) ?? undefined);
  const defaults = {
    staleAfter: ms(fleet.defaults.staleAfter)!, backlogAfter: ms(fleet.defaults.backlogAfter)!,
    quietAfter: ms(fleet.defaults.quietAfter)!, overlapWindow: ms(fleet.defaults.overlapWindow)!,
  };
  const inboxes = new Map<string, { messages: Message[]; acks: Ack[] }>();
  const activity = new Map<string, Array<{ ts: string; entity: string; action: string }>>();
  for (const file of files) {
    const inbox = /^inbox\/(.+)\.jsonl$/.exec(file.path);
    const act = /^activity\/(.+)\.jsonl$/.exec(file.path);
    if (!inbox && !act) continue;
    const lines = file.content.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as Record<string, unknown>);
    if (inbox) {
      inboxes.set(inbox[1]!, {
        messages: lines.filter((l) => 'id' in l) as unknown as Message[],
        acks: lines.filter((l) => 'ack' in l) as unknown as Ack[],
      });
    }
    if (act) activity.set(act[1]!, lines as unknown as Array<{ ts: string; entity: string; action: string }>);
  }
  const stateTime = (path: string): number => {
    const file = byPath.get(path)!;
    if (path.endsWith('.json')) {
      const updatedAt = (JSON.parse(file.content) as { updatedAt?: string }).updatedAt;
      if (updatedAt) return Date.parse(updatedAt);
    }
    const front = /^---\n([\s\S]*?)\n---/.exec(file.content);
    if (front) {
      const meta = parseYaml(front[1]!) as Record<string, string>;
      const t = meta.updated ?? meta.last_updated;
      if (t) return Date.parse(String(t));
    }
    return file.mtime!;
  };
  const stateFiles = files.filter((f) => f.path.startsWith('state/')).map((f) => f.path);
  const seatOf = (path: string) => path.split('/')[1]!;
  const active = (id: string) => fleet.seats[id] !== undefined && fleet.seats[id]!.status !== 'retired';
  const isAgent = (id: string) => active(id) && (fleet.seats[id]!.kind ?? 'agent') === 'agent';
  const isHuman = (id: string) => active(id) && fleet.seats[id]!.kind === 'human';
  const designed = (a: string, b: string) => fleet.handoffs.some((h) => h.from === a && h.to === b);
  const acked = (seat: string) => new Set(inboxes.get(seat)?.acks.map((a) => a.ack));
  const staleLimit = (path: string) => {
    const seat = fleet.seats[seatOf(path)];
    return ms(seat?.writes?.find((w) => w.path === path)?.staleAfter) ?? ms(seat?.staleAfter) ?? defaults.staleAfter;
  };
  const backlogLimit = (seat: string) => ms(fleet.seats[seat]?.backlogAfter) ?? defaults.backlogAfter;
  /** Every touch: activity lines, and the entities of messages (by their sender). */
  const touches: Array<{ seat: string; entity: string; ts: number; to: string | null }> = [];
  for (const [seat, lines] of activity) for (const l of lines) touches.push({ seat, entity: l.entity, ts: Date.parse(l.ts), to: null });
  for (const [seat, inbox] of inboxes) for (const m of inbox.messages) for (const e of m.entities ?? []) touches.push({ seat: m.from, entity: e, ts: Date.parse(m.ts), to: seat });
  const findMessage = (id: string) => [...inboxes.values()].flatMap((i) => i.messages).find((m) => m.id === id);
  return { fleet, defaults, inboxes, activity, stateFiles, stateTime, seatOf, active, isAgent, isHuman, designed, acked, staleLimit, backlogLimit, touches, findMessage, now };
}

const demo = generateDemoFleet({ now: NOW });
const raw = readRaw(demo.files);

describe('generateDemoFleet', () => {
  it('is deterministic for a seed and a clock, and differs for another seed', () => {
    expect(generateDemoFleet({ now: NOW })).toEqual(demo);
    expect(generateDemoFleet({ now: NOW, seed: 7 })).toEqual(generateDemoFleet({ now: NOW, seed: 7 }));
    expect(generateDemoFleet({ now: NOW, seed: 7 })).not.toEqual(demo);
  });

  it('moves every time with the clock', () => {
    const later = readRaw(generateDemoFleet({ now: NOW + 5 * H }).files, NOW + 5 * H);
    const first = (r: typeof raw) => r.inboxes.get('dirk')!.messages[0]!.ts;
    expect(Date.parse(first(later)) - Date.parse(first(raw))).toBe(5 * H);
    expect(later.stateTime('state/tally/scorecard.json') - raw.stateTime('state/tally/scorecard.json')).toBe(5 * H);
  });

  it('writes only fleet-format files, with fleet-relative paths', () => {
    for (const file of demo.files) {
      expect(file.path).toMatch(/^(fleet\.yaml|inbox\/[a-z0-9_-]+\.jsonl|activity\/[a-z0-9_-]+\.jsonl|state\/[a-z0-9_-]+\/[^/]+)$/);
    }
    expect(new Set(demo.files.map((f) => f.path)).size).toBe(demo.files.length);
  });

  it('is a company-sized fleet: about a dozen seats, a few humans, one retired seat, commented yaml', () => {
    const seats = Object.entries(raw.fleet.seats);
    expect(raw.fleet.version).toBe(1);
    expect(seats.length).toBeGreaterThanOrEqual(12);
    for (const [id] of seats) expect(id).toMatch(SEAT_ID_PATTERN);
    expect(seats.filter(([, s]) => s.kind === 'human').length).toBeGreaterThanOrEqual(2);
    for (const id of ['radar', 'dash', 'dirk', 'pulse', 'jeff']) expect(raw.fleet.seats[id]).toBeDefined();
    const retired = seats.filter(([, s]) => s.status === 'retired');
    expect(retired).toHaveLength(1);
    expect(retired[0]![1]).toMatchObject({ retiredAt: expect.any(String), reason: expect.any(String), successors: expect.anything() });
    expect(raw.fleet.seats.radar!.writes!.some((w) => w.staleAfter)).toBe(true);
    expect(demo.files.find((f) => f.path === 'fleet.yaml')!.content.match(/#/g)!.length).toBeGreaterThan(5);
  });

  it('names only declared seats in handoffs and rules, and the project parser finds nothing to report', () => {
    const ids = new Set(Object.keys(raw.fleet.seats));
    for (const h of raw.fleet.handoffs) {
      expect(ids.has(h.from) && ids.has(h.to), `${h.from} -> ${h.to}`).toBe(true);
      if (h.via !== 'inbox') expect(demo.files.some((f) => f.path === h.via), h.via).toBe(true);
    }
    for (const r of raw.fleet.rules) expect(ids.has(r.winner) && ids.has(r.over)).toBe(true);
    expect(raw.fleet.handoffs.some((h) => h.via === 'inbox')).toBe(true);
    expect(raw.fleet.rules.find((r) => r.winner === 'pulse' && r.over === 'dirk')?.watchlist).toBe('state/pulse/watchlist.json');
    const input = toSignalInput(demo.files, NOW);
    expect(input.problems).toEqual([]);
    expect(input.registry.seats).toHaveLength(ids.size);
  });

  it('writes valid inbox lines: `to` is the owner, acks by the owner for its own messages, `re` resolves', () => {
    let messages = 0;
    for (const [seat, inbox] of raw.inboxes) {
      expect(raw.fleet.seats[seat], seat).toBeDefined();
      const ids = new Set(inbox.messages.map((m) => m.id));
      for (const m of inbox.messages) {
        messages++;
        expect(m.to).toBe(seat);
        expect(raw.fleet.seats[m.from], m.from).toBeDefined();
        expect(['INFORM', 'REQUEST', 'PROPOSAL', 'RESPONSE', 'CHALLENGE']).toContain(m.type);
        expect(m.subject.length).toBeGreaterThan(0);
        expect(m.body.length).toBeGreaterThan(20);
        expect(Date.parse(m.ts)).toBeLessThanOrEqual(NOW);
        if (m.re) expect(raw.findMessage(m.re), m.re).toBeDefined();
      }
      for (const a of inbox.acks) {
        expect(a.by).toBe(seat);
        expect(ids.has(a.ack)).toBe(true);
        expect(Date.parse(a.ts)).toBeLessThanOrEqual(NOW);
      }
      const times = [...inbox.messages.map((m) => m.ts), ...inbox.acks.map((a) => a.ts)];
      expect(times.length).toBeGreaterThan(0);
    }
    // Forwarded copies (to a retired seat's successor) keep the original id, marked `forwardedFrom`.
    const all = [...raw.inboxes.values()].flatMap((i) => i.messages.filter((m) => !m.forwardedFrom).map((m) => m.id));
    expect(new Set(all).size).toBe(all.length);
    expect(messages).toBeGreaterThanOrEqual(60);
    // About two weeks of traffic.
    const oldest = Math.min(...[...raw.inboxes.values()].flatMap((i) => i.messages.map((m) => Date.parse(m.ts))));
    expect(NOW - oldest).toBeGreaterThan(13 * 24 * H);
    // Inboxes are written in time order, as appends would leave them.
    for (const file of demo.files.filter((f) => f.path.startsWith('inbox/') || f.path.startsWith('activity/'))) {
      const ts = file.content.trim().split('\n').map((l) => Date.parse((JSON.parse(l) as { ts: string }).ts));
      expect(ts).toEqual([...ts].sort((a, b) => a - b));
    }
  });

  it('gives state files their time: updatedAt, front matter, or the mtime to set', () => {
    for (const path of raw.stateFiles) {
      const file = demo.files.find((f) => f.path === path)!;
      expect(Number.isFinite(raw.stateTime(path)), path).toBe(true);
      if (!/updatedAt|^---/m.test(file.content)) expect(file.mtime, path).toBeDefined();
    }
    expect(raw.stateFiles.some((p) => p.endsWith('.md'))).toBe(true);
    expect(raw.stateFiles.some((p) => !p.endsWith('.md') && !p.endsWith('.json'))).toBe(true);
  });
});

describe('every signal condition holds in the raw demo data', () => {
  it('stale-state: a state file older than its staleAfter, and it feeds the briefing', () => {
    const stale = raw.stateFiles.filter((p) => NOW - raw.stateTime(p) > raw.staleLimit(p));
    expect(stale).toEqual(['state/tally/scorecard.json']);
    expect(raw.designed('tally', 'radar')).toBe(true);
  });

  it('inbox-backlog: unacked messages older than backlogAfter, only in Atlas and Scout', () => {
    const late = [...raw.inboxes].filter(([seat, inbox]) => raw.active(seat) &&
      inbox.messages.some((m) => m.from !== seat && !raw.acked(seat).has(m.id) && NOW - Date.parse(m.ts) > raw.backlogLimit(seat)));
    expect(late.map(([seat]) => seat).sort()).toEqual(['atlas', 'scout']);
  });

  it('undesigned-traffic: Jeff messages Dash with no jeff -> dash handoff, within quietAfter', () => {
    const pairs = new Set<string>();
    for (const [to, inbox] of raw.inboxes) {
      for (const m of inbox.messages) {
        if (!raw.isAgent(m.from) || !raw.isAgent(to) || m.from === to || NOW - Date.parse(m.ts) > raw.defaults.quietAfter) continue;
        const answers = m.re ? raw.inboxes.get(m.from)?.messages.some((o) => o.id === m.re && o.from === to) : false;
        if (!raw.designed(m.from, to) && !answers) pairs.add(`${m.from}->${to}`);
      }
    }
    expect([...pairs]).toEqual(['jeff->dash']);
  });

  it('dead-handoff: coach -> echo carried messages once, none for quietAfter; every other handoff carries', () => {
    const dead = raw.fleet.handoffs.filter((h) => {
      const times = (raw.inboxes.get(h.to)?.messages ?? []).filter((m) => m.from === h.from).map((m) => Date.parse(m.ts));
      if (h.via !== 'inbox') times.push(raw.stateTime(h.via));
      return !times.some((t) => NOW - t <= raw.defaults.quietAfter);
    });
    expect(dead.map((h) => `${h.from}->${h.to}@${h.via}`)).toEqual(['coach->echo@inbox']);
    expect(raw.inboxes.get('echo')!.messages.filter((m) => m.from === 'coach').length).toBeGreaterThan(0);
  });

  it('orphan-output: a state file nobody consumes, and an inbox whose owner never acks', () => {
    const consumed = new Set([
      ...raw.fleet.handoffs.map((h) => h.via),
      ...Object.values(raw.fleet.seats).flatMap((s) => s.reads ?? []),
      ...raw.fleet.rules.flatMap((r) => (r.watchlist ? [r.watchlist] : [])),
    ]);
    expect(raw.stateFiles.filter((p) => !consumed.has(p))).toEqual(['state/jeff/integrity-report.json']);
    const neverAcked = [...raw.inboxes].filter(([seat, i]) => i.acks.length === 0 && i.messages.filter((m) => m.from !== seat).length >= 3);
    expect(neverAcked.map(([seat]) => seat)).toEqual(['scout']);
  });

  it('duplicate-work: Jeff and Dash touch the same ad accounts within overlapWindow, without telling each other', () => {
    const recent = raw.touches.filter((t) => NOW - t.ts <= raw.defaults.overlapWindow && raw.isAgent(t.seat));
    // Entities on the watchlist of a rule between a pair are rule-violation's business.
    const watched = (x: string, y: string, entity: string) => raw.fleet.rules.some((r) => {
      if (!r.watchlist || !((r.winner === x && r.over === y) || (r.winner === y && r.over === x))) return false;
      const list = JSON.parse(demo.files.find((f) => f.path === r.watchlist)!.content) as { entities: Array<{ entity: string }> };
      return list.entities.some((e) => e.entity === entity);
    });
    const pairs = new Set<string>();
    for (const a of recent) {
      for (const b of recent) {
        if (a.seat >= b.seat || a.entity !== b.entity || watched(a.seat, b.seat, a.entity)) continue;
        const talked = recent.some((t) => t.entity === a.entity && ((t.seat === a.seat && t.to === b.seat) || (t.seat === b.seat && t.to === a.seat)));
        if (!talked) pairs.add(`${a.seat}+${b.seat}:${a.entity}`);
      }
    }
    expect([...pairs].sort()).toEqual(['dash+jeff:adaccount:harbor-dental-google', 'dash+jeff:adaccount:pinecrest-hvac-google']);
  });

  it('human-bridge: Maria forwards Coach\'s messages to Pulse with `re`, at least three times', () => {
    const bridged = raw.inboxes.get('pulse')!.messages.filter((m) => {
      if (!raw.isHuman(m.from) || !m.re) return false;
      const original = raw.inboxes.get(m.from)?.messages.find((o) => o.id === m.re);
      return original !== undefined && raw.isAgent(original.from) && original.from !== 'pulse' && Date.parse(original.ts) < Date.parse(m.ts);
    });
    expect(bridged.length).toBeGreaterThanOrEqual(3);
    expect(new Set(bridged.map((m) => m.from))).toEqual(new Set(['maria']));
    // A coach → pulse handoff exists, but through the call-scores file: the reviews go around it.
    expect(raw.fleet.handoffs.filter((h) => h.from === 'coach' && h.to === 'pulse').map((h) => h.via)).toEqual(['state/coach/call-scores.json']);
    expect(bridged.filter((m) => NOW - Date.parse(m.ts) <= raw.defaults.quietAfter).length).toBeGreaterThanOrEqual(3);
  });

  it('mandate-overlap and unruled-overlap: Jeff shares domains with Dash (no rule) and Atlas (ruled)', () => {
    const owners = new Map<string, string[]>();
    for (const [id, seat] of Object.entries(raw.fleet.seats)) {
      if (!raw.active(id)) continue;
      for (const d of seat.owns ?? []) owners.set(d, [...(owners.get(d) ?? []), id]);
    }
    const shared = [...owners].filter(([, seats]) => seats.length > 1).map(([d, seats]) => `${d}:${seats.sort().join('+')}`).sort();
    expect(shared).toEqual(['ad-analytics:dash+jeff', 'project-tracking:atlas+jeff']);
    const ruled = (a: string, b: string) => raw.fleet.rules.some((r) => (r.winner === a && r.over === b) || (r.winner === b && r.over === a));
    expect(ruled('dash', 'jeff')).toBe(false);
    expect(ruled('atlas', 'jeff')).toBe(true);
  });

  it('rule-violation: Dirk touches a client after Pulse put it on the watch list', () => {
    const rule = raw.fleet.rules.find((r) => r.watchlist)!;
    const list = JSON.parse(demo.files.find((f) => f.path === rule.watchlist)!.content) as { entities: Array<{ entity: string; since: string }> };
    const violations = raw.touches.filter((t) => {
      if (t.seat !== rule.over || t.to === rule.winner || NOW - t.ts > raw.defaults.quietAfter) return false;
      const listed = list.entities.find((e) => e.entity === t.entity);
      return listed !== undefined && t.ts > Date.parse(listed.since);
    });
    expect(violations.length).toBeGreaterThan(0);
    expect(new Set(violations.map((v) => v.entity))).toEqual(new Set(['client:northwind']));
    // Dirk also touched Northwind before it was listed: that one is allowed.
    expect(raw.touches.some((t) => t.seat === 'dirk' && t.entity === 'client:northwind' && !violations.includes(t))).toBe(true);
  });

  it('unowned-seat: Scout, an active agent, has no owner; every other agent has a human owner', () => {
    const unowned = Object.entries(raw.fleet.seats).filter(([id, s]) => raw.isAgent(id) && !s.owner);
    expect(unowned.map(([id]) => id)).toEqual(['scout']);
    for (const [id, s] of Object.entries(raw.fleet.seats)) if (raw.isAgent(id) && s.owner) expect(raw.isHuman(s.owner), id).toBe(true);
  });

  it.each([1, 2, 3, 42, 123456])('keeps every condition with seed %i and another clock', (seed) => {
    const now = NOW + seed * 7_919_000;
    const files = generateDemoFleet({ now, seed }).files;
    const kinds = new Set(deriveSignals(toSignalInput(files, now)).map((s) => s.kind));
    expect([...kinds].sort()).toEqual([...SIGNAL_KINDS].sort());
  });
});

describe('deriveSignals on the demo fleet', () => {
  const signals = deriveSignals(toSignalInput(demo.files, NOW));
  const of = (kind: string) => signals.filter((s) => s.kind === kind);

  it('reports every signal kind at least once', () => {
    expect(new Set(signals.map((s) => s.kind))).toEqual(new Set(SIGNAL_KINDS));
  });

  it('reports them where the demo put them, and nothing else', () => {
    const seatsOf = (kind: string) => of(kind).map((s) => [...s.seats].sort().join('+')).sort();
    expect(of('stale-state').flatMap((s) => s.files)).toEqual(['state/tally/scorecard.json']);
    expect(seatsOf('inbox-backlog')).toEqual(['atlas', 'scout']);
    expect(seatsOf('undesigned-traffic')).toEqual(['dash+jeff']);
    expect(seatsOf('dead-handoff')).toEqual(['coach+echo']);
    expect(of('orphan-output').flatMap((s) => s.files).sort()).toEqual(['inbox/scout.jsonl', 'state/jeff/integrity-report.json']);
    expect(seatsOf('duplicate-work')).toEqual(['dash+jeff']);
    expect(seatsOf('human-bridge')).toEqual(['coach+maria+pulse']);
    expect(of('human-bridge')[0]?.message).toMatch(/A handoff from Coach to Pulse exists \(.+\) and is in use, but these messages went around it$/);
    expect(seatsOf('mandate-overlap')).toEqual(['atlas+jeff', 'dash+jeff']);
    expect(seatsOf('unruled-overlap')).toEqual(['dash+jeff']);
    expect(seatsOf('rule-violation')).toEqual(['dirk+pulse']);
    expect(seatsOf('unowned-seat')).toEqual(['scout']);
  });
});
