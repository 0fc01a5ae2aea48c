/** Planning of addHandoff, updateHandoff and removeHandoff. */
import { isScalar } from 'yaml';
import { handoffId, toFleetPath } from '../ids';
import type { HandoffDecl } from '../registry';
import { activeSeat, arrow, checkVia, dataList, dataMap, isRefusal, listEntry, refuse, type PlanContext, type Step } from './planContext';
import type { AddHandoff, RemoveHandoff, UpdateHandoff } from './types';
import { indentUnit, pairOf, seqInsertEdits, seqRemoveEdits, setPairEdits, type TextEdit } from './yamlText';

const FIELD_ORDER = ['from', 'to', 'via', 'what'] as const;

interface HandoffFields {
  from: string;
  to: string;
  via: string;
  what: string;
}

/** Checks a handoff's meaning; `except` is the handoff being edited (it may keep its own id). */
function validate(ctx: PlanContext, fields: HandoffFields, except: HandoffDecl | null, restore = false): HandoffFields | ReturnType<typeof refuse> {
  // What the entry already says (or, on undo, said) may name a seat retired since or a via the
  // sender does not declare: it can still be edited and put back. Anything new must be valid today.
  const sender = activeSeat(ctx, fields.from, 'from', restore || except?.from === fields.from);
  if (isRefusal(sender)) return sender;
  const receiver = activeSeat(ctx, fields.to, 'to', restore || except?.to === fields.to);
  if (isRefusal(receiver)) return receiver;
  if (fields.from === fields.to) return refuse('invalid', `A handoff connects two seats; from and to are both ${fields.from}`);
  const via = checkVia(sender, fields.via, restore || (except !== null && except.from === fields.from && except.via === (toFleetPath(fields.via.trim()) ?? fields.via.trim())));
  if (isRefusal(via)) return via;
  const id = handoffId(fields.from, fields.to, via);
  if (ctx.registry.handoffs.some((h) => h.id === id && h !== except)) {
    return refuse('invalid', `The handoff ${arrow(fields.from, fields.to)} via ${via} already exists`);
  }
  return { from: fields.from, to: fields.to, via, what: fields.what.trim() };
}

function findHandoff(ctx: PlanContext, id: string): HandoffDecl | ReturnType<typeof refuse> {
  const handoff = ctx.registry.handoffs.find((h) => h.id === id);
  if (!handoff) return refuse('conflict', `The handoff ${id} is no longer in fleet.yaml (it was changed on disk); nothing was written`);
  return handoff;
}

export function planAddHandoff(ctx: PlanContext, command: AddHandoff): Step {
  const fields = validate(ctx, command, null, command.restore);
  if (isRefusal(fields)) return fields;
  const list = ctx.root.get('handoffs', true);
  const length = list && 'items' in list && Array.isArray(list.items) ? list.items.length : 0;
  const at = Math.min(command.at ?? length, length);
  const edits = seqInsertEdits(ctx.text, ctx.root, 'handoffs', FIELD_ORDER.map((key) => [key, fields[key]]), at, indentUnit(ctx.text, ctx.root));
  return {
    edits,
    summary: `Added handoff ${arrow(fields.from, fields.to)} via ${fields.via}`,
    inverse: { type: 'removeHandoff', id: handoffId(fields.from, fields.to, fields.via) },
    expect: (data) => void dataList(data, 'handoffs').splice(at, 0, { ...fields }),
  };
}

export function planUpdateHandoff(ctx: PlanContext, command: UpdateHandoff): Step {
  const handoff = findHandoff(ctx, command.id);
  if (isRefusal(handoff)) return handoff;
  const entry = listEntry(ctx, 'handoffs', handoff.index);
  if (!entry) return refuse('conflict', `The handoff ${command.id} is no longer a mapping in fleet.yaml`);
  const merged: HandoffFields = { from: handoff.from, to: handoff.to, via: handoff.via, what: handoff.what, ...command.changes };
  const fields = validate(ctx, merged, handoff, command.restore);
  if (isRefusal(fields)) return fields;
  const edits: TextEdit[] = [];
  const old: Partial<HandoffFields> = {};
  FIELD_ORDER.forEach((key, index) => {
    if (command.changes[key] === undefined) return;
    const before = handoff[key];
    if (before === fields[key]) {
      // The registry's value already matches; only touch the text when it spells it differently.
      const raw = pairOf(entry, key)?.value;
      if (!raw || (isScalar(raw) && raw.value === fields[key])) return;
      if (key === 'via' && raw && isScalar(raw) && (raw.value === null || raw.value === '')) return;
    }
    old[key] = before;
    edits.push(...setPairEdits(ctx.text, entry, key, fields[key], FIELD_ORDER.slice(0, index)));
  });
  const newId = handoffId(fields.from, fields.to, fields.via);
  const what = Object.keys(old).join(', ') || 'nothing';
  return {
    edits,
    summary: `Changed ${what} of handoff ${arrow(handoff.from, handoff.to)}${newId !== handoff.id ? ` (now ${arrow(fields.from, fields.to)} via ${fields.via})` : ''}`,
    inverse: { type: 'updateHandoff', id: newId, changes: Object.keys(old).length ? old : { ...command.changes }, restore: true },
    expect: (data) => {
      const item = dataMap(dataList(data, 'handoffs')[handoff.index]);
      for (const key of Object.keys(old) as (keyof HandoffFields)[]) item[key] = fields[key];
    },
  };
}

export function planRemoveHandoff(ctx: PlanContext, command: RemoveHandoff): Step {
  const handoff = findHandoff(ctx, command.id);
  if (isRefusal(handoff)) return handoff;
  return {
    edits: seqRemoveEdits(ctx.text, ctx.root, 'handoffs', handoff.index),
    summary: `Removed handoff ${arrow(handoff.from, handoff.to)} via ${handoff.via}`,
    inverse: { type: 'addHandoff', from: handoff.from, to: handoff.to, via: handoff.via, what: handoff.what, at: handoff.index, restore: true },
    expect: (data) => void dataList(data, 'handoffs').splice(handoff.index, 1),
  };
}
