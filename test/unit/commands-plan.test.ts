/**
 * Golden tests for the fleet.yaml planner: over three commented fixtures
 * (test/fixtures/commands/*.yaml), each command changes exactly the lines listed (with their line
 * numbers, so a line in the wrong place fails), a no-op is byte-identical, each inverse undoes its
 * command, and every refusal comes back with its reason before anything is written.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { planCommand } from '../../shared/commands/plan';
import { parseFleetCommand, type FleetCommand } from '../../shared/commands/types';
import { parseFleetYaml } from '../../shared/parseFleet';
import { FIXTURES } from '../helpers/fleetDir';

const fixture = (name: string): string => readFileSync(join(FIXTURES, 'commands', `${name}.yaml`), 'utf8');

/** A line diff: `-<old line no>:text` and `+<new line no>:text`, in file order (LCS over lines). */
function lineDiff(before: string, after: string): string[] {
  const a = before.split('\n');
  const b = after.split('\n');
  const n = a.length;
  const m = b.length;
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    }
  }
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) {
      i++;
      j++;
    } else if (i < n && (j >= m || lcs[i + 1]![j]! >= lcs[i]![j + 1]!)) {
      out.push(`-${i + 1}:${a[i++]}`);
    } else {
      out.push(`+${j + 1}:${b[j++]}`);
    }
  }
  return out;
}

function applied(text: string, command: FleetCommand): string {
  const result = planCommand(text, command);
  if (!result.ok) throw new Error(`refused: ${result.refusal.message}`);
  return result.text;
}

/** The parts of the registry an edit can change, for comparing meaning. */
function meaning(text: string) {
  const parsed = parseFleetYaml(text);
  if (!parsed.ok) throw new Error(parsed.error.message);
  const { seats, handoffs, rules } = parsed.registry;
  return {
    seats: seats.map(({ line: _line, writes, ...seat }) => ({ ...seat, writes: writes.map(({ line: _l, ...w }) => w) })),
    handoffs: handoffs.map(({ line: _line, ...h }) => h),
    rules: rules.map(({ line: _line, ...r }) => r),
    diagnostics: parsed.diagnostics.map((d) => d.message),
  };
}

interface GoldenCase {
  fixture: 'agency' | 'compact' | 'studio';
  name: string;
  command: FleetCommand;
  diff: string[];
  /** What the inverse restores: the exact bytes, or the meaning only (a comment, quoting or layout of the old entry stays changed). */
  undo: 'bytes' | 'meaning';
}

const cases: GoldenCase[] = [
  {
    fixture: 'agency',
    name: "addHandoff appends one item",
    command: {"type":"addHandoff","from":"radar","to":"dirk","via":"inbox","what":"Briefing notes"},
    diff: [
      "+62:  - from: radar",
      "+63:    to: dirk",
      "+64:    via: inbox",
      "+65:    what: Briefing notes"
    ],
    undo: 'bytes',
  },
  {
    fixture: 'agency',
    name: "addHandoff at a position",
    command: {"type":"addHandoff","from":"dirk","to":"radar","via":"inbox","what":"Deals closed: today","at":1},
    diff: [
      "+52:  - from: dirk",
      "+53:    to: radar",
      "+54:    via: inbox",
      "+55:    what: \"Deals closed: today\""
    ],
    undo: 'bytes',
  },
  {
    fixture: 'agency',
    name: "updateHandoff what keeps single quotes",
    command: {"type":"updateHandoff","id":"pulse->dirk@inbox","changes":{"what":"Clients at risk"}},
    diff: [
      "-55:    what: 'Clients on the retention watch list'",
      "+55:    what: 'Clients at risk'"
    ],
    undo: 'bytes',
  },
  {
    fixture: 'agency',
    name: "updateHandoff via keeps the comment",
    command: {"type":"updateHandoff","id":"radar->david@state/radar/briefing.md","changes":{"via":"inbox"}},
    diff: [
      "-60:    via: state/radar/briefing.md",
      "+60:    via: inbox"
    ],
    undo: 'bytes',
  },
  {
    fixture: 'agency',
    name: "updateHandoff reverse swaps from and to",
    command: {"type":"updateHandoff","id":"pulse->dirk@inbox","changes":{"from":"dirk","to":"pulse"}},
    diff: [
      "-52:  - from: pulse",
      "-53:    to: dirk",
      "+52:  - from: dirk",
      "+53:    to: pulse"
    ],
    undo: 'bytes',
  },
  {
    fixture: 'agency',
    name: "removeHandoff removes its lines, unknown key included",
    command: {"type":"removeHandoff","id":"pulse->dirk@inbox"},
    diff: [
      "-52:  - from: pulse",
      "-53:    to: dirk",
      "-54:    via: inbox",
      "-55:    what: 'Clients on the retention watch list'",
      "-56:    priority: high                    # unknown key"
    ],
    undo: 'meaning',
  },
  {
    fixture: 'agency',
    name: "addRule appends",
    command: {"type":"addRule","winner":"radar","over":"dash","when":"The briefing is due"},
    diff: [
      "+68:  - winner: radar",
      "+69:    over: dash",
      "+70:    when: The briefing is due"
    ],
    undo: 'bytes',
  },
  {
    fixture: 'agency',
    name: "updateRule when that needs quoting",
    command: {"type":"updateRule","id":"pulse>dirk#0","changes":{"when":"true"}},
    diff: [
      "-66:    when: Client is on the retention watch list",
      "+66:    when: \"true\""
    ],
    undo: 'meaning',
  },
  {
    fixture: 'agency',
    name: "updateRule removes the watchlist",
    command: {"type":"updateRule","id":"pulse>dirk#0","changes":{"watchlist":null}},
    diff: [
      "-67:    watchlist: state/pulse/watchlist.json   # makes the rule checkable"
    ],
    undo: 'meaning',
  },
  {
    fixture: 'agency',
    name: "removeRule of the last rule leaves rules: []",
    command: {"type":"removeRule","id":"pulse>dirk#0"},
    diff: [
      "-63:rules:                                # conflict resolution, decided in advance",
      "-64:  - winner: pulse",
      "-65:    over: dirk",
      "-66:    when: Client is on the retention watch list",
      "-67:    watchlist: state/pulse/watchlist.json   # makes the rule checkable",
      "+63:rules: []                                # conflict resolution, decided in advance"
    ],
    undo: 'meaning',
  },
  {
    fixture: 'agency',
    name: "updateSeat name keeps the comment",
    command: {"type":"updateSeat","seat":"radar","changes":{"name":"Radar HQ"}},
    diff: [
      "-10:    name: Radar           # the chief of staff",
      "+10:    name: Radar HQ           # the chief of staff"
    ],
    undo: 'bytes',
  },
  {
    fixture: 'agency',
    name: "updateSeat name keeps single quotes",
    command: {"type":"updateSeat","seat":"pulse","changes":{"name":"Pulse 2"}},
    diff: [
      "-24:    name: 'Pulse'",
      "+24:    name: 'Pulse 2'"
    ],
    undo: 'bytes',
  },
  {
    fixture: 'agency',
    name: "updateSeat role inside a two-line flow map",
    command: {"type":"updateSeat","seat":"dash","changes":{"role":"Ad analytics"}},
    diff: [
      "-20:  dash: { name: Dash, kind: agent, owner: david, owns: [ad-analytics],",
      "+20:  dash: { name: Dash, kind: agent, owner: david, role: Ad analytics, owns: [ad-analytics],"
    ],
    undo: 'bytes',
  },
  {
    fixture: 'agency',
    name: "updateSeat removes owner from a flow map",
    command: {"type":"updateSeat","seat":"dash","changes":{"owner":null}},
    diff: [
      "-20:  dash: { name: Dash, kind: agent, owner: david, owns: [ad-analytics],",
      "+20:  dash: { name: Dash, kind: agent, owns: [ad-analytics],"
    ],
    undo: 'bytes',
  },
  {
    fixture: 'agency',
    name: "updateSeat owns appends to a flow list",
    command: {"type":"updateSeat","seat":"radar","changes":{"owns":["morning-briefing","weekly-digest"]}},
    diff: [
      "-14:    owns: [morning-briefing]          # one domain, one seat",
      "+14:    owns: [morning-briefing, weekly-digest]          # one domain, one seat"
    ],
    undo: 'bytes',
  },
  {
    fixture: 'agency',
    name: "updateSeat owns appends to a block list",
    command: {"type":"updateSeat","seat":"pulse","changes":{"owns":["retention","churn-risk","renewals"]}},
    diff: [
      "+30:      - renewals"
    ],
    undo: 'bytes',
  },
  {
    fixture: 'agency',
    name: "updateSeat owns drops an item of a block list",
    command: {"type":"updateSeat","seat":"pulse","changes":{"owns":["churn-risk"]}},
    diff: [
      "-28:      - retention         # the watch list"
    ],
    undo: 'meaning',
  },
  {
    fixture: 'agency',
    name: "updateSeat adds a key to a one-line flow map",
    command: {"type":"updateSeat","seat":"maria","changes":{"role":"Head of accounts"}},
    diff: [
      "-44:  maria: { name: Maria, kind: human }",
      "+44:  maria: { name: Maria, kind: human, role: Head of accounts }"
    ],
    undo: 'bytes',
  },
  {
    fixture: 'agency',
    name: "addSeat follows the neighbouring flow style",
    command: {"type":"addSeat","id":"echo","name":"Echo","kind":"agent","owner":"maria","role":"Listens: to calls"},
    diff: [
      "+45:  echo: { name: Echo, kind: agent, owner: maria, role: \"Listens: to calls\" }"
    ],
    undo: 'bytes',
  },
  {
    fixture: 'agency',
    name: "addSeat at a position in block style",
    command: {"type":"addSeat","id":"echo","name":"Echo","kind":"agent","at":1},
    diff: [
      "+20:  echo:",
      "+21:    name: Echo",
      "+22:    kind: agent"
    ],
    undo: 'bytes',
  },
  {
    fixture: 'compact',
    name: "addHandoff into a list at the key's column",
    command: {"type":"addHandoff","from":"lee","to":"bot","via":"inbox","what":"Approvals"},
    diff: [
      "+14:- from: lee",
      "+15:  to: bot",
      "+16:  via: inbox",
      "+17:  what: Approvals"
    ],
    undo: 'bytes',
  },
  {
    fixture: 'compact',
    name: "updateHandoff inside a flow item",
    command: {"type":"updateHandoff","id":"bot->ops@inbox","changes":{"what":"Refunds, chargebacks"}},
    diff: [
      "-13:- {from: bot, to: ops, via: inbox, what: Refund requests}",
      "+13:- {from: bot, to: ops, via: inbox, what: \"Refunds, chargebacks\"}"
    ],
    undo: 'meaning',
  },
  {
    fixture: 'compact',
    name: "removeHandoff of a flow item",
    command: {"type":"removeHandoff","id":"bot->ops@inbox"},
    diff: [
      "-13:- {from: bot, to: ops, via: inbox, what: Refund requests}"
    ],
    undo: 'meaning',
  },
  {
    fixture: 'compact',
    name: "addRule into an empty flow list",
    command: {"type":"addRule","winner":"ops","over":"bot","when":"Refund over 500","watchlist":"state/ops/ledger.json"},
    diff: [
      "-14:rules: []   # none yet",
      "+14:rules: [{ winner: ops, over: bot, when: Refund over 500, watchlist: state/ops/ledger.json }]   # none yet"
    ],
    undo: 'bytes',
  },
  {
    fixture: 'compact',
    name: "updateSeat in a one-line flow map keeps its comment",
    command: {"type":"updateSeat","seat":"bot","changes":{"name":"Bot #3","role":"Refunds"}},
    diff: [
      "-7:  bot: { name: \"Bot #2\", kind: agent, owner: lee }   # second bot",
      "+7:  bot: { name: \"Bot #3\", kind: agent, owner: lee, role: Refunds }   # second bot"
    ],
    undo: 'bytes',
  },
  {
    fixture: 'compact',
    name: "addSeat in flow style",
    command: {"type":"addSeat","id":"new-bot","name":"New","kind":"agent"},
    diff: [
      "+8:  new-bot: { name: New, kind: agent }"
    ],
    undo: 'bytes',
  },
  {
    fixture: 'studio',
    name: "addHandoff with four-space indents",
    command: {"type":"addHandoff","from":"editor","to":"ana","via":"state/editor/notes.md","what":"Notes for review"},
    diff: [
      "+37:    - from: editor",
      "+38:      to: ana",
      "+39:      via: state/editor/notes.md",
      "+40:      what: Notes for review"
    ],
    undo: 'bytes',
  },
  {
    fixture: 'studio',
    name: "updateHandoff keeps double quotes and comment",
    command: {"type":"updateHandoff","id":"writer->editor@state/writer/draft.md","changes":{"what":"Weekly draft v2"}},
    diff: [
      "-30:      what: \"Weekly draft\"   # the Friday draft",
      "+30:      what: \"Weekly draft v2\"   # the Friday draft"
    ],
    undo: 'bytes',
  },
  {
    fixture: 'studio',
    name: "removeHandoff keeps the comment above it",
    command: {"type":"removeHandoff","id":"editor->writer@inbox"},
    diff: [
      "-33:    - from: editor",
      "-34:      to: writer",
      "-35:      via: inbox",
      "-36:      what: Edit notes"
    ],
    undo: 'meaning',
  },
  {
    fixture: 'studio',
    name: "addRule creates rules: at the file's indent",
    command: {"type":"addRule","winner":"editor","over":"writer","when":"A draft is disputed"},
    diff: [
      "+38:rules:",
      "+39:    - winner: editor",
      "+40:      over: writer",
      "+41:      when: A draft is disputed"
    ],
    undo: 'meaning',
  },
  {
    fixture: 'studio',
    name: "updateSeat role in a block scalar changes one line",
    command: {"type":"updateSeat","seat":"writer","changes":{"role":"Drafts the newsletter.\nPublishes on Fridays.\n"}},
    diff: [
      "-11:            Never publishes.",
      "+11:            Publishes on Fridays."
    ],
    undo: 'bytes',
  },
  {
    fixture: 'studio',
    name: "updateSeat owner keeps double quotes",
    command: {"type":"updateSeat","seat":"writer","changes":{"owner":"bea"}},
    diff: [
      "-8:        owner: \"ana\"",
      "+8:        owner: \"bea\""
    ],
    undo: 'bytes',
  },
  {
    fixture: 'studio',
    name: "updateSeat adds fields in the seat's order",
    command: {"type":"updateSeat","seat":"editor","changes":{"role":"Edits","owns":["copy-edits"]}},
    diff: [
      "+19:        role: Edits",
      "+20:        owns: [copy-edits]"
    ],
    undo: 'bytes',
  },
  {
    fixture: 'studio',
    name: "addSeat in block style with the file's indent",
    command: {"type":"addSeat","id":"designer","name":"Designer","kind":"agent","owner":"ana"},
    diff: [
      "+25:    designer:",
      "+26:        name: Designer",
      "+27:        kind: agent",
      "+28:        owner: ana"
    ],
    undo: 'bytes',
  },
];

describe('planCommand golden files', () => {
  it.each(['agency', 'compact', 'studio'])('%s.yaml parses cleanly', (name) => {
    expect(meaning(fixture(name)).diagnostics).toEqual([]);
  });

  it.each(cases)('$fixture: $name', ({ fixture: name, command, diff, undo }) => {
    const before = fixture(name);
    const result = planCommand(before, command);
    if (!result.ok) throw new Error(`refused: ${result.refusal.message}`);
    expect(result.changed).toBe(true);
    expect(lineDiff(before, result.text)).toEqual(diff);
    // The edited file still reads without new problems.
    expect(meaning(result.text).diagnostics).toEqual([]);
    // Undo: the inverse brings back the same meaning (and, for updates and adds, the same bytes).
    const undone = applied(result.text, result.inverse);
    expect(meaning(undone)).toEqual(meaning(before));
    if (undo === 'bytes') expect(undone).toBe(before);
    else expect(undone).not.toBe(before); // keeps `undo` in the table honest
  });

  it('undo of an update restores the bytes when the style allowed the new value', () => {
    const before = fixture('agency');
    for (const command of [
      { type: 'updateSeat', seat: 'radar', changes: { name: 'Radar HQ', owns: ['morning-briefing', 'x'] } },
      { type: 'updateHandoff', id: 'pulse->dirk@inbox', changes: { from: 'dirk', to: 'pulse', what: 'Deals' } },
      { type: 'updateSeat', seat: 'dash', changes: { owner: null, role: 'Ads' } },
    ] as FleetCommand[]) {
      const result = planCommand(before, command);
      if (!result.ok) throw new Error(result.refusal.message);
      expect(applied(result.text, result.inverse)).toBe(before);
    }
  });

  it('removeHandoff then its inverse puts the handoff back at the same position', () => {
    const before = fixture('agency');
    const removed = planCommand(before, { type: 'removeHandoff', id: 'pulse->dirk@inbox' });
    if (!removed.ok) throw new Error(removed.refusal.message);
    expect(removed.inverse).toEqual({ type: 'addHandoff', from: 'pulse', to: 'dirk', via: 'inbox', what: 'Clients on the retention watch list', at: 1, restore: true });
    const restored = applied(removed.text, removed.inverse);
    // Everything comes back except the unknown key of the removed entry (kept in .seatmap/history/).
    expect(lineDiff(before, restored)).toEqual(["-55:    what: 'Clients on the retention watch list'", '-56:    priority: high                    # unknown key', '+55:    what: Clients on the retention watch list']);
  });

  it('addSeat then removeSeat is byte-identical', () => {
    for (const name of ['agency', 'compact', 'studio']) {
      const before = fixture(name);
      const added = planCommand(before, { type: 'addSeat', id: 'echo', name: 'Echo', kind: 'agent', owner: 'x', role: 'Listens' });
      if (!added.ok) throw new Error(added.refusal.message);
      expect(added.inverse).toEqual({ type: 'removeSeat', seat: 'echo' });
      expect(applied(added.text, added.inverse)).toBe(before);
    }
  });

  it('keeps CRLF line endings', () => {
    const before = fixture('studio').replace(/\n/g, '\r\n');
    const after = applied(before, { type: 'addHandoff', from: 'editor', to: 'ana', via: 'inbox', what: 'Notes' });
    expect(after.startsWith(before.slice(0, before.indexOf('# no rules yet')))).toBe(true);
    expect(after.replace(/\r\n/g, '')).not.toContain('\n');
  });
});

describe('planCommand no-ops are byte-identical', () => {
  const noOps: Array<[string, FleetCommand]> = [
    ['agency', { type: 'updateSeat', seat: 'radar', changes: { name: 'Radar', owns: ['morning-briefing'], notOwns: ['ad-analytics'] } }],
    ['agency', { type: 'updateSeat', seat: 'maria', changes: { owner: null, role: null } }],
    ['agency', { type: 'updateHandoff', id: 'pulse->dirk@inbox', changes: { what: 'Clients on the retention watch list', via: 'inbox' } }],
    ['agency', { type: 'updateRule', id: 'pulse>dirk#0', changes: { winner: 'pulse', watchlist: 'state/pulse/watchlist.json' } }],
    ['compact', { type: 'updateSeat', seat: 'bot', changes: { name: 'Bot #2' } }],
    ['compact', { type: 'updateHandoff', id: 'bot->ops@inbox', changes: { from: 'bot', to: 'ops' } }],
    ['studio', { type: 'updateSeat', seat: 'writer', changes: { role: 'Drafts the newsletter.\nNever publishes.\n', owner: 'ana' } }],
  ];
  it.each(noOps)('%s: %j', (name, command) => {
    const before = fixture(name);
    const result = planCommand(before, command);
    expect(result).toMatchObject({ ok: true, changed: false });
    if (result.ok) expect(result.text).toBe(before);
  });
});

describe('planCommand refusals', () => {
  const refusals: Array<[string, FleetCommand, 'invalid' | 'conflict', RegExp]> = [
    ['self-loop', { type: 'addHandoff', from: 'dash', to: 'dash', via: 'inbox', what: 'x' }, 'invalid', /from and to are both dash/],
    ['duplicate handoff', { type: 'addHandoff', from: 'pulse', to: 'dirk', via: 'inbox', what: 'again' }, 'invalid', /pulse → dirk via inbox already exists/],
    ['unknown seat', { type: 'addHandoff', from: 'dash', to: 'ghost', via: 'inbox', what: 'x' }, 'invalid', /no seat ghost/],
    ['invalid seat id', { type: 'addHandoff', from: 'dash', to: 'Radar!', via: 'inbox', what: 'x' }, 'invalid', /"Radar!" is not a valid seat id/],
    ['retired seat', { type: 'addHandoff', from: 'dash', to: 'scout', via: 'inbox', what: 'x' }, 'invalid', /scout is retired/],
    ['via the sender does not write', { type: 'addHandoff', from: 'dash', to: 'radar', via: 'state/radar/briefing.md', what: 'x' }, 'invalid', /dash does not write state\/radar\/briefing.md; .*inbox, state\/dash\/anomalies.json/],
    ['via outside the fleet', { type: 'addHandoff', from: 'dash', to: 'radar', via: '../secrets.json', what: 'x' }, 'invalid', /not a path inside the fleet folder/],
    ['reversing onto a via the new sender does not write', { type: 'updateHandoff', id: 'dash->radar@state/dash/anomalies.json', changes: { from: 'radar', to: 'dash' } }, 'invalid', /radar does not write state\/dash\/anomalies.json/],
    ['update into a duplicate', { type: 'updateHandoff', id: 'radar->david@state/radar/briefing.md', changes: { from: 'pulse', to: 'dirk', via: 'inbox' } }, 'invalid', /already exists/],
    ['handoff that no longer exists', { type: 'updateHandoff', id: 'dash->dirk@inbox', changes: { what: 'x' } }, 'conflict', /no longer in fleet.yaml/],
    ['removing a handoff that no longer exists', { type: 'removeHandoff', id: 'dash->dirk@inbox' }, 'conflict', /no longer in fleet.yaml/],
    ['rule self-loop', { type: 'addRule', winner: 'pulse', over: 'pulse', when: 'x' }, 'invalid', /winner and over are both pulse/],
    ['duplicate rule', { type: 'addRule', winner: 'pulse', over: 'dirk', when: 'Client is on the retention watch list' }, 'invalid', /already exists/],
    ['rule with an unknown seat', { type: 'addRule', winner: 'pulse', over: 'nobody', when: 'x' }, 'invalid', /no seat nobody/],
    ['rule without when', { type: 'addRule', winner: 'pulse', over: 'dash', when: '  ' }, 'invalid', /needs a `when`/],
    ['rule that no longer exists', { type: 'updateRule', id: 'pulse>dirk#3', changes: { when: 'x' } }, 'conflict', /no longer in fleet.yaml/],
    ['removing a rule that no longer exists', { type: 'removeRule', id: 'dash>dirk#0' }, 'conflict', /no longer in fleet.yaml/],
    ['seat that no longer exists', { type: 'updateSeat', seat: 'ghost', changes: { name: 'G' } }, 'conflict', /no seat ghost/],
    ['empty seat name', { type: 'updateSeat', seat: 'radar', changes: { name: '  ' } }, 'invalid', /needs a name/],
    ['duplicate seat', { type: 'addSeat', id: 'dash', name: 'Dash 2', kind: 'agent' }, 'invalid', /seat dash already exists/],
    ['invalid new seat id', { type: 'addSeat', id: 'New Seat', name: 'N', kind: 'agent' }, 'invalid', /"New Seat" is not a valid seat id/],
    ['seat id that is a path', { type: 'addSeat', id: '../etc', name: 'N', kind: 'agent' }, 'invalid', /not a valid seat id/],
    ['removing a seat in use', { type: 'removeSeat', seat: 'dash' }, 'invalid', /still referred to by handoff dash → radar/],
  ];
  it.each(refusals)('%s', (_name, command, code, message) => {
    const result = planCommand(fixture('agency'), command);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.refusal.code).toBe(code);
      expect(result.refusal.message).toMatch(message);
    }
  });

  it('refuses a fleet.yaml that does not parse, with its line', () => {
    const broken = fixture('agency').replace('    kind: agent\n    owner: maria\n    role: "Sales', '    kind: agent\n   owner: [maria\n    role: "Sales');
    const result = planCommand(broken, { type: 'updateSeat', seat: 'radar', changes: { name: 'R' } });
    expect(result).toMatchObject({ ok: false, refusal: { code: 'broken-file' } });
    if (!result.ok) {
      expect(result.refusal.line).toBeGreaterThan(30);
      expect(result.refusal.message).toMatch(new RegExp(`line ${result.refusal.line}`));
    }
  });

  it('refuses an edit it cannot make without disturbing the rest (an aliased value)', () => {
    const text = 'version: 1\nseats:\n  a: { name: &n Alpha, kind: agent }\n  b: { name: *n, kind: agent }\n';
    const result = planCommand(text, { type: 'updateSeat', seat: 'a', changes: { name: 'Beta' } });
    // Either the alias follows (same meaning for b) or the edit is refused; b never silently changes.
    if (result.ok) expect(meaning(result.text).seats.find((s) => s.id === 'b')?.name).toBe('Alpha');
    else expect(result.refusal.message).toMatch(/cannot make this edit safely/);
  });
});

describe('fleetCommandSchema at the API boundary', () => {
  it('accepts every command kind and rejects unknown shapes', () => {
    for (const { command } of cases) expect(parseFleetCommand(command).ok).toBe(true);
    expect(parseFleetCommand({ type: 'dropTable' }).ok).toBe(false);
    expect(parseFleetCommand({ type: 'addHandoff', from: 'a', to: 'b', via: 'inbox' })).toMatchObject({ ok: false, message: expect.stringMatching(/what/) });
    expect(parseFleetCommand({ type: 'addHandoff', from: 'a', to: 'b', via: 'inbox', what: 'x', extra: 1 }).ok).toBe(false);
    expect(parseFleetCommand({ type: 'addHandoff', from: 'a', to: 'b', via: 'inbox', what: 'two\nlines' }).ok).toBe(false);
    expect(parseFleetCommand({ type: 'updateSeat', seat: 'a', changes: { role: 'two\nlines', owner: null } }).ok).toBe(true);
  });
});
