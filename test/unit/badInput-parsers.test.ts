/**
 * Regression examples for what the property tests and the bad-input corpus found in the pure
 * parsers: each input here used to throw out of a parser or read as something it is not.
 */
import { describe, expect, it } from 'vitest';
import { derive } from '../../shared/derive';
import { isSeatId, seatIdProblem, type FleetPath } from '../../shared/ids';
import { parseFleetYaml } from '../../shared/parseFleet';
import { deriveSignals } from '../../shared/signals';
import { readStateContent } from '../../shared/stateTime';

const bomb = [
  'version: 1',
  'a: &a [x, x, x, x, x, x, x, x, x]',
  'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]',
  'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]',
  'd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]',
  'seats: { a: {} }',
  '',
].join('\n');

describe('fleet.yaml that used to throw', () => {
  it('an alias bomb is one error at its first alias, not an exception', () => {
    const parsed = parseFleetYaml(bomb);
    expect(parsed).toMatchObject({ ok: false, error: { file: 'fleet.yaml', line: 3, severity: 'error', message: expect.stringMatching(/alias bomb/) } });
  });

  it('an alias with no anchor is one error with its line', () => {
    const parsed = parseFleetYaml('version: 1\nseats:\n  a: *nope\n');
    expect(parsed).toMatchObject({ ok: false, error: { line: 3, column: 6, message: expect.stringMatching(/alias \*nope has no anchor/) } });
    expect(parseFleetYaml('*!')).toMatchObject({ ok: false, error: { line: 1 } });
  });

  it('deep nesting is reported as such, with a line', () => {
    const parsed = parseFleetYaml(`version: 1\nx: ${'['.repeat(20_000)}${']'.repeat(20_000)}\n`);
    expect(parsed).toMatchObject({ ok: false, error: { line: 2, message: expect.stringMatching(/nested too deeply/) } });
  });
});

describe('fleet.yaml read as what it is', () => {
  it('`seats: !!set` is reported as not a mapping (it read as no seats, silently)', () => {
    const parsed = parseFleetYaml('version: 1\nseats: !!set { a, b }\n');
    expect(parsed.ok && parsed.diagnostics).toEqual([expect.objectContaining({ line: 2, severity: 'error', message: '`seats` must be a mapping from seat id to seat' })]);
  });

  it('refuses Windows device names as seat ids, with the line and the reason', () => {
    for (const id of ['con', 'nul', 'aux', 'prn', 'com1', 'lpt1', 'lpt9']) {
      expect(isSeatId(id)).toBe(false);
      expect(seatIdProblem(id)).toMatch(/device name on Windows/);
    }
    expect(isSeatId('console')).toBe(true);
    expect(isSeatId('com10')).toBe(true);
    const parsed = parseFleetYaml('version: 1\nseats:\n  ok: {}\n  con: {}\n  nul: { kind: human }\n');
    if (!parsed.ok) throw new Error(parsed.error.message);
    expect(parsed.registry.seats.map((s) => s.id)).toEqual(['ok']);
    // At the id itself (line and column of the key), not at the seat's fields.
    expect(parsed.diagnostics.map((d) => [d.line, d.column, d.message])).toEqual([
      [4, 3, expect.stringMatching(/Seat id "con" is a device name on Windows/)],
      [5, 3, expect.stringMatching(/Seat id "nul" is a device name on Windows/)],
    ]);
  });
});

describe('state file times', () => {
  it('a time no Date can hold is no time (derive threw "Invalid time value" on it)', () => {
    const content = readStateContent('state/dash/a.json', '{"updatedAt": 1e20}');
    expect(content.time).toBeNull();
    expect(readStateContent('state/dash/b.md', '---\nupdated: -8640000000000001\n---\n').time).toBeNull();
    const now = Date.parse('2026-11-20T12:00:00Z');
    const snapshot = derive(
      {
        fleetKey: 'k', revision: 1, root: '/f', now, registry: null, registryDiagnostics: [], fleetError: null, fleetHash: null,
        inboxes: [], activity: [], fileDiagnostics: [], watcher: { status: 'watching', message: null, files: 0 },
        stateFiles: [{ path: 'state/dash/a.json' as FleetPath, seat: 'dash', time: content.time ?? now, timeSource: 'mtime', mtime: now, size: 20, hash: 'h', entities: null }],
      },
      deriveSignals,
    );
    expect(snapshot.stateFiles).toHaveLength(1);
  });

  it('reads updatedAt and front matter after a byte-order mark', () => {
    expect(readStateContent('state/dash/a.json', '\uFEFF{"updatedAt":"2026-11-20T06:00:00Z"}')).toMatchObject({ time: Date.parse('2026-11-20T06:00:00Z'), source: 'updatedAt' });
    expect(readStateContent('state/dash/a.md', '\uFEFF---\r\nupdated: 2026-11-20T06:00:00Z\r\n---\r\n')).toMatchObject({ time: Date.parse('2026-11-20T06:00:00Z'), source: 'front-matter' });
  });
});
