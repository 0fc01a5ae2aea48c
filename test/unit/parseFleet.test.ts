import { describe, expect, it } from 'vitest';
import { parseFleetYaml } from '../../shared/parseFleet';

const valid = `# comment
version: 1
name: Sneeze It
defaults:
  staleAfter: 12h
seats:
  radar:
    name: Radar
    kind: agent
    owner: david
    role: Chief of staff
    owns: [morning-briefing]
    writes:
      - path: state/radar/briefing.md
        staleAfter: 24h
    reads: [state/dash/anomalies.json]
  dash: { name: Dash, kind: agent, owner: david, owns: [ad-analytics], writes: [{ path: state/dash/anomalies.json }] }
  david: { name: David, kind: human, role: Founder }
handoffs:
  - from: dash
    to: radar
    via: state/dash/anomalies.json
    what: Overnight anomalies
rules:
  - winner: radar
    over: dash
    when: Always
`;

describe('parseFleetYaml', () => {
  it('reads seats, handoffs, rules and defaults', () => {
    const parsed = parseFleetYaml(valid);
    if (!parsed.ok) throw new Error(parsed.error.message);
    expect(parsed.diagnostics).toEqual([]);
    const { registry } = parsed;
    expect(registry.name).toBe('Sneeze It');
    expect(registry.defaults.staleAfterMs).toBe(12 * 3_600_000);
    expect(registry.defaults.backlogAfterMs).toBe(24 * 3_600_000);
    expect(registry.seats.map((s) => s.id)).toEqual(['dash', 'david', 'radar']);
    const radar = registry.seats.find((s) => s.id === 'radar')!;
    expect(radar).toMatchObject({ kind: 'agent', owner: 'david', owns: ['morning-briefing'], reads: ['state/dash/anomalies.json'], line: 8 });
    expect(radar.writes).toEqual([{ path: 'state/radar/briefing.md', staleAfterMs: 24 * 3_600_000, line: 14 }]);
    expect(registry.seats.find((s) => s.id === 'david')).toMatchObject({ kind: 'human', owner: null });
    expect(registry.handoffs).toEqual([
      expect.objectContaining({ id: 'dash->radar@state/dash/anomalies.json', from: 'dash', to: 'radar', what: 'Overnight anomalies', line: 20 }),
    ]);
    expect(registry.rules).toEqual([expect.objectContaining({ winner: 'radar', over: 'dash', when: 'Always', watchlist: null })]);
  });

  it.each([
    ['a YAML syntax error', 'version: 1\nseats:\n  radar: {name: x]\n  dash: {}\n', 3],
    ['a duplicate key', 'version: 1\nseats:\n  radar: {}\n  radar: {}\n', 4],
    ['a tab-indented block', 'version: 1\nseats:\n\tradar: {}\n', 3],
  ])('reports %s as one error with its line', (_name, text, line) => {
    const parsed = parseFleetYaml(text);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.error.file).toBe('fleet.yaml');
    expect(parsed.error.line).toBe(line);
    expect(parsed.error.column).toBeGreaterThan(0);
    expect(parsed.error.message).toMatch(/does not parse/);
  });

  it.each([
    ['an empty file', ''],
    ['a list at the top', '- a\n- b\n'],
    ['another format version', 'version: 2\nseats: {}\n'],
  ])('refuses %s', (_name, text) => {
    expect(parseFleetYaml(text).ok).toBe(false);
  });

  it('leaves out invalid seat ids and broken references, with lines, and keeps the rest', () => {
    const parsed = parseFleetYaml(`version: 1
seats:
  Bad Seat: { name: X }
  ok: { name: OK, kind: robot, owner: 7 }
  other: { name: Other }
handoffs:
  - { from: ok, to: ghost, via: inbox }
  - { from: ok, to: ok }
  - { from: ok, to: other, via: ../outside.json }
  - { from: ok, to: other }
  - { from: ok, to: other }
  - just a string
rules:
  - { winner: ok, over: nobody }
`);
    if (!parsed.ok) throw new Error(parsed.error.message);
    const { registry, diagnostics } = parsed;
    expect(registry.seats.map((s) => s.id)).toEqual(['ok', 'other']);
    expect(registry.seats[0]).toMatchObject({ kind: 'agent', owner: null });
    expect(registry.handoffs.map((h) => h.id)).toEqual(['ok->other@inbox']);
    expect(registry.rules).toEqual([]);
    const byLine = diagnostics.map((d) => [d.line, d.severity, d.message]);
    expect(byLine).toEqual(
      expect.arrayContaining([
        [3, 'error', expect.stringMatching(/Seat id "Bad Seat" is not valid/)],
        [4, 'warning', expect.stringMatching(/`kind` must be one of "agent", "human"/)],
        [4, 'warning', expect.stringMatching(/`owner`/)],
        [7, 'error', expect.stringMatching(/no such seat/)],
        [8, 'warning', expect.stringMatching(/to itself/)],
        [9, 'error', expect.stringMatching(/outside the fleet folder/)],
        [11, 'warning', expect.stringMatching(/repeats/)],
        [12, 'error', expect.stringMatching(/needs `from` and `to`/)],
        [14, 'error', expect.stringMatching(/over "nobody": no such seat/)],
      ]),
    );
  });

  it('warns about a bad duration and keeps the default', () => {
    const parsed = parseFleetYaml('version: 1\ndefaults:\n  staleAfter: soon\nseats: {}\n');
    if (!parsed.ok) throw new Error(parsed.error.message);
    expect(parsed.registry.defaults.staleAfterMs).toBe(18 * 3_600_000);
    expect(parsed.diagnostics[0]).toMatchObject({ line: 3, severity: 'warning' });
  });

  it('keeps retired seats with their history', () => {
    const parsed = parseFleetYaml(`version: 1
seats:
  jeff: { name: Jeff, status: retired, retiredAt: "2026-10-01", reason: Overlapped, successors: { domains: { data-integrity: dash } } }
`);
    if (!parsed.ok) throw new Error(parsed.error.message);
    expect(parsed.registry.seats[0]).toMatchObject({ status: 'retired', retiredAt: '2026-10-01', reason: 'Overlapped', successors: { domains: { 'data-integrity': 'dash' } } });
  });
});
