/** What every command planner sees, and the small checks they share. */
import { isMap, type Document, type YAMLMap } from 'yaml';
import { seatIdProblem as idProblem, toFleetPath, type FleetPath } from '../ids';
import type { FleetRegistry, SeatDecl } from '../registry';
import type { FleetCommand, Refusal } from './types';
import type { TextEdit } from './yamlText';

/** The current file, parsed twice: as a registry (meaning) and as a document with source tokens (text). */
export interface PlanContext {
  text: string;
  doc: Document;
  root: YAMLMap;
  registry: FleetRegistry;
}

/** A planner's answer: edits to the text plus what they mean, or a refusal. */
export type Step =
  | {
      edits: TextEdit[];
      summary: string;
      inverse: FleetCommand;
      /** Applies the command to the file's plain data; the edited text must parse to exactly this. */
      expect: (data: Record<string, unknown>) => void;
    }
  | { refusal: Refusal };

export function refuse(code: Refusal['code'], message: string): { refusal: Refusal } {
  return { refusal: { code, message } };
}

/** The map at a top-level key (`seats`), when it is one. */
export function topMap(ctx: PlanContext, key: string): YAMLMap | null {
  const node = ctx.root.get(key, true);
  return isMap(node) ? node : null;
}

/** An entry of a top-level list (`handoffs`, `rules`) by its position, when it is a map. */
export function listEntry(ctx: PlanContext, key: string, index: number): YAMLMap | null {
  const node = ctx.doc.getIn([key, index], true);
  return isMap(node) ? node : null;
}

export function seatIdProblem(id: string, role: string): { refusal: Refusal } | null {
  const problem = idProblem(id);
  return problem === null ? null : refuse('invalid', `${role} ${problem}`);
}

/**
 * The seat for a handoff or rule end: it must be a valid id, exist and be active (`kept`: the end is
 * already in the entry being edited, so a seat retired since is accepted).
 */
export function activeSeat(ctx: PlanContext, id: string, role: string, kept = false): SeatDecl | { refusal: Refusal } {
  const bad = seatIdProblem(id, role);
  if (bad) return bad;
  const seat = ctx.registry.seats.find((s) => s.id === id);
  if (!seat) return refuse('invalid', `${role} ${id}: there is no seat ${id} in fleet.yaml`);
  if (seat.status === 'retired' && !kept) return refuse('invalid', `${role} ${id}: seat ${id} is retired`);
  return seat;
}

/** `inbox`, or a state file the sender declares in its `writes` (`kept`: any path, as the entry already says it). */
export function checkVia(sender: SeatDecl, via: string, kept = false): 'inbox' | FleetPath | { refusal: Refusal } {
  if (via.trim() === 'inbox') return 'inbox';
  const path = toFleetPath(via.trim());
  if (!path) return refuse('invalid', `via ${JSON.stringify(via)} is not a path inside the fleet folder`);
  if (!kept && !sender.writes.some((w) => w.path === path)) {
    const options = ['inbox', ...sender.writes.map((w) => w.path)].join(', ');
    return refuse('invalid', `${sender.id} does not write ${path}; a handoff from ${sender.id} goes via one of: ${options}`);
  }
  return path;
}

export function isRefusal<T>(value: T | { refusal: Refusal }): value is { refusal: Refusal } {
  return typeof value === 'object' && value !== null && 'refusal' in value;
}

/** The list at a top-level key as plain data, created when missing (for `expect`). */
export function dataList(data: Record<string, unknown>, key: string): unknown[] {
  const current = data[key];
  if (Array.isArray(current)) return current;
  const list: unknown[] = [];
  data[key] = list;
  return list;
}

export function dataMap(value: unknown): Record<string, unknown> {
  return value as Record<string, unknown>;
}

/** `a → b` in summaries. */
export function arrow(from: string, to: string): string {
  return `${from} → ${to}`;
}
