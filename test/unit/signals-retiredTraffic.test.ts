import { describe, expect, it } from 'vitest';
import { D, H, NOW, inbox, input, msg, only, registry, retired, seat, signalsOf } from './signals-fixtures';

// retired() sets retiredAt 2026-11-01; NOW is 2026-11-20.
const ledger = { ...retired(seat('ledger')), successors: { domains: { billing: 'echo' }, inbox: 'echo' } };
const seats = [ledger, seat('echo'), seat('tally'), seat('dirk')];

describe('retired-traffic', () => {
  it('names each seat still sending to a retired seat, with the count and the successor', () => {
    const i = input({
      registry: registry({ seats }),
      inboxes: [inbox('ledger', [msg('tally', 'ledger', 'a', NOW - 2 * D, { line: 1 }), msg('tally', 'ledger', 'b', NOW - 3 * H, { line: 2 }), msg('dirk', 'ledger', 'c', NOW - D, { line: 3 })])],
    });
    const s = only('retired-traffic', { ...i, inboxes: i.inboxes.map((x) => ({ ...x, messages: x.messages.filter((m) => m.from === 'tally') })) });
    expect(s).toMatchObject({ id: 'retired-traffic:ledger:tally', severity: 'warning', seats: ['tally', 'ledger', 'echo'], files: ['inbox/ledger.jsonl'], numbers: { count: 2, line: 2 } });
    expect(s.message).toBe('Tally still sends to Ledger, a retired seat: 2 messages since it was retired, forwarded to Echo');
    expect(s.hint).toBe("Point Tally at Echo's inbox (inbox/echo.jsonl) instead of inbox/ledger.jsonl");
    expect(signalsOf('retired-traffic', i).map((x) => x.id)).toEqual(['retired-traffic:ledger:dirk', 'retired-traffic:ledger:tally']);
  });

  it('ignores traffic from before the retire, older than quietAfter, and to active seats', () => {
    const i = input({
      registry: registry({ seats }),
      inboxes: [
        inbox('ledger', [msg('tally', 'ledger', 'old', Date.parse('2026-10-30T00:00:00Z'))]),
        inbox('echo', [msg('tally', 'echo', 'fine', NOW - H)]),
      ],
    });
    expect(signalsOf('retired-traffic', i)).toEqual([]);
  });
});
