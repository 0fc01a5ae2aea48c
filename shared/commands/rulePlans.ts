/** Planning of addRule, updateRule and removeRule. Rule ids are `winner>over#index`. */
import { isScalar } from 'yaml';
import { toFleetPath } from '../ids';
import { ruleId, type RuleDecl } from '../registry';
import { activeSeat, dataList, dataMap, isRefusal, listEntry, refuse, type PlanContext, type Step } from './planContext';
import type { AddRule, RemoveRule, UpdateRule } from './types';
import { indentUnit, pairOf, removePairEdits, seqInsertEdits, seqRemoveEdits, setPairEdits, type Fields, type TextEdit } from './yamlText';

const FIELD_ORDER = ['winner', 'over', 'when', 'watchlist'] as const;

interface RuleFields {
  winner: string;
  over: string;
  when: string;
  watchlist: string | null;
}

function validate(ctx: PlanContext, fields: RuleFields, except: RuleDecl | null, restore = false): RuleFields | ReturnType<typeof refuse> {
  // A seat the rule already names (or, on undo, named) may have been retired since.
  const winner = activeSeat(ctx, fields.winner, 'winner', restore || except?.winner === fields.winner);
  if (isRefusal(winner)) return winner;
  const over = activeSeat(ctx, fields.over, 'over', restore || except?.over === fields.over);
  if (isRefusal(over)) return over;
  if (fields.winner === fields.over) return refuse('invalid', `A rule settles a conflict between two seats; winner and over are both ${fields.winner}`);
  const when = fields.when.trim();
  if (!when) return refuse('invalid', 'A rule needs a `when`: the situation in which the winner wins');
  let watchlist: string | null = null;
  if (fields.watchlist !== null && fields.watchlist.trim() !== '') {
    watchlist = toFleetPath(fields.watchlist.trim());
    if (!watchlist) return refuse('invalid', `watchlist ${JSON.stringify(fields.watchlist)} is not a path inside the fleet folder`);
  }
  const duplicate = ctx.registry.rules.find((r) => r !== except && r.winner === fields.winner && r.over === fields.over && r.when === when);
  if (duplicate) return refuse('invalid', `The rule "${fields.winner} wins over ${fields.over} when ${when}" already exists`);
  return { winner: fields.winner, over: fields.over, when, watchlist };
}

function findRule(ctx: PlanContext, id: string): RuleDecl | ReturnType<typeof refuse> {
  const rule = ctx.registry.rules.find((r) => r.id === id);
  if (!rule) return refuse('conflict', `The rule ${id} is no longer in fleet.yaml (it was changed on disk); nothing was written`);
  return rule;
}

function fieldsOf(rule: RuleFields): Fields {
  const fields: Fields = [
    ['winner', rule.winner],
    ['over', rule.over],
    ['when', rule.when],
  ];
  if (rule.watchlist) fields.push(['watchlist', rule.watchlist]);
  return fields;
}

export function planAddRule(ctx: PlanContext, command: AddRule): Step {
  const fields = validate(ctx, { winner: command.winner, over: command.over, when: command.when, watchlist: command.watchlist ?? null }, null, command.restore);
  if (isRefusal(fields)) return fields;
  const list = ctx.root.get('rules', true);
  const length = list && 'items' in list && Array.isArray(list.items) ? list.items.length : 0;
  const at = Math.min(command.at ?? length, length);
  return {
    edits: seqInsertEdits(ctx.text, ctx.root, 'rules', fieldsOf(fields), at, indentUnit(ctx.text, ctx.root)),
    summary: `Added rule: ${fields.winner} wins over ${fields.over} when ${fields.when}`,
    inverse: { type: 'removeRule', id: ruleId(fields.winner, fields.over, at) },
    expect: (data) => void dataList(data, 'rules').splice(at, 0, Object.fromEntries(fieldsOf(fields))),
  };
}

export function planUpdateRule(ctx: PlanContext, command: UpdateRule): Step {
  const rule = findRule(ctx, command.id);
  if (isRefusal(rule)) return rule;
  const entry = listEntry(ctx, 'rules', rule.index);
  if (!entry) return refuse('conflict', `The rule ${command.id} is no longer a mapping in fleet.yaml`);
  const current: RuleFields = { winner: rule.winner, over: rule.over, when: rule.when, watchlist: rule.watchlist };
  const changes = { ...command.changes };
  const merged: RuleFields = { ...current, ...(changes as Partial<RuleFields>), watchlist: changes.watchlist === undefined ? current.watchlist : changes.watchlist };
  const fields = validate(ctx, merged, rule, command.restore);
  if (isRefusal(fields)) return fields;
  const edits: TextEdit[] = [];
  const old: Partial<RuleFields> = {};
  FIELD_ORDER.forEach((key, index) => {
    if (command.changes[key] === undefined) return;
    const value = fields[key];
    const raw = pairOf(entry, key)?.value;
    const rawValue = raw && isScalar(raw) ? raw.value : raw === undefined ? null : undefined;
    if (rawValue === value || (value === null && (rawValue === null || rawValue === ''))) return;
    (old as Record<string, unknown>)[key] = current[key];
    if (value === null) edits.push(...removePairEdits(ctx.text, entry, key));
    else edits.push(...setPairEdits(ctx.text, entry, key, value, FIELD_ORDER.slice(0, index)));
  });
  const newId = ruleId(fields.winner, fields.over, rule.index);
  return {
    edits,
    summary: `Changed ${Object.keys(old).join(', ') || 'nothing'} of rule ${rule.winner} over ${rule.over}`,
    inverse: { type: 'updateRule', id: newId, changes: Object.keys(old).length ? old : { ...command.changes }, restore: true },
    expect: (data) => {
      const item = dataMap(dataList(data, 'rules')[rule.index]);
      for (const key of Object.keys(old) as (keyof RuleFields)[]) {
        if (fields[key] === null) delete item[key];
        else item[key] = fields[key];
      }
    },
  };
}

export function planRemoveRule(ctx: PlanContext, command: RemoveRule): Step {
  const rule = findRule(ctx, command.id);
  if (isRefusal(rule)) return rule;
  return {
    edits: seqRemoveEdits(ctx.text, ctx.root, 'rules', rule.index),
    summary: `Removed rule: ${rule.winner} wins over ${rule.over} when ${rule.when}`,
    inverse: { type: 'addRule', winner: rule.winner, over: rule.over, when: rule.when, watchlist: rule.watchlist, at: rule.index, restore: true },
    expect: (data) => void dataList(data, 'rules').splice(rule.index, 1),
  };
}
