import { describe, expect, it } from 'vitest';
import { MAX_LINE_BYTES, parseActivityLine, parseInboxLine } from '../../shared/inboxLine';

describe('parseInboxLine', () => {
  it('reads a message line', () => {
    const line = '{"id":"m-8f2c","ts":"2026-11-20T06:10:03Z","from":"dash","to":"radar","type":"INFORM","subject":"CPA spike","body":"x","re":"m-77aa","entities":["client:acme"]}';
    expect(parseInboxLine(line, 3, 120)).toEqual({
      kind: 'message',
      message: { id: 'm-8f2c', ts: Date.parse('2026-11-20T06:10:03Z'), from: 'dash', to: 'radar', type: 'INFORM', subject: 'CPA spike', re: 'm-77aa', entities: ['client:acme'], line: 3, offset: 120 },
    });
  });

  it('reads an ack line', () => {
    expect(parseInboxLine('{"ack":"m-8f2c","ts":"2026-11-20T07:02:00Z","by":"radar"}', 4, 0)).toEqual({
      kind: 'ack',
      ack: { ack: 'm-8f2c', ts: Date.parse('2026-11-20T07:02:00Z'), by: 'radar', line: 4 },
    });
  });

  it('keeps unknown types and a bad time as they are', () => {
    const result = parseInboxLine('{"id":"a","from":"x","type":"ESCALATE","ts":"yesterday"}', 1, 0);
    expect(result.kind).toBe('message');
    if (result.kind !== 'message') return;
    expect(result.message.type).toBe('ESCALATE');
    expect(result.message.ts).toBeNaN();
  });

  it.each([
    ['half-written JSON', '{"id":"m-1","from":"da', /not valid JSON/],
    ['an array', '[1,2]', /not a JSON object/],
    ['a string', '"hello"', /not a JSON object/],
    ['binary bytes', 'abc\u0000\u0001def', /binary/],
    ['a message without from', '{"id":"m-1"}', /message line is not valid/],
    ['entities that are not strings', '{"id":"m-1","from":"a","entities":[1]}', /entities/],
    ['an ack without an id', '{"ack":""}', /ack line is not valid/],
  ])('reports %s as a problem', (_name, text, pattern) => {
    const result = parseInboxLine(text, 1, 0);
    expect(result.kind).toBe('problem');
    if (result.kind === 'problem') expect(result.problem).toMatch(pattern);
  });

  it('skips a line over the size limit without parsing it', () => {
    const result = parseInboxLine('{}', 1, 0, MAX_LINE_BYTES + 1);
    expect(result).toEqual({ kind: 'problem', problem: expect.stringMatching(/lines over 1 MB are skipped/) });
  });

  it('treats blank lines as nothing', () => {
    expect(parseInboxLine('   ', 1, 0)).toEqual({ kind: 'blank' });
  });
});

describe('parseActivityLine', () => {
  it('reads a touch and refuses a bad time', () => {
    expect(parseActivityLine('{"ts":"2026-11-19T15:00:00Z","entity":"client:acme","action":"sent"}', 'dirk', 2)).toEqual({
      seat: 'dirk', ts: Date.parse('2026-11-19T15:00:00Z'), entity: 'client:acme', action: 'sent', line: 2,
    });
    expect(parseActivityLine('{"ts":"nope","entity":"client:acme"}', 'dirk', 2)).toEqual({ problem: expect.stringMatching(/not an ISO time/) });
    expect(parseActivityLine('', 'dirk', 2)).toBeNull();
  });
});
