/**
 * The user's own edits, for undo and redo. Pure: the store runs the commands and feeds
 * the host's answers back in. Only successful results of the user's commands are recorded; changes
 * that arrive from disk never pass through here, so they can never be undone by accident.
 *
 * Each entry keeps the command that re-does it and the one that undoes it. Both are refreshed from
 * the host's answer every time they run (the host's `inverse` knows where an entry now sits), so a
 * handoff removed, restored and removed again goes back to the same place each time.
 */
import type { FleetCommand } from '../../../shared/commands/types';

export interface EditEntry {
  /** What the edit did, in the host's words ("Added handoff dash → radar"). */
  summary: string;
  /** Runs the edit again. */
  redo: FleetCommand;
  /** Takes it back. */
  undo: FleetCommand;
}

export interface UndoStacks {
  /** Oldest first; the last entry is the next to undo. */
  undo: readonly EditEntry[];
  /** Oldest first; the last entry is the next to redo. */
  redo: readonly EditEntry[];
}

/** How many edits are kept; older ones fall off the bottom. */
export const UNDO_LIMIT = 100;

export const EMPTY_STACKS: UndoStacks = { undo: [], redo: [] };

/** A new edit: it goes on the undo stack and clears redo (the redo branch no longer applies). */
export function recordEdit(stacks: UndoStacks, entry: EditEntry, limit = UNDO_LIMIT): UndoStacks {
  const undo = [...stacks.undo, entry];
  return { undo: undo.length > limit ? undo.slice(undo.length - limit) : undo, redo: [] };
}

/** The entry to undo next, and the stacks without it while its command runs. */
export function takeUndo(stacks: UndoStacks): { entry: EditEntry; stacks: UndoStacks } | null {
  const entry = stacks.undo.at(-1);
  if (!entry) return null;
  return { entry, stacks: { undo: stacks.undo.slice(0, -1), redo: stacks.redo } };
}

/** The entry to redo next, and the stacks without it while its command runs. */
export function takeRedo(stacks: UndoStacks): { entry: EditEntry; stacks: UndoStacks } | null {
  const entry = stacks.redo.at(-1);
  if (!entry) return null;
  return { entry, stacks: { undo: stacks.undo, redo: stacks.redo.slice(0, -1) } };
}

/** What the host answered: the inverse of what just ran, or a refusal (the entry is dropped). */
export type RunOutcome = { ok: true; inverse: FleetCommand } | { ok: false };

/** After an undo ran: on success the entry moves to redo, re-done by the undo's own inverse. */
export function afterUndo(stacks: UndoStacks, entry: EditEntry, outcome: RunOutcome): UndoStacks {
  if (!outcome.ok) return stacks;
  return { undo: stacks.undo, redo: [...stacks.redo, { ...entry, redo: outcome.inverse }] };
}

/** After a redo ran: on success the entry goes back on the undo stack with the fresh inverse. */
export function afterRedo(stacks: UndoStacks, entry: EditEntry, outcome: RunOutcome, limit = UNDO_LIMIT): UndoStacks {
  if (!outcome.ok) return stacks;
  const undo = [...stacks.undo, { ...entry, undo: outcome.inverse }];
  return { undo: undo.length > limit ? undo.slice(undo.length - limit) : undo, redo: stacks.redo };
}

/** Ctrl/Cmd+Z, Shift+Ctrl/Cmd+Z and Ctrl+Y, as a platform-neutral decision on a key event. */
export function undoKey(event: { key: string; ctrlKey: boolean; metaKey: boolean; shiftKey: boolean; altKey: boolean }): 'undo' | 'redo' | null {
  if (event.altKey || !(event.ctrlKey || event.metaKey)) return null;
  const key = event.key.toLowerCase();
  if (key === 'z') return event.shiftKey ? 'redo' : 'undo';
  if (key === 'y' && !event.shiftKey) return 'redo';
  return null;
}
