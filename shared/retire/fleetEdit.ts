/**
 * The fleet.yaml edit of a retire or merge, as a sequence of small comment-preserving edits: the
 * editing commands where one exists (shared/commands/plan.ts checks each one reads back as
 * intended), and splices through shared/commands/yamlText.ts for the rest (a seat's `writes` and
 * `reads`, and the retired seat's `status`, `retiredAt`, `reason`, `successors`). Pure.
 */
import { isMap, isScalar, isSeq, parseDocument, type Node, type Pair, type Scalar, type YAMLMap } from 'yaml';
import { planCommand } from '../commands/plan';
import type { FleetCommand } from '../commands/types';
import { applyEdits, columnOf, indentUnit, pairOf, renderScalar, seqInsertEdits, setPairEdits, type TextEdit } from '../commands/yamlText';
import { parseFleetYaml } from '../parseFleet';
import type { FleetRegistry } from '../registry';

export class EditRefused extends Error {}

const SEAT_KEY_ORDER = ['name', 'kind', 'owner', 'role', 'owns', 'notOwns', 'writes', 'reads', 'status', 'retiredAt', 'reason', 'successors'];
const PLACEHOLDER = 'seatmap-placeholder-value-0c1f';

export function registryOf(text: string): FleetRegistry {
  const parsed = parseFleetYaml(text);
  if (!parsed.ok) throw new EditRefused(`the edited fleet.yaml would not parse (${parsed.error.message})`);
  return parsed.registry;
}

/** Applies one editing command; a refusal stops the whole plan. */
export function command(text: string, cmd: FleetCommand): string {
  const result = planCommand(text, cmd);
  if (!result.ok) throw new EditRefused(result.refusal.message);
  return result.text;
}

function seatMap(text: string, seat: string): { map: YAMLMap; unit: number; root: YAMLMap } {
  const doc = parseDocument(text, { keepSourceTokens: true, uniqueKeys: true });
  const root = doc.contents;
  if (!isMap(root)) throw new EditRefused('fleet.yaml is not a mapping');
  const map = doc.getIn(['seats', seat], true);
  if (!isMap(map)) throw new EditRefused(`seat ${seat} is not written as a mapping in fleet.yaml; edit it by hand`);
  return { map, unit: indentUnit(text, root), root };
}

/** Sets a seat's field to a plain value or a list of strings. */
export function setSeatField(text: string, seat: string, key: string, value: string | string[]): string {
  const { map } = seatMap(text, seat);
  const edits = setPairEdits(text, map, key, value, SEAT_KEY_ORDER.slice(0, SEAT_KEY_ORDER.indexOf(key)));
  return applyEdits(text, edits);
}

/** Adds `{ path }` to a seat's `writes` in the list's own style. */
export function addWrite(text: string, seat: string, path: string): string {
  const { map, unit } = seatMap(text, seat);
  const pair = pairOf(map, 'writes');
  if (pair && isSeq(pair.value) && (pair.value.items.length > 0 || pair.value.flow)) {
    return applyEdits(text, seqInsertEdits(text, map, 'writes', [['path', path]], Number.MAX_SAFE_INTEGER, unit));
  }
  return setRaw(text, seat, 'writes', `[{ path: ${renderScalar(path, true, 0)} }]`);
}

/** Sets `key` to raw YAML text written after `key: ` (a flow collection), or a block under it. */
export function setRaw(text: string, seat: string, key: string, raw: string, block?: (indent: number, eol: string) => string): string {
  const { map } = seatMap(text, seat);
  const edits: TextEdit[] = setPairEdits(text, map, key, PLACEHOLDER, SEAT_KEY_ORDER.slice(0, SEAT_KEY_ORDER.indexOf(key)));
  const next = applyEdits(text, edits);
  const at = next.indexOf(PLACEHOLDER);
  if (at < 0 || next.indexOf(PLACEHOLDER, at + 1) >= 0) throw new EditRefused(`cannot write ${key} of seat ${seat} safely`);
  if (block && !map.flow) {
    const keyAt = next.lastIndexOf(`${key}:`, at);
    const indent = columnOf(next, keyAt) + 2;
    const eol = next.includes('\r\n') ? '\r\n' : '\n';
    // `key: PLACEHOLDER` becomes `key:` followed by the block lines.
    return `${next.slice(0, at - 1)}${eol}${block(indent, eol).replace(new RegExp(`${eol}$`), '')}${next.slice(at + PLACEHOLDER.length)}`;
  }
  return `${next.slice(0, at)}${raw}${next.slice(at + PLACEHOLDER.length)}`;
}

export type SuccessorMap = Array<[section: string, value: string | Array<[string, string]>]>;

/** `{ a: b, c: d }` with keys and values rendered so they read back as written. */
export function flowPairs(pairs: Array<[string, string]>): string {
  return `{ ${pairs.map(([k, v]) => `${renderScalar(k, true, 0)}: ${renderScalar(v, true, 0)}`).join(', ')} }`;
}

/** Marks `seat` retired: status, retiredAt, reason, successors (block style in a block seat). */
export function markRetired(text: string, seat: string, retiredAt: string, reason: string, successors: SuccessorMap): string {
  let next = setSeatField(text, seat, 'status', 'retired');
  next = setSeatField(next, seat, 'retiredAt', retiredAt);
  if (reason.trim()) next = setSeatField(next, seat, 'reason', reason.trim());
  const flow = `{ ${successors.map(([k, v]) => `${k}: ${typeof v === 'string' ? renderScalar(v, true, 0) : flowPairs(v)}`).join(', ')} }`;
  next = setRaw(next, seat, 'successors', flow, (indent, eol) =>
    successors.map(([k, v]) => `${' '.repeat(indent)}${k}: ${typeof v === 'string' ? renderScalar(v, false, indent) : flowPairs(v)}${eol}`).join(''),
  );
  return next;
}

/** A seat's list field as plain strings (an entry that is not a scalar is refused). */
export function seatList(text: string, seat: string, key: string): string[] | null {
  const { map } = seatMap(text, seat);
  const value = map.get(key, true) as Node | null | undefined;
  if (value === undefined || value === null) return null;
  if (!isSeq(value)) throw new EditRefused(`seat ${seat}'s ${key} is not a list in fleet.yaml; edit it by hand`);
  return value.items.map((item) => {
    if (!isScalar(item)) throw new EditRefused(`seat ${seat}'s ${key} holds an entry that is not a path; edit it by hand`);
    return String((item as Scalar).value);
  });
}

export function hasSeatKey(text: string, seat: string, key: string): boolean {
  const { map } = seatMap(text, seat);
  return (map.items as Pair<Scalar, unknown>[]).some((p) => isScalar(p.key) && p.key.value === key);
}
