import { describe, expect, it } from 'vitest';
import type { FleetCommand } from '../../shared/commands/types';
import { afterRedo, afterUndo, EMPTY_STACKS, recordEdit, takeRedo, takeUndo, undoKey, type EditEntry, type UndoStacks } from '../../renderer/src/editing/undoStack';

const remove = (id: string): FleetCommand => ({ type: 'removeHandoff', id });
const add = (from: string, to: string, at?: number): FleetCommand => ({ type: 'addHandoff', from, to, via: 'inbox', what: 'x', ...(at === undefined ? {} : { at }) });
const entry = (n: number): EditEntry => ({ summary: `edit ${n}`, redo: remove(`h${n}`), undo: add('a', `s${n}`, n) });

describe('undo stacks', () => {
  it('records edits and clears redo on a new edit', () => {
    let stacks: UndoStacks = { undo: [entry(1)], redo: [entry(9)] };
    stacks = recordEdit(stacks, entry(2));
    expect(stacks.undo.map((e) => e.summary)).toEqual(['edit 1', 'edit 2']);
    expect(stacks.redo).toEqual([]);
  });

  it('keeps at most the limit, dropping the oldest', () => {
    let stacks = EMPTY_STACKS;
    for (let i = 0; i < 5; i++) stacks = recordEdit(stacks, entry(i), 3);
    expect(stacks.undo.map((e) => e.summary)).toEqual(['edit 2', 'edit 3', 'edit 4']);
  });

  it('undo then redo round-trips, refreshing the commands from the host’s inverses', () => {
    const stacks = recordEdit(EMPTY_STACKS, entry(1));
    const taken = takeUndo(stacks)!;
    expect(taken.entry.undo).toEqual(add('a', 's1', 1));
    expect(taken.stacks.undo).toEqual([]);
    const undone = afterUndo(taken.stacks, taken.entry, { ok: true, inverse: remove('fresh') });
    expect(undone.redo).toEqual([{ summary: 'edit 1', redo: remove('fresh'), undo: add('a', 's1', 1) }]);

    const again = takeRedo(undone)!;
    expect(again.entry.redo).toEqual(remove('fresh'));
    const redone = afterRedo(again.stacks, again.entry, { ok: true, inverse: add('a', 's1', 7) });
    expect(redone).toEqual({ undo: [{ summary: 'edit 1', redo: remove('fresh'), undo: add('a', 's1', 7) }], redo: [] });
  });

  it('drops an entry whose undo or redo was refused (a conflict with a change on disk)', () => {
    const stacks = recordEdit(recordEdit(EMPTY_STACKS, entry(1)), entry(2));
    const taken = takeUndo(stacks)!;
    expect(afterUndo(taken.stacks, taken.entry, { ok: false })).toEqual({ undo: [entry(1)], redo: [] });
    const redoTaken = takeRedo({ undo: [], redo: [entry(3)] })!;
    expect(afterRedo(redoTaken.stacks, redoTaken.entry, { ok: false })).toEqual({ undo: [], redo: [] });
  });

  it('has nothing to take from empty stacks', () => {
    expect(takeUndo(EMPTY_STACKS)).toBeNull();
    expect(takeRedo(EMPTY_STACKS)).toBeNull();
  });
});

describe('undo keys', () => {
  const key = (k: string, mods: Partial<{ ctrlKey: boolean; metaKey: boolean; shiftKey: boolean; altKey: boolean }> = {}) =>
    undoKey({ key: k, ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, ...mods });
  it.each([
    ['z', { ctrlKey: true }, 'undo'],
    ['z', { metaKey: true }, 'undo'],
    ['Z', { ctrlKey: true, shiftKey: true }, 'redo'],
    ['z', { metaKey: true, shiftKey: true }, 'redo'],
    ['y', { ctrlKey: true }, 'redo'],
    ['z', {}, null],
    ['z', { ctrlKey: true, altKey: true }, null],
    ['x', { ctrlKey: true }, null],
    ['Y', { ctrlKey: true, shiftKey: true }, null],
  ] as const)('%s %o → %s', (k, mods, expected) => {
    expect(key(k, mods)).toBe(expected);
  });
});
