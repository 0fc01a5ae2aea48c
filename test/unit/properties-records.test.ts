/**
 * Property tests for the lines agents write (docs/fleet-format.md, "Inboxes", "Activity", "State
 * files") and for the derive step that reads them: no line, file text or time throws; a valid
 * record reads back as itself; and derive plus every signal survive any mix of parsed records.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { derive } from '../../shared/derive';
import type { DeriveInputs } from '../../shared/deriveInputs';
import { diagnostic } from '../../shared/diagnostics';
import type { FleetPath } from '../../shared/ids';
import { parseActivityLine, parseInboxLine } from '../../shared/inboxLine';
import { parseFleetYaml } from '../../shared/parseFleet';
import type { ActivityData, InboxData, StateFileRecord } from '../../shared/records';
import { deriveSignals } from '../../shared/signals';
import { readStateContent } from '../../shared/stateTime';

/** Scale every property's run count (PROPERTY_RUNS_SCALE=20 for a long local hunt). */
const RUNS = Number(process.env.PROPERTY_RUNS_SCALE ?? 1);

/** Names that are also properties of every JS object: a classic source of lookups gone wrong. */
const trickyName = fc.constantFrom('constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', 'prototype', '', ' ', 'con');
const seatPool = ['dash', 'radar', 'david', 'pulse', 'constructor'];
const seatName = fc.oneof(fc.constantFrom(...seatPool), trickyName, fc.string({ maxLength: 6 }));
/** Times around "now", extreme times, and things that are not times. */
const NOW = Date.parse('2026-11-20T12:00:00Z');
const tsArb = fc.oneof(
  fc.integer({ min: -40 * 86_400_000, max: 86_400_000 }).map((d) => new Date(NOW + d).toISOString()),
  fc.constantFrom('', 'yesterday', '2026-13-45T99:00:00Z', '+275760-09-13T00:00:00.000Z', '-271821-04-20T00:00:00.000Z', '0', '1e400'),
  fc.string({ maxLength: 12 }),
);
const idArb = fc.oneof(fc.constantFrom('m-1', 'm-2', 'm-3', 'm-4', '__proto__', 'constructor'), fc.string({ minLength: 1, maxLength: 6 }));
const entityArb = fc.oneof(fc.constantFrom('client:acme', 'client:zeta', '__proto__', 'constructor'), fc.string({ maxLength: 6 }));

const messageArb = fc.record(
  {
    id: idArb,
    ts: tsArb,
    from: seatName,
    to: seatName,
    type: fc.constantFrom('INFORM', 'REQUEST', 'x'),
    subject: fc.string({ maxLength: 20 }),
    body: fc.string({ maxLength: 40 }),
    re: fc.option(idArb, { nil: null }),
    entities: fc.array(entityArb, { maxLength: 3 }),
  },
  { requiredKeys: ['id', 'from'] },
);
const ackArb = fc.record({ ack: idArb, ts: tsArb, by: seatName }, { requiredKeys: ['ack'] });
const activityArb = fc.record({ ts: tsArb, entity: entityArb, action: fc.string({ maxLength: 10 }) }, { requiredKeys: ['ts', 'entity'] });

/** An inbox line as an agent (or a broken agent) might write it. */
const lineArb = fc.oneof(
  { weight: 4, arbitrary: messageArb.map((m) => JSON.stringify(m)) },
  { weight: 2, arbitrary: ackArb.map((a) => JSON.stringify(a)) },
  { weight: 1, arbitrary: fc.json() },
  { weight: 1, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 1, arbitrary: fc.constantFrom('\uFEFF{"id":"m-1","from":"dash"}', '{"id":"m-1","from":"dash"}\r', '{"__proto__":{"id":"x"},"from":"a"}', '{"id":"m","from":"a","entities":"x"}', '\u0000\u0001', 'null', '[]', '{"ack":1}') },
);

describe('inbox and activity lines', () => {
  it('never throw, and say what is wrong in words', () => {
    fc.assert(
      fc.property(fc.oneof(lineArb, fc.string({ maxLength: 300 }), fc.string({ unit: 'binary', maxLength: 100 })), fc.integer({ min: 1, max: 1e6 }), (text, line) => {
        const parsed = parseInboxLine(text, line, 0, Buffer.byteLength(text));
        expect(['message', 'ack', 'blank', 'problem']).toContain(parsed.kind);
        if (parsed.kind === 'problem') expect(parsed.problem.length).toBeGreaterThan(0);
        const activity = parseActivityLine(text, 'dash', line);
        if (activity && 'problem' in activity) expect(activity.problem.length).toBeGreaterThan(0);
        if (activity && !('problem' in activity)) expect(Number.isFinite(activity.ts)).toBe(true);
      }),
      { numRuns: 1500 * RUNS },
    );
  });

  it('read a valid message back as written', () => {
    fc.assert(
      fc.property(messageArb.filter((m) => m.from !== ''), fc.constantFrom('', '\r', '  '), (m, tail) => {
        const parsed = parseInboxLine(JSON.stringify(m) + tail, 7, 99);
        if (parsed.kind !== 'message') throw new Error(`not a message: ${JSON.stringify(parsed)}`);
        expect(parsed.message).toEqual({
          id: m.id,
          ts: m.ts === undefined ? Number.NaN : Date.parse(m.ts),
          from: m.from,
          to: m.to ?? '',
          type: m.type ?? 'INFORM',
          subject: m.subject ?? '',
          re: m.re ?? null,
          entities: m.entities ?? [],
          line: 7,
          offset: 99,
        });
      }),
      { numRuns: 500 * RUNS },
    );
  });
});

describe('state file times', () => {
  const stateText = fc.oneof(
    fc.record({ updatedAt: fc.oneof(tsArb, fc.double(), fc.integer(), fc.constant(null)), entities: fc.anything() }, { requiredKeys: [] }).map((v) => JSON.stringify(v)),
    fc.tuple(fc.constantFrom('updated', 'last_updated', 'updatedAt', 'x'), fc.oneof(tsArb, fc.double().map(String), fc.string({ maxLength: 10 })), fc.constantFrom('\n', '\r\n'))
      .map(([key, value, eol]) => `---${eol}${key}: ${value}${eol}---${eol}# Title${eol}`),
    fc.string({ maxLength: 200 }),
    fc.json(),
  );

  it('never throw, and a time is always one a Date can show', () => {
    fc.assert(
      fc.property(stateText, fc.constantFrom('state/a/x.json', 'state/a/x.md', 'state/a/x'), fc.boolean(), (text, path, bom) => {
        const content = readStateContent(path, bom ? `\uFEFF${text}` : text);
        if (content.time !== null) expect(() => new Date(content.time!).toISOString()).not.toThrow();
      }),
      { numRuns: 1500 * RUNS },
    );
  });

  it('read a valid updatedAt or front-matter time, with or without a BOM or CRLF', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }), fc.boolean(), fc.boolean(), (date, bom, crlf) => {
        const iso = date.toISOString();
        const eol = crlf ? '\r\n' : '\n';
        const pre = bom ? '\uFEFF' : '';
        expect(readStateContent('state/a/x.json', `${pre}{${eol}  "updatedAt": "${iso}"${eol}}${eol}`).time).toBe(date.getTime());
        expect(readStateContent('state/a/x.md', `${pre}---${eol}updated: "${iso}"${eol}---${eol}body${eol}`).time).toBe(date.getTime());
      }),
      { numRuns: 300 * RUNS },
    );
  });
});

/** The inbox data a host builds from lines (as service/fleetFiles.ts does). */
function inboxFrom(seat: string, lines: string[]): InboxData {
  const data: InboxData = { seat, path: `inbox/${seat}.jsonl` as FleetPath, messages: [], acks: [], problems: [], bytes: 0, indexing: null };
  lines.forEach((text, i) => {
    const parsed = parseInboxLine(text, i + 1, i * 100);
    if (parsed.kind === 'message') data.messages.push(parsed.message);
    else if (parsed.kind === 'ack') data.acks.push(parsed.ack);
    else if (parsed.kind === 'problem') data.problems.push(diagnostic(data.path, 'warning', parsed.problem, i + 1));
  });
  return data;
}

const FLEET = `version: 1
seats:
  dash: { kind: agent, owner: david, owns: [ads], writes: [state/dash/a.json] }
  radar: { kind: agent, owner: david, owns: [ads], reads: [state/dash/a.json] }
  pulse: { kind: agent, owner: radar }
  david: { kind: human }
  constructor: { kind: agent, status: retired }
handoffs:
  - { from: dash, to: radar, via: state/dash/a.json }
  - { from: pulse, to: dash }
rules:
  - { winner: pulse, over: dash, when: listed, watchlist: state/pulse/w.json }
`;

describe('derive and signals', () => {
  it('never throw on any mix of parsed inboxes, activity and state files', () => {
    const parsed = parseFleetYaml(FLEET);
    if (!parsed.ok) throw new Error(parsed.error.message);
    const stateArb = fc.record({
      seat: fc.constantFrom(...seatPool, 'pulse'),
      name: fc.constantFrom('a.json', 'w.json', 'b.md'),
      text: fc.oneof(
        fc.record({ updatedAt: tsArb, entities: fc.array(fc.oneof(entityArb, fc.record({ entity: entityArb, since: tsArb }), fc.anything()), { maxLength: 3 }) }).map((v) => JSON.stringify(v)),
        fc.json(),
        fc.constantFrom('{"updatedAt": 1e20}', '{"updatedAt": -1e20}', '---\nupdated: 99999999999999999999\n---\n'),
      ),
      mtime: fc.integer({ min: NOW - 30 * 86_400_000, max: NOW + 86_400_000 }),
    });
    fc.assert(
      fc.property(
        fc.dictionary(fc.constantFrom(...seatPool, 'stranger'), fc.array(lineArb, { maxLength: 12 }), { maxKeys: 5 }),
        fc.dictionary(fc.constantFrom(...seatPool), fc.array(activityArb.map((a) => JSON.stringify(a)), { maxLength: 6 }), { maxKeys: 3 }),
        fc.array(stateArb, { maxLength: 4 }),
        fc.boolean(),
        (inboxLines, activityLines, states, withRegistry) => {
          const inboxes = Object.entries(inboxLines).map(([seat, lines]) => inboxFrom(seat, lines));
          const activity: ActivityData[] = Object.entries(activityLines).map(([seat, lines]) => {
            const data: ActivityData = { seat, path: `activity/${seat}.jsonl` as FleetPath, entries: [], problems: [] };
            lines.forEach((text, i) => {
              const record = parseActivityLine(text, seat, i + 1);
              if (record && !('problem' in record)) data.entries.push(record);
            });
            return data;
          });
          const stateFiles: StateFileRecord[] = states.map((s) => {
            const path = `state/${s.seat}/${s.name}`;
            const content = readStateContent(path, s.text);
            return { path: path as FleetPath, seat: s.seat, time: content.time ?? s.mtime, timeSource: content.source ?? 'mtime', mtime: s.mtime, size: s.text.length, hash: String(s.text.length), entities: content.entities };
          });
          const inputs: DeriveInputs = {
            fleetKey: 'k',
            revision: 1,
            root: '/fleet',
            now: NOW,
            registry: withRegistry ? parsed.registry : null,
            registryDiagnostics: [],
            fleetError: null,
            fleetHash: null,
            inboxes,
            stateFiles,
            activity,
            fileDiagnostics: [],
            watcher: { status: 'watching', message: null, files: 0 },
          };
          const snapshot = derive(inputs, deriveSignals);
          expect(() => JSON.stringify(snapshot)).not.toThrow();
        },
      ),
      { numRuns: 300 * RUNS },
    );
  });
});
