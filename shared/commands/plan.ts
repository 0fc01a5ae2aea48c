/**
 * planCommand: fleet.yaml text + a command → the new text, or a refusal before anything is
 * written (docs/architecture.md, "Commands and the write path"). Pure.
 *
 * Each planner validates against the parsed registry and returns text splices (yamlText.ts). The
 * result is then checked: the edited text must parse, and its data must equal the old data with
 * the command applied. So an edit that would disturb anything else (an alias, an odd layout the
 * splicer does not know) is refused instead of written.
 */
import { isMap, parseDocument } from 'yaml';
import { parseFleetYaml } from '../parseFleet';
import { planAddHandoff, planRemoveHandoff, planUpdateHandoff } from './handoffPlans';
import { refuse, type PlanContext, type Step } from './planContext';
import { planAddRule, planRemoveRule, planUpdateRule } from './rulePlans';
import { planAddSeat, planRemoveSeat, planUpdateSeat } from './seatPlans';
import type { FleetCommand, PlanResult } from './types';
import { applyEdits } from './yamlText';

/** Plans `command` against the current text of fleet.yaml. */
export function planCommand(text: string, command: FleetCommand): PlanResult {
  const parsed = parseFleetYaml(text);
  if (!parsed.ok) {
    const { line, message } = parsed.error;
    return { ok: false, refusal: { code: 'broken-file', message: `${message}${line ? ` (line ${line})` : ''}; fix fleet.yaml before editing`, line } };
  }
  const doc = parseDocument(text, { keepSourceTokens: true, uniqueKeys: true });
  if (!isMap(doc.contents)) return { ok: false, refusal: { code: 'broken-file', message: 'fleet.yaml is not a mapping', line: 1 } };
  const ctx: PlanContext = { text, doc, root: doc.contents, registry: parsed.registry };

  let step: Step;
  let next: string;
  try {
    step = planStep(ctx, command);
    if ('refusal' in step) return { ok: false, refusal: step.refusal };
    next = applyEdits(text, step.edits);
  } catch (error) {
    return unsafe(error instanceof Error ? error.message : String(error));
  }
  if (next === text) return { ok: true, text, changed: false, summary: `No change: fleet.yaml already says that (${command.type})`, inverse: step.inverse };

  const expected = plainData(text);
  step.expect(expected);
  const after = parseDocument(next, { uniqueKeys: true });
  if (after.errors.length > 0) return unsafe(after.errors[0]?.message.split('\n')[0] ?? 'the result does not parse');
  const actual = after.toJS({ maxAliasCount: 100 }) as unknown;
  if (!sameData(expected, actual)) return unsafe('the edited file would not read back as intended');
  return { ok: true, text: next, changed: true, summary: step.summary, inverse: step.inverse };
}

function planStep(ctx: PlanContext, command: FleetCommand): Step {
  switch (command.type) {
    case 'addHandoff':
      return planAddHandoff(ctx, command);
    case 'updateHandoff':
      return planUpdateHandoff(ctx, command);
    case 'removeHandoff':
      return planRemoveHandoff(ctx, command);
    case 'addRule':
      return planAddRule(ctx, command);
    case 'updateRule':
      return planUpdateRule(ctx, command);
    case 'removeRule':
      return planRemoveRule(ctx, command);
    case 'updateSeat':
      return planUpdateSeat(ctx, command);
    case 'addSeat':
      return planAddSeat(ctx, command);
    case 'removeSeat':
      return planRemoveSeat(ctx, command);
    default: {
      const never: never = command;
      return refuse('invalid', `Unknown command ${JSON.stringify((never as { type?: unknown }).type)}`);
    }
  }
}

function unsafe(reason: string): PlanResult {
  return { ok: false, refusal: { code: 'invalid', message: `Seatmap cannot make this edit safely in this fleet.yaml (${reason}); nothing was written` } };
}

function plainData(text: string): Record<string, unknown> {
  return parseDocument(text).toJS({ maxAliasCount: 100 }) as Record<string, unknown>;
}

/** Deep equality of parsed YAML data; key order does not matter, list order does. */
export function sameData(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, i) => sameData(item, b[i]));
  }
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    return ka.length === kb.length && ka.every((k) => k in b && sameData((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
  }
  return false;
}
