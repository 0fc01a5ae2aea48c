/** Planning of updateSeat, addSeat and removeSeat. */
import { isMap, isScalar, isSeq, type Node, type Pair, type Scalar } from 'yaml';
import { dataMap, isRefusal, refuse, seatIdProblem, topMap, type PlanContext, type Step } from './planContext';
import type { AddSeat, FleetCommand, RemoveSeat, UpdateSeat } from './types';
import {
  columnOf,
  eolOf,
  indentUnit,
  leadingLinesStart,
  lineEndAfter,
  lineStart,
  removePairEdits,
  renderBlockMap,
  renderFlowMap,
  setPairEdits,
  type Fields,
  type TextEdit,
} from './yamlText';

/** The order fields are written in when a seat gains one (docs/fleet-format.md's example). */
const SEAT_KEY_ORDER = ['name', 'kind', 'owner', 'role', 'owns', 'notOwns', 'writes', 'reads'];
const UPDATABLE = ['name', 'owner', 'role', 'owns', 'notOwns'] as const;
type Updatable = (typeof UPDATABLE)[number];
type SeatChanges = UpdateSeat['changes'];

function rawField(value: Node | null | undefined): string | string[] | null | undefined {
  if (value === undefined) return undefined;
  if (value === null || (isScalar(value) && value.value === null)) return null;
  if (isScalar(value)) return typeof value.value === 'string' ? value.value : String(value.value);
  if (isSeq(value)) return value.items.map((item) => (isScalar(item) ? String(item.value) : '?'));
  return undefined;
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function clean(key: Updatable, value: string | string[] | null): string | string[] | null {
  if (value === null) return null;
  if (Array.isArray(value)) return [...new Set(value.map((v) => v.trim()).filter(Boolean))];
  return key === 'role' ? value : value.trim();
}

export function planUpdateSeat(ctx: PlanContext, command: UpdateSeat): Step {
  const bad = seatIdProblem(command.seat, 'seat');
  if (bad) return bad;
  const seats = topMap(ctx, 'seats');
  const pair = seats?.items.find((p) => isScalar(p.key) && p.key.value === command.seat) as Pair<Scalar, Node | null> | undefined;
  if (!seats || !pair || !ctx.registry.seats.some((s) => s.id === command.seat)) {
    return refuse('conflict', `There is no seat ${command.seat} in fleet.yaml any more (it was changed on disk); nothing was written`);
  }
  const map = pair.value;
  if (!isMap(map)) return refuse('invalid', `Seat ${command.seat} is not written as a mapping in fleet.yaml; edit it by hand`);
  const edits: TextEdit[] = [];
  const old: SeatChanges = {};
  const applied: Partial<Record<Updatable, string | string[] | null>> = {};
  for (const key of UPDATABLE) {
    const requested = command.changes[key];
    if (requested === undefined) continue;
    const value = clean(key, requested);
    if (key === 'name' && value === '') return refuse('invalid', `Seat ${command.seat} needs a name`);
    const before = rawField(map.get(key, true) as Node | null | undefined);
    const absent = before === undefined || before === null;
    if (sameValue(before, value) || (value === null && absent)) continue;
    if (before !== undefined && !isScalar(map.get(key, true)) && !isSeq(map.get(key, true)) && map.get(key, true) !== null) {
      return refuse('invalid', `Seat ${command.seat}'s ${key} is not a plain value or list in fleet.yaml; edit it by hand`);
    }
    (old as Record<string, unknown>)[key] = absent ? null : before;
    applied[key] = value;
    if (value === null) edits.push(...removePairEdits(ctx.text, map, key));
    else edits.push(...setPairEdits(ctx.text, map, key, value, SEAT_KEY_ORDER.slice(0, SEAT_KEY_ORDER.indexOf(key))));
  }
  const changed = Object.keys(applied);
  return {
    edits,
    summary: `Changed ${changed.join(', ') || 'nothing'} of seat ${command.seat}`,
    inverse: { type: 'updateSeat', seat: command.seat, changes: changed.length ? old : { ...command.changes } },
    expect: (data) => {
      const seat = dataMap(dataMap(data.seats)[command.seat]);
      for (const [key, value] of Object.entries(applied)) {
        if (value === null) delete seat[key];
        else seat[key] = value;
      }
    },
  };
}

function newSeatFields(command: AddSeat): Fields {
  const fields: Fields = [
    ['name', command.name.trim()],
    ['kind', command.kind],
  ];
  if (command.owner?.trim()) fields.push(['owner', command.owner.trim()]);
  if (command.role?.trim()) fields.push(['role', command.role]);
  return fields;
}

export function planAddSeat(ctx: PlanContext, command: AddSeat): Step {
  const bad = seatIdProblem(command.id, 'Seat id');
  if (bad) return bad;
  if (!command.name.trim()) return refuse('invalid', `Seat ${command.id} needs a name`);
  const seatsNode = ctx.root.get('seats', true) as Node | null | undefined;
  const seats = topMap(ctx, 'seats');
  if (seats?.items.some((p) => isScalar(p.key) && p.key.value === command.id)) {
    return refuse('invalid', `A seat ${command.id} already exists`);
  }
  if (seatsNode && !seats && !(isScalar(seatsNode) && seatsNode.value === null)) return refuse('invalid', '`seats` in fleet.yaml is not a mapping; fix it by hand first');
  const fields = newSeatFields(command);
  const eol = eolOf(ctx.text);
  const text = ctx.text;
  const pairs = (seats?.items ?? []) as Pair<Scalar, Node | null>[];
  const at = Math.min(command.at ?? pairs.length, pairs.length);
  let edit: TextEdit;
  if (!seats || pairs.length === 0) {
    const unit = indentUnit(text, ctx.root);
    const body = `${' '.repeat(unit)}${command.id}:${eol}${renderBlockMap(fields, unit * 2, '', eol)}`;
    const seatsPair = ctx.root.items.find((p) => isScalar(p.key) && p.key.value === 'seats') as Pair<Scalar, Node | null> | undefined;
    if (seats?.flow) {
      const open = text.indexOf('{', seats.range?.[0] ?? 0);
      edit = { start: open + 1, end: (seats.range?.[1] ?? open + 2) - 1, insert: ` ${command.id}: ${renderFlowMap(fields)} ` };
    } else if (seatsPair) {
      const at = lineEndAfter(text, seatsPair.key.range?.[2] ?? 0);
      edit = { start: at, end: at, insert: (at === text.length && !text.endsWith('\n') ? eol : '') + body };
    } else {
      const sep = text.length === 0 || text.endsWith('\n') ? '' : eol;
      edit = { start: text.length, end: text.length, insert: `${sep}seats:${eol}${body}` };
    }
  } else if (seats.flow) {
    const target = pairs[at];
    const rendered = `${command.id}: ${renderFlowMap(fields)}`;
    if (target) edit = { start: target.key.range?.[0] ?? 0, end: target.key.range?.[0] ?? 0, insert: `${rendered}, ` };
    else {
      const last = pairs[pairs.length - 1] as Pair<Scalar, Node | null>;
      const end = last.value?.range?.[1] ?? last.key.range?.[2] ?? 0;
      edit = { start: end, end, insert: `, ${rendered}` };
    }
  } else {
    const keyIndent = columnOf(text, pairs[0]?.key.range?.[0] ?? 0);
    // Follow the neighbouring seat's style: a one-line flow map or a block of fields.
    const model = pairs[Math.max(0, at - 1)] as Pair<Scalar, Node | null>;
    const block = pairs.find((p) => isMap(p.value) && !p.value.flow);
    const fieldIndent = block && isMap(block.value) ? columnOf(text, block.value.range?.[0] ?? 0) - keyIndent : 2;
    const asFlow = isMap(model.value) && model.value.flow;
    const body = asFlow
      ? `${' '.repeat(keyIndent)}${command.id}: ${renderFlowMap(fields)}${eol}`
      : `${' '.repeat(keyIndent)}${command.id}:${eol}${renderBlockMap(fields, keyIndent + Math.max(1, fieldIndent), '', eol)}`;
    const target = pairs[at];
    if (target) {
      const start = leadingLinesStart(text, lineStart(text, target.key.range?.[0] ?? 0));
      edit = { start, end: start, insert: body };
    } else {
      const last = pairs[pairs.length - 1] as Pair<Scalar, Node | null>;
      const end = lineEndAfter(text, last.value?.range?.[1] ?? last.key.range?.[2] ?? 0);
      edit = { start: end, end, insert: (end === text.length && !text.endsWith('\n') ? eol : '') + body };
    }
  }
  return {
    edits: [edit],
    summary: `Added seat ${command.id} (${command.name.trim()})`,
    inverse: { type: 'removeSeat', seat: command.id },
    expect: (data) => {
      const map = data.seats && typeof data.seats === 'object' ? dataMap(data.seats) : (data.seats = {} as Record<string, unknown>);
      dataMap(map)[command.id] = Object.fromEntries(fields);
    },
  };
}

export function planRemoveSeat(ctx: PlanContext, command: RemoveSeat): Step {
  const bad = seatIdProblem(command.seat, 'seat');
  if (bad) return bad;
  const seats = topMap(ctx, 'seats');
  const pairs = (seats?.items ?? []) as Pair<Scalar, Node | null>[];
  const index = pairs.findIndex((p) => isScalar(p.key) && p.key.value === command.seat);
  const pair = pairs[index];
  const decl = ctx.registry.seats.find((s) => s.id === command.seat);
  if (!seats || !pair || !decl) return refuse('conflict', `There is no seat ${command.seat} in fleet.yaml any more; nothing was written`);
  const referrers = [
    ...ctx.registry.handoffs.filter((h) => h.from === command.seat || h.to === command.seat).map((h) => `handoff ${h.from} → ${h.to}`),
    ...ctx.registry.rules.filter((r) => r.winner === command.seat || r.over === command.seat).map((r) => `rule ${r.winner} over ${r.over}`),
    ...ctx.registry.seats.filter((s) => s.owner === command.seat && s.id !== command.seat).map((s) => `seat ${s.id}'s owner`),
  ];
  if (referrers.length > 0) return refuse('invalid', `Seat ${command.seat} is still referred to by ${referrers.join(', ')}; retire it instead`);
  const extra = isMap(pair.value)
    ? pair.value.items.map((p) => (isScalar(p.key) ? String(p.key.value) : '?')).filter((k) => !['name', 'kind', 'owner', 'role'].includes(k))
    : [];
  if (extra.length > 0) return refuse('invalid', `Seat ${command.seat} has ${extra.join(', ')}; only a freshly added seat can be removed, retire it instead`);
  const edits = removePairEdits(ctx.text, seats, command.seat);
  if (pairs.length === 1 && !seats.flow) {
    const colon = ctx.text.indexOf(':', (ctx.root.items.find((p) => isScalar(p.key) && p.key.value === 'seats')?.key as Scalar).range?.[1] ?? 0);
    edits.push({ start: colon + 1, end: colon + 1, insert: ' {}' });
  }
  const inverse: FleetCommand = { type: 'addSeat', id: decl.id, name: decl.name, kind: decl.kind, at: index };
  if (decl.owner) inverse.owner = decl.owner;
  if (decl.role) inverse.role = decl.role;
  return {
    edits,
    summary: `Removed seat ${command.seat}`,
    inverse,
    expect: (data) => void delete dataMap(data.seats)[command.seat],
  };
}

export { isRefusal };
