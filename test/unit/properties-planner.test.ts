/**
 * Property test for the fleet.yaml planner (shared/commands/plan.ts): a random command on a random
 * commented fleet.yaml is either refused with a reason, or gives a text that parses, means exactly
 * the old fleet with the command applied (checked against a model written here, not the planner's
 * own check), keeps every comment that is not on a removed entry's lines, and is undone by the
 * command's inverse.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planCommand } from '../../shared/commands/plan';
import { parseFleetCommand, type FleetCommand } from '../../shared/commands/types';
import { handoffId, toFleetPath } from '../../shared/ids';
import { parseFleetYaml } from '../../shared/parseFleet';
import { ruleId } from '../../shared/registry';

/** Scale every property's run count (PROPERTY_RUNS_SCALE=20 for a long local hunt). */
const RUNS = Number(process.env.PROPERTY_RUNS_SCALE ?? 1);

interface Seat {
  id: string;
  name: string;
  kind: 'agent' | 'human';
  owner: string | null;
  role: string;
  owns: string[];
  writes: string[];
  retired: boolean;
  flow: boolean;
  blockOwns: boolean;
}
interface Handoff {
  from: string;
  to: string;
  via: string;
  what: string;
  flow: boolean;
}
interface Rule {
  winner: string;
  over: string;
  when: string;
  watchlist: string | null;
  flow: boolean;
}
interface Model {
  seats: Seat[];
  handoffs: Handoff[];
  rules: Rule[];
  crlf: boolean;
  flowLists: boolean;
}

const ID_POOL = ['dash', 'radar', 'pulse', 'david', 'dirk', 'a1', 'b-2'];
const wordArb = fc.stringMatching(/^[A-Za-z][A-Za-z0-9 ,.'-]{0,14}$/).map((s) => s.trim()).filter((s) => s !== '' && !/[:#,]\s|\s#|:$/.test(s));
/** Free text as a user might type it: quotes, colons, hashes, unicode, leading/trailing spaces. */
const freeTextArb = fc.oneof(
  wordArb,
  fc.constantFrom('yes', 'null', '123', 'a: b', '# not a comment', ' padded ', "it's", '"quoted"', '- dash', '[x]', '{y}', 'émoji 😀', '*alias', '&anchor', '!tag', '@at', '`tick`', '%pct', '>', '|'),
  fc.string({ maxLength: 12 }).filter((s) => ![...s].some((c) => c.charCodeAt(0) < 32 || c.charCodeAt(0) === 127)),
);

const modelArb: fc.Arbitrary<Model> = fc.uniqueArray(fc.constantFrom(...ID_POOL), { minLength: 2, maxLength: 6 }).chain((ids) =>
  fc
    .record({
      seats: fc.tuple(
        ...ids.map((id) =>
          fc.record({
            id: fc.constant(id),
            name: wordArb,
            kind: fc.constantFrom('agent' as const, 'human' as const),
            owner: fc.option(fc.constantFrom(...ids), { nil: null }),
            role: fc.oneof(fc.constant(''), wordArb),
            owns: fc.uniqueArray(fc.constantFrom('ads', 'crm', 'seo', 'billing'), { maxLength: 3 }),
            writes: fc.uniqueArray(fc.constantFrom('a.json', 'b.md'), { maxLength: 2 }).map((fs) => fs.map((f) => `state/${id}/${f}`)),
            retired: fc.boolean(),
            flow: fc.boolean(),
            blockOwns: fc.boolean(),
          }),
        ),
      ),
      // A via in the sender's own state folder that its `writes` do not list: valid, with a warning.
      handoffs: fc.array(fc.record({ from: fc.constantFrom(...ids), to: fc.constantFrom(...ids), via: fc.constantFrom('inbox', 'inbox', 'own'), what: wordArb, flow: fc.boolean() }), { maxLength: 4 }),
      rules: fc.array(fc.record({ winner: fc.constantFrom(...ids), over: fc.constantFrom(...ids), when: wordArb, watchlist: fc.option(fc.constant('state/x/w.json'), { nil: null }), flow: fc.boolean() }), { maxLength: 3 }),
      crlf: fc.boolean(),
      flowLists: fc.boolean(),
    })
    .map((m) => {
      const seen = new Set<string>();
      const handoffs = m.handoffs.map((h) => ({ ...h, via: h.via === 'own' ? `state/${h.from}/c.json` : h.via })).filter((h) => {
        const key = `${h.from}->${h.to}`;
        if (h.from === h.to || seen.has(key)) return false;
        seen.add(key);
        return true;
      });
      const rules = m.rules.filter((r, i) => r.winner !== r.over && m.rules.findIndex((o) => o.winner === r.winner && o.over === r.over && o.when === r.when) === i);
      return { ...m, handoffs, rules };
    }),
);

/** Renders the model as commented YAML; every comment is a unique `# cN`, and `owned` maps each to the entry whose lines carry it. */
function render(model: Model): { text: string; owned: Map<string, string> } {
  let n = 0;
  const owned = new Map<string, string>();
  const c = (owner = '') => {
    const token = `c${++n}`;
    owned.set(token, owner);
    return `# ${token}`;
  };
  const q = (s: string) => JSON.stringify(s);
  const lines: string[] = [c(), 'version: 1', `name: Test fleet ${c()}`, `seats: ${c()}`];
  for (const s of model.seats) {
    const key = `seat:${s.id}`;
    lines.push(`  ${c()}`);
    const fields: Array<[string, string]> = [['name', q(s.name)], ['kind', s.kind]];
    if (s.owner) fields.push(['owner', s.owner]);
    if (s.role) fields.push(['role', q(s.role)]);
    if (s.retired) fields.push(['status', 'retired']);
    if (s.flow) {
      const all = [...fields, ['owns', `[${s.owns.join(', ')}]`], ['writes', `[${s.writes.join(', ')}]`]];
      lines.push(`  ${s.id}: { ${all.map(([k, v]) => `${k}: ${v}`).join(', ')} } ${c(key)}`);
      continue;
    }
    lines.push(`  ${s.id}: ${c(key)}`);
    for (const [k, v] of fields) lines.push(`    ${k}: ${v} ${c(`${key}/${k}`)}`);
    if (s.blockOwns && s.owns.length) {
      lines.push(`    owns: ${c(`${key}/owns`)}`);
      for (const o of s.owns) lines.push(`      - ${o} ${c(`${key}/owns/${o}`)}`);
    } else lines.push(`    owns: [${s.owns.join(', ')}] ${c(`${key}/owns`)}`);
    if (s.writes.length) lines.push(`    writes: [${s.writes.join(', ')}]`);
  }
  const list = (name: string, entries: Array<{ flow: boolean; fields: Array<[string, string]>; key: string }>) => {
    if (entries.length === 0) {
      lines.push(`${name}: [] ${c()}`);
      return;
    }
    lines.push(`${name}: ${c()}`);
    if (model.flowLists) {
      lines.push(`  [${entries.map((e) => `{ ${e.fields.map(([k, v]) => `${k}: ${v}`).join(', ')} }`).join(', ')}]`);
      return;
    }
    for (const e of entries) {
      lines.push(`  ${c()}`);
      if (e.flow) lines.push(`  - { ${e.fields.map(([k, v]) => `${k}: ${v}`).join(', ')} } ${c(e.key)}`);
      else e.fields.forEach(([k, v], i) => lines.push(`${i === 0 ? '  - ' : '    '}${k}: ${v} ${c(`${e.key}/${k}`)}`));
    }
  };
  list('handoffs', model.handoffs.map((h, i) => ({ flow: h.flow, key: `handoffs:${i}`, fields: [['from', h.from], ['to', h.to], ['via', h.via], ['what', q(h.what)]] })));
  list('rules', model.rules.map((r, i) => ({ flow: r.flow, key: `rules:${i}`, fields: [['winner', r.winner], ['over', r.over], ['when', q(r.when)], ...(r.watchlist ? [['watchlist', r.watchlist] as [string, string]] : [])] })));
  lines.push(c(), '');
  const text = lines.join('\n');
  return { text: model.crlf ? text.replace(/\n/g, '\r\n') : text, owned };
}

function commandArb(model: Model): fc.Arbitrary<unknown> {
  const ids = model.seats.map((s) => s.id);
  const seatRef = fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...ids) }, { weight: 1, arbitrary: fc.constantFrom('nobody', 'con', 'Bad Id', '') });
  const writes = model.seats.flatMap((s) => s.writes);
  const via = fc.oneof(fc.constant('inbox'), fc.constantFrom('inbox', ' inbox ', 'state/../x', '/etc/passwd', ...writes));
  const hIds = model.handoffs.map((h) => handoffId(h.from, h.to, h.via));
  const rIds = model.rules.map((r, i) => ruleId(r.winner, r.over, i));
  const handoffRef = hIds.length ? fc.oneof(fc.constantFrom(...hIds), fc.constant('x->y@inbox')) : fc.constant('x->y@inbox');
  const ruleRef = rIds.length ? fc.oneof(fc.constantFrom(...rIds), fc.constant('x>y#0')) : fc.constant('x>y#0');
  const at = fc.option(fc.integer({ min: 0, max: 6 }), { nil: undefined });
  const domains = fc.oneof(fc.constant(null), fc.array(fc.oneof(fc.constantFrom('ads', 'crm', 'new', ' sp '), wordArb), { maxLength: 4 }));
  const strip = <T extends Record<string, unknown>>(o: T) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
  return fc.oneof(
    fc.record({ type: fc.constant('addHandoff'), from: seatRef, to: seatRef, via, what: freeTextArb, at }).map(strip),
    fc.record({ type: fc.constant('updateHandoff'), id: handoffRef, changes: fc.record({ from: seatRef, to: seatRef, via, what: freeTextArb }, { requiredKeys: [] }) }),
    fc.record({ type: fc.constant('removeHandoff'), id: handoffRef }),
    fc.record({ type: fc.constant('addRule'), winner: seatRef, over: seatRef, when: freeTextArb, watchlist: fc.option(fc.constantFrom('state/pulse/w.json', '../x'), { nil: undefined }), at }).map(strip),
    fc.record({ type: fc.constant('updateRule'), id: ruleRef, changes: fc.record({ winner: seatRef, over: seatRef, when: freeTextArb, watchlist: fc.option(fc.constantFrom('state/pulse/w.json', 'state/x/w.json'), { nil: null }) }, { requiredKeys: [] }) }),
    fc.record({ type: fc.constant('removeRule'), id: ruleRef }),
    fc.record({
      type: fc.constant('updateSeat'),
      seat: seatRef,
      changes: fc.record({ name: fc.option(freeTextArb, { nil: null }), owner: fc.option(freeTextArb, { nil: null }), role: fc.option(freeTextArb, { nil: null }), owns: domains, notOwns: domains }, { requiredKeys: [] }),
    }),
    fc.record({ type: fc.constant('addSeat'), id: fc.oneof(fc.constantFrom('newbie', 'zed', 'con', 'nul', 'Bad'), fc.constantFrom(...ids)), name: freeTextArb, kind: fc.constantFrom('agent', 'human'), owner: fc.option(freeTextArb, { nil: undefined }), role: fc.option(freeTextArb, { nil: undefined }), at }).map(strip),
    fc.record({ type: fc.constant('removeSeat'), seat: seatRef }),
  );
}

interface Meaning {
  name: string;
  seats: Array<{ id: string; name: string; kind: string; owner: string | null; role: string; owns: string[]; notOwns: string[]; writes: string[]; status: string }>;
  handoffs: Array<{ from: string; to: string; via: string; what: string }>;
  rules: Array<{ winner: string; over: string; when: string; watchlist: string | null }>;
}

/** What the registry says, without line numbers: the meaning an edit may change. */
function meaning(text: string): Meaning {
  const parsed = parseFleetYaml(text);
  if (!parsed.ok) throw new Error(`does not parse: ${parsed.error.message}\n${text}`);
  const r = parsed.registry;
  return {
    name: r.name,
    seats: r.seats.map((s) => ({ id: s.id, name: s.name, kind: s.kind, owner: s.owner, role: s.role, owns: s.owns, notOwns: s.notOwns, writes: s.writes.map((w) => w.path), status: s.status })),
    handoffs: r.handoffs.map((h) => ({ from: h.from, to: h.to, via: h.via, what: h.what })),
    rules: r.rules.map((x) => ({ winner: x.winner, over: x.over, when: x.when, watchlist: x.watchlist })),
  };
}

/** The model's answer: the meaning after `command`, given that the planner accepted it. */
function applyModel(before: Meaning, command: FleetCommand): Meaning {
  const m: Meaning = structuredClone(before);
  const unique = (values: string[]) => [...new Set(values.map((v) => v.trim()).filter(Boolean))];
  switch (command.type) {
    case 'addHandoff':
      m.handoffs.splice(Math.min(command.at ?? m.handoffs.length, m.handoffs.length), 0, { from: command.from, to: command.to, via: command.via.trim(), what: command.what.trim() });
      break;
    case 'removeHandoff':
      m.handoffs = m.handoffs.filter((h) => handoffId(h.from, h.to, h.via) !== command.id);
      break;
    case 'updateHandoff': {
      const h = m.handoffs.find((x) => handoffId(x.from, x.to, x.via) === command.id)!;
      const c = command.changes;
      Object.assign(h, strip({ from: c.from, to: c.to, via: c.via?.trim(), what: c.what?.trim() }));
      break;
    }
    case 'addRule':
      m.rules.splice(Math.min(command.at ?? m.rules.length, m.rules.length), 0, { winner: command.winner, over: command.over, when: command.when.trim(), watchlist: command.watchlist?.trim() ? toFleetPath(command.watchlist.trim()) : null });
      break;
    case 'removeRule':
      m.rules = m.rules.filter((r, i) => ruleId(r.winner, r.over, i) !== command.id);
      break;
    case 'updateRule': {
      const r = m.rules.find((x, i) => ruleId(x.winner, x.over, i) === command.id)!;
      const c = command.changes;
      Object.assign(r, strip({ winner: c.winner, over: c.over, when: c.when?.trim() }));
      if (c.watchlist !== undefined) r.watchlist = c.watchlist?.trim() ? toFleetPath(c.watchlist.trim()) : null;
      break;
    }
    case 'updateSeat': {
      const s = m.seats.find((x) => x.id === command.seat)!;
      const c = command.changes;
      if (c.name !== undefined) s.name = c.name?.trim() || s.id;
      if (c.owner !== undefined) s.owner = c.owner?.trim() || null;
      if (c.role !== undefined) s.role = c.role?.trim() ?? '';
      if (c.owns !== undefined) s.owns = unique(c.owns ?? []);
      if (c.notOwns !== undefined) s.notOwns = unique(c.notOwns ?? []);
      break;
    }
    case 'addSeat':
      m.seats.push({ id: command.id, name: command.name.trim(), kind: command.kind, owner: command.owner?.trim() || null, role: command.role?.trim() ?? '', owns: [], notOwns: [], writes: [], status: 'active' });
      m.seats.sort((a, b) => (a.id < b.id ? -1 : 1));
      break;
    case 'removeSeat':
      m.seats = m.seats.filter((s) => s.id !== command.seat);
      break;
  }
  return m;
}

function strip<T extends Record<string, unknown>>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Whether a comment on `owner`'s lines may go: its entry (or list item) is what the command removes. */
function mayDrop(owner: string, model: Model, command: FleetCommand): boolean {
  const removed = removedEntry(model, command);
  if (removed !== null && (owner === removed || owner.startsWith(`${removed}/`))) return true;
  // A rule's watchlist line goes when the watchlist is removed.
  if (command.type === 'updateRule' && command.changes.watchlist === null) {
    const index = model.rules.findIndex((r, i) => ruleId(r.winner, r.over, i) === command.id);
    if (owner === `rules:${index}/watchlist`) return true;
  }
  // `seat:<id>/<field>` (a field's line) or `seat:<id>/owns/<item>` (a block list item's line).
  const [seat, field, item] = owner.split('/');
  if (command.type !== 'updateSeat' || seat !== `seat:${command.seat}` || !field) return false;
  const change = (command.changes as Record<string, unknown>)[field];
  if (change === null) return true; // the field itself is removed
  if (item !== undefined && Array.isArray(change)) return !change.map((v: string) => v.trim()).includes(item);
  return false;
}

/** The entry a remove command takes out, as named in `render`'s comment owners. */
function removedEntry(model: Model, command: FleetCommand): string | null {
  if (command.type === 'removeSeat') return `seat:${command.seat}`;
  if (command.type === 'removeHandoff') return `handoffs:${model.handoffs.findIndex((h) => handoffId(h.from, h.to, h.via) === command.id)}`;
  if (command.type === 'removeRule') return `rules:${model.rules.findIndex((r, i) => ruleId(r.winner, r.over, i) === command.id)}`;
  return null;
}

const caseArb = modelArb.chain((model) => fc.tuple(fc.constant(model), commandArb(model)));

describe('the planner on random commented fleet.yaml files', () => {
  it('refuses with a reason, or writes exactly the command with every comment kept, and its inverse undoes it', () => {
    const stats = { ok: 0, refused: 0 };
    fc.assert(
      fc.property(caseArb, ([model, raw]) => {
        const command = parseFleetCommand(raw);
        if (!command.ok) return; // refused at the API boundary, before any planner
        const { text, owned } = render(model);
        const before = meaning(text);
        const result = planCommand(text, command.command);
        if (!result.ok) {
          expect(result.refusal.message.length).toBeGreaterThan(0);
          expect(['invalid', 'conflict', 'broken-file']).toContain(result.refusal.code);
          // "cannot make this edit safely" means the planner gave up on a file it should handle.
          expect(result.refusal.message).not.toMatch(/cannot make this edit safely/);
          stats.refused++;
          return;
        }
        stats.ok++;
        const after = meaning(result.text);
        expect(after).toEqual(applyModel(before, command.command));
        for (const [token, owner] of owned) {
          if (!mayDrop(owner, model, command.command)) expect(result.text, `comment ${token} lost`).toMatch(new RegExp(`# ${token}(?!\\d)`));
        }
        if (model.crlf) expect(result.text.replace(/\r\n/g, '')).not.toContain('\n');
        const undo = planCommand(result.text, result.inverse);
        if (!undo.ok) throw new Error(`inverse refused: ${undo.refusal.message}`);
        expect(meaning(undo.text)).toEqual(before);
      }),
      { numRuns: 150 * RUNS },
    );
    // The generator must reach both outcomes, or the property proves little.
    expect(stats.ok).toBeGreaterThan(25);
    expect(stats.refused).toBeGreaterThan(25);
    // A fixed number of runs, not a time bound: on a loaded 2-core machine they can take over 20 s.
  }, 90_000);
});
