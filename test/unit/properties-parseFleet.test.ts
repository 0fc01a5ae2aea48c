/**
 * Property tests for fleet.yaml parsing (docs/fleet-format.md): no text makes the parser throw,
 * every problem names fleet.yaml and a line, and a randomly generated valid fleet, written as
 * YAML in several styles (block, flow, CRLF, a BOM, comments), reads back as the fleet it was.
 * fast-check prints the seed and the shrunk counterexample when a property fails.
 */
import fc from 'fast-check';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { isSeatId } from '../../shared/ids';
import { parseFleetYaml } from '../../shared/parseFleet';

/** Scale every property's run count (PROPERTY_RUNS_SCALE=20 for a long local hunt). */
const RUNS = Number(process.env.PROPERTY_RUNS_SCALE ?? 1);

/** Fragments that YAML parsers find hard: anchors, aliases, tags, flow, indentation, quotes. */
const yamlToken = fc.constantFrom(
  'version: 1', 'seats:', 'handoffs:', 'rules:', 'defaults:', 'name: x', '  a:', '    kind: human', '  - from: a',
  '    to: b', '- ', ': ', '? ', '[', ']', '{', '}', ',', '&a ', '*a', '&b [*a, *a, *a]', '!!str ', '!!binary ', '!!set ',
  '!!map ', '!!seq ', '!foo ', '<<: *a', '"', "'", '|', '>-', '#', '---', '...', '%YAML 1.2', '\t', '\r\n', '\n',
  '  ', '\uFEFF', 'constructor:', '__proto__:', 'toString:', 'con:', '~', 'null', '1e400', '0x1F', '.inf', '\u0000',
  'é', '😀', '\uD800',
);
const yamlText = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.array(fc.oneof(yamlToken, fc.string({ maxLength: 8 })), { maxLength: 60 }).map((parts) => parts.join('')),
  fc.array(fc.oneof(yamlToken, fc.string({ maxLength: 8 })), { maxLength: 30 }).map((parts) => parts.join('\n')),
);

describe('fleet.yaml parsing, random text', () => {
  it('never throws, and every problem names fleet.yaml with a line', () => {
    fc.assert(
      fc.property(yamlText, (text) => {
        const parsed = parseFleetYaml(text);
        const problems = parsed.ok ? parsed.diagnostics : [parsed.error];
        for (const d of problems) {
          expect(d.file).toBe('fleet.yaml');
          expect(d.message.length).toBeGreaterThan(0);
          if (d.line !== null) expect(d.line).toBeGreaterThanOrEqual(1);
        }
        if (parsed.ok) for (const seat of parsed.registry.seats) expect(isSeatId(seat.id)).toBe(true);
      }),
      { numRuns: 1500 * RUNS },
    );
  });
});

// ---- random valid fleets -------------------------------------------------------------------

const seatIdArb = fc.stringMatching(/^[a-z0-9][a-z0-9_-]{0,10}$/).filter((id) => isSeatId(id));
/** Free text that stays one plain line after trimming: no control characters. */
const textArb = fc.string({ minLength: 1, maxLength: 30 }).filter((s) => s.trim() !== '' && ![...s].some((c) => c.charCodeAt(0) < 32 || '\u007f\u0085\u2028\u2029\ufeff'.includes(c)));
const domainArb = fc.stringMatching(/^[a-z][a-z0-9-]{0,12}$/);
const durationArb = fc.tuple(fc.integer({ min: 1, max: 400 }), fc.constantFrom('m', 'h', 'd'));
const UNIT = { m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

interface FleetModel {
  name: string;
  seats: Array<{
    id: string;
    name: string;
    kind: 'agent' | 'human';
    owner: string | null;
    role: string;
    owns: string[];
    status: 'active' | 'retired';
    writes: string[];
    staleAfter: [number, 'm' | 'h' | 'd'] | null;
  }>;
  handoffs: Array<{ from: string; to: string; via: string; what: string }>;
  rules: Array<{ winner: string; over: string; when: string }>;
}

const fleetArb: fc.Arbitrary<FleetModel> = fc
  .uniqueArray(seatIdArb, { minLength: 1, maxLength: 7 })
  .chain((ids) =>
    fc.record({
      name: textArb,
      seats: fc.tuple(
        ...ids.map((id) =>
          fc.record({
            id: fc.constant(id),
            name: textArb,
            kind: fc.constantFrom('agent' as const, 'human' as const),
            owner: fc.option(fc.constantFrom(...ids), { nil: null }),
            role: fc.oneof(fc.constant(''), textArb),
            owns: fc.uniqueArray(domainArb, { maxLength: 3 }),
            status: fc.constantFrom('active' as const, 'active' as const, 'retired' as const),
            writes: fc.uniqueArray(fc.stringMatching(/^[a-z]{1,6}\.(json|md)$/), { maxLength: 2 }).map((files) => files.map((f) => `state/${id}/${f}`)),
            staleAfter: fc.option(durationArb, { nil: null }),
          }),
        ),
      ),
      handoffs: fc.uniqueArray(
        fc.record({ from: fc.constantFrom(...ids), to: fc.constantFrom(...ids), via: fc.constant('inbox'), what: textArb }),
        { maxLength: 6, selector: (h) => `${h.from}->${h.to}` },
      ),
      rules: fc.array(fc.record({ winner: fc.constantFrom(...ids), over: fc.constantFrom(...ids), when: textArb }), { maxLength: 3 }),
    }),
  )
  .map((fleet) => ({
    ...fleet,
    handoffs: fleet.handoffs.filter((h) => h.from !== h.to),
    rules: fleet.rules.filter((r) => r.winner !== r.over),
  }));

function toData(fleet: FleetModel): Record<string, unknown> {
  return {
    version: 1,
    name: fleet.name,
    seats: Object.fromEntries(
      fleet.seats.map((s) => [
        s.id,
        {
          name: s.name,
          kind: s.kind,
          ...(s.owner ? { owner: s.owner } : {}),
          ...(s.role ? { role: s.role } : {}),
          owns: s.owns,
          status: s.status,
          writes: s.writes.map((path) => ({ path })),
          ...(s.staleAfter ? { staleAfter: `${s.staleAfter[0]}${s.staleAfter[1]}` } : {}),
        },
      ]),
    ),
    handoffs: fleet.handoffs,
    rules: fleet.rules,
  };
}

/** The registry the parser must produce for a model (without line numbers). */
function expectedRegistry(fleet: FleetModel) {
  return {
    name: fleet.name.trim(),
    seats: [...fleet.seats]
      .sort((a, b) => (a.id < b.id ? -1 : 1))
      .map((s) => ({
        id: s.id,
        name: s.name.trim(),
        kind: s.kind,
        owner: s.owner,
        role: s.role.trim(),
        owns: s.owns,
        status: s.status,
        writes: s.writes,
        staleAfterMs: s.staleAfter ? s.staleAfter[0] * UNIT[s.staleAfter[1]] : null,
      })),
    handoffs: fleet.handoffs.map((h) => ({ from: h.from, to: h.to, via: h.via, what: h.what.trim() })),
    rules: fleet.rules.map((r) => ({ winner: r.winner, over: r.over, when: r.when.trim() })),
  };
}

function actualRegistry(text: string) {
  const parsed = parseFleetYaml(text);
  if (!parsed.ok) throw new Error(`did not parse: ${parsed.error.message}`);
  const r = parsed.registry;
  return {
    name: r.name,
    seats: r.seats.map((s) => ({
      id: s.id,
      name: s.name,
      kind: s.kind,
      owner: s.owner,
      role: s.role,
      owns: s.owns,
      status: s.status,
      writes: s.writes.map((w) => w.path),
      staleAfterMs: s.staleAfterMs,
    })),
    handoffs: r.handoffs.map((h) => ({ from: h.from, to: h.to, via: h.via, what: h.what })),
    rules: r.rules.map((x) => ({ winner: x.winner, over: x.over, when: x.when })),
  };
}

/** Ways of writing the same data that must not change what it means. */
const styleArb = fc.record({ crlf: fc.boolean(), bom: fc.boolean(), comments: fc.boolean(), indent: fc.constantFrom(2, 4) });
type Style = { crlf: boolean; bom: boolean; comments: boolean; indent: number };

function render(fleet: FleetModel, style: Style): string {
  let text = stringify(toData(fleet), { indent: style.indent, lineWidth: 0 });
  if (style.comments) text = `# fleet written by a property test\n${text.replace(/^(seats|handoffs|rules):/gm, '# the $1\n$1: # trailing')}`;
  if (style.crlf) text = text.replace(/\n/g, '\r\n');
  if (style.bom) text = `\uFEFF${text}`;
  return text;
}

/** All collections in flow style (`{ a: 1 }`, `[x]`), one line per top-level key. */
function renderFlow(fleet: FleetModel): string {
  const data = toData(fleet);
  return Object.entries(data)
    .map(([key, value]) => `${key}: ${JSON.stringify(value)}`)
    .join('\n');
}

describe('fleet.yaml parsing, random valid fleets', () => {
  it('reads a generated fleet back as the data it was generated from, whatever the style', () => {
    fc.assert(
      fc.property(fleetArb, styleArb, (fleet, style) => {
        const expected = expectedRegistry(fleet);
        expect(actualRegistry(render(fleet, style))).toEqual(expected);
        expect(actualRegistry(renderFlow(fleet))).toEqual(expected);
      }),
      { numRuns: 80 * RUNS },
    );
  });
});
