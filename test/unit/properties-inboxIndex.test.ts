/**
 * The inbox index (shared/signals/inboxIndex.ts) grows by slices, takes lines in file order, pushes
 * positions that come in time order and defers the rest (shared/signals/deferredSort.ts). Whatever
 * the slicing, the order of lines, and when readers ask, it must equal the plain definition of
 * every field, computed here from scratch by the most direct scan.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FleetPath } from '../../shared/ids';
import type { InboxAck, InboxData, InboxMessage } from '../../shared/records';
import { growInboxIndex, inboxIndex, type InboxIndex } from '../../shared/signals/inboxIndex';

const RUNS = Number(process.env.PROPERTY_RUNS_SCALE ?? 1);
const SEAT = 'radar';

/** Every field of the index, by definition. */
function plainIndex(messages: readonly InboxMessage[], acks: readonly InboxAck[]) {
  const ackTimes = new Map<string, number>();
  for (const ack of acks) if (!ackTimes.has(ack.ack)) ackTimes.set(ack.ack, ack.ts);
  const byTime = (a: number, b: number) => (messages[a]!.ts < messages[b]!.ts ? -1 : messages[a]!.ts > messages[b]!.ts ? 1 : a - b);
  const positions = messages.map((_, i) => i);
  const dated = positions.filter((p) => !Number.isNaN(messages[p]!.ts));
  const senders = [...new Set(messages.map((m) => m.from))].map((from) => {
    const own = positions.filter((p) => messages[p]!.from === from);
    const ownDated = dated.filter((p) => messages[p]!.from === from);
    const times = ownDated.map((p) => messages[p]!.ts);
    const finite = times.filter((t) => Number.isFinite(t));
    const lastTs = times.length ? Math.max(...times) : null;
    const last = lastTs === null ? undefined : ownDated.filter((p) => messages[p]!.ts === lastTs).at(-1);
    return {
      from,
      count: own.length,
      lastTs,
      lastMessageId: last === undefined ? null : messages[last]!.id,
      finiteCount: finite.length,
      finiteMaxTs: finite.length ? Math.max(...finite) : -Infinity,
      plain: ownDated.filter((p) => !messages[p]!.re).sort(byTime),
      replies: ownDated.filter((p) => messages[p]!.re).sort(byTime),
      unacked: ownDated.filter((p) => !ackTimes.has(messages[p]!.id)).sort(byTime),
    };
  });
  const received = positions.filter((p) => messages[p]!.from !== SEAT && Number.isFinite(messages[p]!.ts));
  const firstReceived = received.reduce<number | null>((best, p) => (best === null || messages[p]!.ts < messages[best]!.ts ? p : best), null);
  const allTimes = dated.map((p) => messages[p]!.ts);
  const ids = [...new Set(messages.map((m) => m.id))];
  const repliesTo = new Map<string, number[]>();
  for (const p of positions) {
    const re = messages[p]!.re;
    if (re) repliesTo.set(re, [...(repliesTo.get(re) ?? []), p]);
  }
  return {
    acked: [...ackTimes.keys()].sort(),
    ackTimes: [...ackTimes].sort(([a], [b]) => (a < b ? -1 : 1)),
    lookups: [...ID_POOL, 'zz'].map((id) => [ackTimes.has(id), ackTimes.get(id), ackTimes.size]),
    ackedMessages: messages.filter((m) => ackTimes.has(m.id)).length,
    lastTs: allTimes.length ? Math.max(...allTimes) : null,
    senders,
    firstReceived: firstReceived === null ? null : messages[firstReceived]!,
    byId: ids.map((id) => [id, messages.find((m) => m.id === id)!]),
    repliesTo: [...repliesTo].sort(([a], [b]) => (a < b ? -1 : 1)),
  };
}

/** The same fields, read from the index. */
function indexed(index: InboxIndex, messages: readonly InboxMessage[]) {
  const ids = [...new Set(messages.map((m) => m.id))];
  return {
    acked: [...index.acked].sort(),
    ackTimes: [...index.ackTimes].sort(([a], [b]) => (a < b ? -1 : 1)),
    lookups: [...ID_POOL, 'zz'].map((id) => [index.acked.has(id), index.ackTimes.get(id), index.acked.size]),
    ackedMessages: index.ackedMessages,
    lastTs: index.lastTs,
    senders: [...index.senders.values()].map((s) => ({ ...s, plain: [...s.plain], replies: [...s.replies], unacked: [...s.unacked] })),
    firstReceived: index.firstReceived,
    byId: ids.map((id) => [id, index.byId.get(id)]),
    repliesTo: [...index.repliesTo].sort(([a], [b]) => (a < b ? -1 : 1)),
  };
}

const ID_POOL = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];
const time = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: 0, max: 30 }).map((t) => 1_700_000_000_000 + t * 60_000) },
  fc.constantFrom(Number.NaN, Infinity, -Infinity),
);
/** A line: a message (ids repeat, times tie and go backwards) or an ack (of any id, before or after its message). */
const lineArb = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('message' as const), id: fc.constantFrom(...ID_POOL), from: fc.constantFrom('dash', 'dirk', SEAT), ts: time, re: fc.option(fc.constantFrom(...ID_POOL, ''), { nil: null }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('ack' as const), id: fc.constantFrom(...ID_POOL), ts: time }) },
);

describe('the inbox index', () => {
  it('equals the plain definition after any growth in slices, whenever readers ask', () => {
    fc.assert(
      fc.property(
        fc.array(lineArb, { maxLength: 80 }),
        fc.array(fc.integer({ min: 1, max: 30 }), { minLength: 1, maxLength: 10 }),
        fc.array(fc.boolean(), { minLength: 1, maxLength: 10 }),
        fc.boolean(),
        (lines, slices, reads, shuffledLines) => {
          const data: InboxData = { seat: SEAT, path: 'inbox/radar.jsonl' as FleetPath, messages: [], acks: [], problems: [], bytes: 0 };
          let next = 0;
          for (let step = 0; next < lines.length; step++) {
            // The next slice of the file, as the host reads it: its messages and acks pushed in order.
            const end = Math.min(lines.length, next + slices[step % slices.length]!);
            for (; next < end; next++) {
              const l = lines[next]!;
              // Line numbers in file order, or (as other sources may give them) in no particular order.
              const line = shuffledLines ? ((next * 37) % 101) + 1 : next + 1;
              if (l.kind === 'message') data.messages.push({ id: l.id, ts: l.ts, from: l.from, to: SEAT, type: 'INFORM', subject: '', re: l.re, entities: [], line, offset: next });
              else data.acks.push({ ack: l.id, ts: l.ts, by: SEAT, line });
            }
            if (reads[step % reads.length]) expect(indexed(inboxIndex(data), data.messages)).toEqual(plainIndex(data.messages, data.acks));
            else growInboxIndex(data);
          }
          expect(indexed(inboxIndex(data), data.messages)).toEqual(plainIndex(data.messages, data.acks));
        },
      ),
      { numRuns: 400 * RUNS },
    );
  });

  it('settles many out-of-order messages and late acks at once, as after a big inbox read in slices', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 1000 }), fc.boolean()), { minLength: 40, maxLength: 300 }), fc.integer({ min: 1, max: 5 }), (items, growths) => {
        const messages: InboxMessage[] = items.map(([t], i) => ({ id: `m${i}`, ts: t, from: i % 3 ? 'dash' : 'dirk', to: SEAT, type: 'INFORM', subject: '', re: null, entities: [], line: i + 1, offset: i }));
        // Acks of every other flagged message, after all messages: more than the splice limit per list.
        const acks: InboxAck[] = items.flatMap(([, acked], i) => (acked ? [{ ack: `m${i}`, ts: 0, by: SEAT, line: items.length + i + 1 }] : []));
        const data: InboxData = { seat: SEAT, path: 'inbox/radar.jsonl' as FleetPath, messages: [], acks: [], problems: [], bytes: 0 };
        for (let g = 1; g <= growths; g++) {
          data.messages.push(...messages.slice(data.messages.length, Math.ceil((messages.length * g) / growths)));
          growInboxIndex(data);
        }
        data.acks.push(...acks);
        growInboxIndex(data);
        expect(indexed(inboxIndex(data), data.messages)).toEqual(plainIndex(data.messages, data.acks));
      }),
      { numRuns: 200 * RUNS },
    );
  });
});
