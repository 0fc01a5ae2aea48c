/**
 * fleet.yaml → FleetRegistry, with every problem reported by file, line and column.
 * A file that does not parse is one error (the host keeps the last good registry); a broken entry
 * inside a file that parses is a diagnostic and is left out, and the rest still loads.
 */
import { isMap, isScalar, LineCounter, parseDocument, visit, type Document, type Node as YamlNode } from 'yaml';
import { z } from 'zod';
import { diagnostic, type Diagnostic } from './diagnostics';
import { parseDuration } from './duration';
import { handoffId, isSeatId, seatIdProblem, toFleetPath, type FleetPath, type SeatId } from './ids';
import {
  FORMAT_DEFAULTS,
  ruleId,
  type FleetDefaults,
  type FleetRegistry,
  type HandoffDecl,
  type RuleDecl,
  type SeatDecl,
  type StateFileDecl,
} from './registry';

export const FLEET_FILE = 'fleet.yaml';
export const SUPPORTED_VERSION = 1;

export type ParsedFleet =
  | { ok: true; registry: FleetRegistry; diagnostics: Diagnostic[] }
  | { ok: false; error: Diagnostic };

const stringList = z.array(z.string());
const writeEntry = z.union([
  z.string(),
  z.looseObject({ path: z.string(), staleAfter: z.string().optional() }),
]);

const seatSchema = z.looseObject({
  name: z.string().optional(),
  kind: z.enum(['agent', 'human']).optional(),
  owner: z.string().nullish(),
  team: z.string().max(64).nullish(),
  role: z.string().nullish(),
  owns: stringList.optional(),
  notOwns: stringList.optional(),
  writes: z.array(writeEntry).optional(),
  reads: stringList.optional(),
  status: z.enum(['active', 'retired']).optional(),
  retiredAt: z.string().optional(),
  reason: z.string().optional(),
  successors: z.unknown().optional(),
  staleAfter: z.string().optional(),
  backlogAfter: z.string().optional(),
});

const handoffSchema = z.looseObject({
  from: z.string(),
  to: z.string(),
  via: z.string().optional(),
  what: z.string().nullish(),
});

const ruleSchema = z.looseObject({
  winner: z.string(),
  over: z.string(),
  when: z.string().nullish(),
  watchlist: z.string().nullish(),
});

type SeatFields = z.infer<typeof seatSchema>;

/** Parses fleet.yaml text. Pure: the caller reads the file and supplies its name for messages. */
export function parseFleetYaml(text: string, file: string = FLEET_FILE): ParsedFleet {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true, logLevel: 'error' });
  const firstError = doc.errors[0];
  if (firstError) {
    const pos = firstError.linePos?.[0];
    const reason = /call stack/i.test(firstError.message)
      ? `it is nested too deeply (at line ${pos?.line ?? '?'})`
      : (firstError.message.split('\n')[0] ?? 'YAML error');
    return { ok: false, error: diagnostic(file, 'error', `${file} does not parse: ${reason}`, pos?.line ?? null, pos?.col ?? null) };
  }
  const at = locator(doc, lineCounter);
  const data = toPlainData(doc, lineCounter, file);
  if (!data.ok) return data;
  const root = data.value;
  if (root === null || root === undefined) {
    return { ok: false, error: diagnostic(file, 'error', `${file} is empty: it needs \`version: 1\` and \`seats\``, 1, 1) };
  }
  if (!isMapping(root)) {
    return { ok: false, error: diagnostic(file, 'error', `${file} must be a mapping with \`version\` and \`seats\``, 1, 1) };
  }
  const top = root as Record<string, unknown>;
  const diagnostics: Diagnostic[] = [];
  const report: Report = (severity, message, path, where = 'value') => {
    const { line, column } = at(path, where);
    diagnostics.push(diagnostic(file, severity, message, line, column));
  };

  const version = top.version ?? SUPPORTED_VERSION;
  if (top.version === undefined) report('warning', 'No `version:`; reading it as format version 1', []);
  if (version !== SUPPORTED_VERSION) {
    const { line, column } = at(['version']);
    return {
      ok: false,
      error: diagnostic(file, 'error', `${file} is format version ${JSON.stringify(version)}; this Seatmap reads version ${SUPPORTED_VERSION}`, line, column),
    };
  }

  const name = typeof top.name === 'string' && top.name.trim() ? top.name.trim() : 'Unnamed fleet';
  const defaults = readDefaults(top.defaults, report);
  const seats = readSeats(top.seats, report, at);
  const seatIds = new Set(seats.map((seat) => seat.id));
  const handoffs = readHandoffs(top.handoffs, seatIds, seats, report, at);
  const rules = readRules(top.rules, seatIds, report, at);
  return { ok: true, registry: { version: SUPPORTED_VERSION, name, defaults, seats, handoffs, rules }, diagnostics };
}

/** Most aliases a fleet.yaml may expand: more is an alias bomb ("billion laughs"), not a design. */
export const MAX_ALIAS_EXPANSIONS = 100;

/**
 * The document as plain data. `toJS` throws on an alias with no anchor before it and on an alias
 * bomb; both become one error at the first alias's line, never an exception.
 */
function toPlainData(doc: Document, lineCounter: LineCounter, file: string): { ok: true; value: unknown } | { ok: false; error: Diagnostic } {
  try {
    return { ok: true, value: doc.toJS({ maxAliasCount: MAX_ALIAS_EXPANSIONS }) as unknown };
  } catch (error) {
    const text = error instanceof Error ? error.message : String(error);
    let unresolved: { name: string; offset: number } | null = null;
    let first: number | null = null;
    visit(doc, {
      Alias(_key, node) {
        const offset = node.range?.[0] ?? 0;
        if (first === null) first = offset;
        if (!node.resolve(doc)) {
          unresolved = { name: node.source, offset };
          return visit.BREAK;
        }
        return undefined;
      },
    });
    const found = unresolved as { name: string; offset: number } | null;
    if (found) {
      const pos = lineCounter.linePos(found.offset);
      return { ok: false, error: diagnostic(file, 'error', `${file} does not parse: the alias *${found.name} has no anchor &${found.name} before it`, pos.line, pos.col) };
    }
    const pos = first === null ? null : lineCounter.linePos(first);
    const reason = /alias/i.test(text)
      ? `its aliases expand to more than ${MAX_ALIAS_EXPANSIONS} copies (an alias bomb); write the entries out`
      : /call stack/i.test(text)
        ? 'it is nested too deeply'
        : text.split('\n')[0];
    return { ok: false, error: diagnostic(file, 'error', `${file} does not parse: ${reason}`, pos?.line ?? null, pos?.col ?? null) };
  }
}

/** A YAML mapping read as plain data (not a list, a `!!set`, a date or another tagged value). */
function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}

/** `key`: point at the key of the last path step (a bad seat id), not at its value. */
type Where = 'value' | 'key';
type Report = (severity: Diagnostic['severity'], message: string, path: (string | number)[], where?: Where) => void;
type Locate = (path: (string | number)[], where?: Where) => { line: number | null; column: number | null };

/** Finds the line and column of a value or key (or, failing that, its nearest parent) in the document. */
function locator(doc: Document, lineCounter: LineCounter): Locate {
  return (path, where = 'value') => {
    if (where === 'key' && path.length > 0) {
      const parent = (path.length === 1 ? doc.contents : doc.getIn(path.slice(0, -1), true)) as YamlNode | null | undefined;
      const name = String(path[path.length - 1]);
      const pair = isMap(parent) ? parent.items.find((p) => isScalar(p.key) && String(p.key.value) === name) : undefined;
      const start = pair && isScalar(pair.key) ? pair.key.range?.[0] : undefined;
      if (start !== undefined) {
        const pos = lineCounter.linePos(start);
        return { line: pos.line, column: pos.col };
      }
    }
    for (let depth = path.length; depth >= 0; depth--) {
      const node = (depth === 0 ? doc.contents : doc.getIn(path.slice(0, depth), true)) as YamlNode | null | undefined;
      const start = node && typeof node === 'object' && 'range' in node ? node.range?.[0] : undefined;
      if (start !== undefined) {
        const pos = lineCounter.linePos(start);
        return { line: pos.line, column: pos.col };
      }
    }
    return { line: null, column: null };
  };
}

function readDefaults(raw: unknown, report: Report): FleetDefaults {
  const defaults = { ...FORMAT_DEFAULTS };
  if (raw === undefined || raw === null) return defaults;
  if (!isMapping(raw)) {
    report('warning', '`defaults` must be a mapping; using the format defaults', ['defaults']);
    return defaults;
  }
  const keys: Array<[keyof FleetDefaults, string]> = [
    ['staleAfterMs', 'staleAfter'],
    ['backlogAfterMs', 'backlogAfter'],
    ['quietAfterMs', 'quietAfter'],
    ['overlapWindowMs', 'overlapWindow'],
  ];
  for (const [field, key] of keys) {
    const value = (raw as Record<string, unknown>)[key];
    if (value === undefined) continue;
    const ms = parseDuration(value);
    if (ms === null) report('warning', `defaults.${key} ${JSON.stringify(value)} is not a duration like 18h, 30m or 7d; using the default`, ['defaults', key]);
    else defaults[field] = ms;
  }
  return defaults;
}

function readSeats(raw: unknown, report: Report, at: Locate): SeatDecl[] {
  if (raw === undefined || raw === null) {
    report('warning', 'No `seats:` yet; the graph is empty', []);
    return [];
  }
  if (!isMapping(raw)) {
    report('error', '`seats` must be a mapping from seat id to seat', ['seats']);
    return [];
  }
  const seats: SeatDecl[] = [];
  for (const [id, value] of Object.entries(raw as Record<string, unknown>)) {
    if (!isSeatId(id)) {
      report('error', `Seat id ${(seatIdProblem(id) ?? JSON.stringify(id)).replace(' is not a valid seat id:', ' is not valid:')}`, ['seats', id], 'key');
      continue;
    }
    const fields = parseSeatFields(value ?? {}, ['seats', id], report);
    if (!fields) continue;
    seats.push(toSeatDecl(id, fields, report, at));
  }
  return seats.sort((a, b) => (a.id < b.id ? -1 : 1));
}

/** Validates one seat's fields; a field of the wrong type is reported and dropped, the seat kept. */
function parseSeatFields(value: unknown, path: (string | number)[], report: Report): SeatFields | null {
  if (!isMapping(value)) {
    report('error', `Seat ${String(path[1])} must be a mapping (name, kind, owner, role, …)`, path);
    return null;
  }
  const fields = { ...(value as Record<string, unknown>) };
  let parsed = seatSchema.safeParse(fields);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = issue.path[0];
      if (typeof key !== 'string' || !(key in fields)) continue;
      report('warning', `Seat ${String(path[1])}: \`${key}\` ${describeIssue(issue)}; ignored`, [...path, ...(issue.path as (string | number)[])]);
      delete fields[key];
    }
    parsed = seatSchema.safeParse(fields);
    if (!parsed.success) return null;
  }
  return parsed.data;
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_value') return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
  if (issue.code === 'invalid_type') return `must be ${issue.expected === 'array' ? 'a list' : `a ${issue.expected}`}`;
  return issue.message;
}

function toSeatDecl(id: SeatId, f: SeatFields, report: Report, at: Locate): SeatDecl {
  const writes: StateFileDecl[] = [];
  (f.writes ?? []).forEach((entry, index) => {
    const rawPath = typeof entry === 'string' ? entry : entry.path;
    const path = toFleetPath(rawPath);
    if (!path) {
      report('error', `Seat ${id} writes ${JSON.stringify(rawPath)}, which is outside the fleet folder`, ['seats', id, 'writes', index]);
      return;
    }
    let staleAfterMs: number | null = null;
    if (typeof entry !== 'string' && entry.staleAfter !== undefined) {
      staleAfterMs = parseDuration(entry.staleAfter);
      if (staleAfterMs === null) report('warning', `Seat ${id}: staleAfter ${JSON.stringify(entry.staleAfter)} is not a duration like 18h`, ['seats', id, 'writes', index, 'staleAfter']);
    }
    if (!path.startsWith(`state/${id}/`)) {
      report('warning', `Seat ${id} writes ${path}, but a seat's state files live in state/${id}/`, ['seats', id, 'writes', index]);
    }
    writes.push({ path, staleAfterMs, line: at(['seats', id, 'writes', index]).line ?? 0 });
  });
  const reads: FleetPath[] = [];
  (f.reads ?? []).forEach((rawPath, index) => {
    const path = toFleetPath(rawPath);
    if (path) reads.push(path);
    else report('error', `Seat ${id} reads ${JSON.stringify(rawPath)}, which is outside the fleet folder`, ['seats', id, 'reads', index]);
  });
  const owner = typeof f.owner === 'string' && f.owner.trim() ? f.owner.trim() : null;
  return {
    id,
    name: f.name?.trim() || id,
    kind: f.kind ?? 'agent',
    owner,
    team: typeof f.team === 'string' && f.team.trim() ? f.team.trim() : null,
    role: f.role?.trim() ?? '',
    owns: unique(f.owns ?? []),
    notOwns: unique(f.notOwns ?? []),
    writes,
    reads,
    status: f.status ?? 'active',
    retiredAt: f.retiredAt ?? null,
    reason: f.reason ?? null,
    successors: f.successors ?? null,
    staleAfterMs: optionalDuration(f.staleAfter, id, 'staleAfter', report),
    backlogAfterMs: optionalDuration(f.backlogAfter, id, 'backlogAfter', report),
    line: at(['seats', id]).line ?? 0,
  };
}

function optionalDuration(value: string | undefined, id: string, key: string, report: Report): number | null {
  if (value === undefined) return null;
  const ms = parseDuration(value);
  if (ms === null) report('warning', `Seat ${id}: ${key} ${JSON.stringify(value)} is not a duration like 18h`, ['seats', id, key]);
  return ms;
}

function unique(values: string[]): string[] {
  return [...new Set(values.map((v) => v.trim()).filter(Boolean))];
}

function readList(raw: unknown, key: string, report: Report): unknown[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) {
    report('error', `\`${key}\` must be a list`, [key]);
    return [];
  }
  return raw;
}

function readHandoffs(raw: unknown, seatIds: Set<string>, seats: SeatDecl[], report: Report, at: Locate): HandoffDecl[] {
  const handoffs: HandoffDecl[] = [];
  const seen = new Set<string>();
  readList(raw, 'handoffs', report).forEach((entry, index) => {
    const path = ['handoffs', index];
    const parsed = handoffSchema.safeParse(entry);
    if (!parsed.success) {
      report('error', `Handoff ${index + 1} needs \`from\` and \`to\` seat ids (${parsed.error.issues.map((i) => `${i.path.join('.') || 'entry'} ${describeIssue(i)}`).join('; ')})`, path);
      return;
    }
    const { from, to } = parsed.data;
    for (const [role, id] of [['from', from], ['to', to]] as const) {
      if (!seatIds.has(id)) {
        report('error', `Handoff ${index + 1} ${role} ${JSON.stringify(id)}: no such seat in fleet.yaml`, [...path, role]);
      }
    }
    if (!seatIds.has(from) || !seatIds.has(to)) return;
    if (from === to) {
      report('warning', `Handoff ${index + 1} goes from ${from} to itself; left out`, path);
      return;
    }
    const rawVia = parsed.data.via?.trim() || 'inbox';
    let via: 'inbox' | FleetPath = 'inbox';
    if (rawVia !== 'inbox') {
      const viaPath = toFleetPath(rawVia);
      if (!viaPath) {
        report('error', `Handoff ${index + 1} via ${JSON.stringify(rawVia)} is outside the fleet folder`, [...path, 'via']);
        return;
      }
      via = viaPath;
      const sender = seats.find((seat) => seat.id === from);
      if (sender && !sender.writes.some((w) => w.path === viaPath) && !viaPath.startsWith(`state/${from}/`)) {
        report('warning', `Handoff ${index + 1} goes via ${viaPath}, which ${from} does not write`, [...path, 'via']);
      }
    }
    const id = handoffId(from, to, via);
    if (seen.has(id)) {
      report('warning', `Handoff ${index + 1} repeats ${from} → ${to} via ${via}; left out`, path);
      return;
    }
    seen.add(id);
    handoffs.push({ id, from: from as SeatId, to: to as SeatId, via, what: parsed.data.what?.trim() ?? '', index, line: at(path).line ?? 0 });
  });
  return handoffs;
}

function readRules(raw: unknown, seatIds: Set<string>, report: Report, at: Locate): RuleDecl[] {
  const rules: RuleDecl[] = [];
  readList(raw, 'rules', report).forEach((entry, index) => {
    const path = ['rules', index];
    const parsed = ruleSchema.safeParse(entry);
    if (!parsed.success) {
      report('error', `Rule ${index + 1} needs \`winner\` and \`over\` seat ids`, path);
      return;
    }
    const { winner, over } = parsed.data;
    let broken = false;
    for (const [role, id] of [['winner', winner], ['over', over]] as const) {
      if (!seatIds.has(id)) {
        report('error', `Rule ${index + 1} ${role} ${JSON.stringify(id)}: no such seat in fleet.yaml`, [...path, role]);
        broken = true;
      }
    }
    if (broken) return;
    if (winner === over) {
      report('warning', `Rule ${index + 1} has ${winner} win over itself; left out`, path);
      return;
    }
    let watchlist: FleetPath | null = null;
    if (parsed.data.watchlist) {
      watchlist = toFleetPath(parsed.data.watchlist);
      if (!watchlist) report('error', `Rule ${index + 1} watchlist ${JSON.stringify(parsed.data.watchlist)} is outside the fleet folder`, [...path, 'watchlist']);
    }
    rules.push({ id: ruleId(winner, over, index), winner: winner as SeatId, over: over as SeatId, when: parsed.data.when?.trim() ?? '', watchlist, index, line: at(path).line ?? 0 });
  });
  return rules;
}
