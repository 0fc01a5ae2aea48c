/**
 * PerInboxResults (shared/memo.ts): which inboxes are judged again. The property test
 * (properties-deriveMemo.test.ts) checks that derive's results equal a derive from scratch; these
 * count the judging itself, so "an append costs its own inbox" cannot quietly become "every inbox".
 */
import { describe, expect, it } from 'vitest';
import type { FleetPath } from '../../shared/ids';
import { inboxFrame, PerInboxResults, type InboxDeps } from '../../shared/memo';
import type { InboxData } from '../../shared/records';

function inbox(seat: string): InboxData {
  return { seat, path: `inbox/${seat}.jsonl` as FleetPath, messages: [], acks: [], problems: [], bytes: 0 };
}

function append(data: InboxData, from: string): void {
  data.messages.push({ id: `m${data.messages.length}`, ts: 0, from, to: data.seat, type: 'INFORM', subject: '', re: null, entities: [], line: data.messages.length + 1, offset: data.bytes });
  data.bytes += 10;
}

/** A judge that counts its calls: each inbox's message count, plus, for `a`, `b`'s (a result that reads another inbox). */
function counting(inboxes: () => InboxData[]) {
  const judged: string[] = [];
  const judge = (data: InboxData, deps: InboxDeps): number => {
    judged.push(data.seat);
    if (data.seat !== 'a') return data.messages.length;
    deps.seat('b');
    return data.messages.length + (inboxes().find((i) => i.seat === 'b')?.messages.length ?? 0);
  };
  return { judged, judge };
}

describe('PerInboxResults', () => {
  it('judges again only the inbox that moved and the results that read it', () => {
    const [a, b, c] = [inbox('a'), inbox('b'), inbox('c')];
    const list = [a, b, c];
    const { judged, judge } = counting(() => list);
    const results = new PerInboxResults<number>((x, y) => x === y);
    expect(results.run(inboxFrame([...list]), [], judge)).toEqual([0, 0, 0]);
    judged.length = 0;

    append(c, 'a');
    expect(results.run(inboxFrame([...list]), [], judge)).toEqual([0, 0, 1]);
    expect(judged).toEqual(['c']);
    judged.length = 0;

    append(b, 'c');
    expect(results.run(inboxFrame([...list]), [], judge)).toEqual([1, 1, 1]);
    expect(judged.sort()).toEqual(['a', 'b']);
    judged.length = 0;

    expect(results.run(inboxFrame([...list]), [], judge)).toEqual([1, 1, 1]);
    expect(judged).toEqual([]);
  });

  it('takes a result up for a new list only when its inbox and what it read are as they were', () => {
    const [a, b, c] = [inbox('a'), inbox('b'), inbox('c')];
    let list = [a, b, c];
    const { judged, judge } = counting(() => list);
    const results = new PerInboxResults<number>((x, y) => x === y);
    results.run(inboxFrame(list), [], judge);
    judged.length = 0;

    // A file added: nothing the others read moved, so only the new inbox is judged.
    const d = inbox('d');
    list = [a, b, c, d];
    expect(results.run(inboxFrame(list), [], judge)).toEqual([0, 0, 0, 0]);
    expect(judged).toEqual(['d']);
    judged.length = 0;
    // a was taken up, and still reads b in the new list.
    append(b, 'c');
    expect(results.run(inboxFrame(list), [], judge)).toEqual([1, 1, 0, 0]);
    expect(judged.sort()).toEqual(['a', 'b']);
    judged.length = 0;

    // b leaves the list and grows meanwhile; when it is back, it and a (which reads it) are judged.
    list = [a, c, d];
    expect(results.run(inboxFrame(list), [], judge)).toEqual([0, 0, 0]);
    expect(judged).toEqual(['a']);
    judged.length = 0;
    append(b, 'c');
    list = [a, b, c, d];
    expect(results.run(inboxFrame(list), [], judge)).toEqual([2, 2, 0, 0]);
    expect(judged.sort()).toEqual(['a', 'b']);
  });

  it('judges every inbox again when the globals move', () => {
    const list = [inbox('a'), inbox('b')];
    const { judged, judge } = counting(() => list);
    const results = new PerInboxResults<number>((x, y) => x === y);
    results.run(inboxFrame(list), [1], judge);
    judged.length = 0;
    results.run(inboxFrame(list), [2], judge);
    expect(judged.sort()).toEqual(['a', 'b']);
  });
});
