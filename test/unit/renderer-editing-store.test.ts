import { beforeEach, describe, expect, it } from 'vitest';
import type { CommandResult } from '../../shared/api';
import type { FleetCommand } from '../../shared/commands/types';
import { useEditing } from '../../renderer/src/editing/editStore';

const add: FleetCommand = { type: 'addHandoff', from: 'dirk', to: 'radar', via: 'inbox', what: 'x' };
const remove: FleetCommand = { type: 'removeHandoff', id: 'dirk->radar@inbox' };

/** A host that answers from a script and records what it was asked. */
function host(answers: CommandResult[]) {
  const asked: FleetCommand[] = [];
  useEditing.getState().install(async (command) => {
    asked.push(command);
    const answer = answers.shift();
    if (!answer) throw new Error('no more answers');
    return answer;
  }, () => false);
  return asked;
}

const ok = (inverse: FleetCommand, changed = true): CommandResult => ({ ok: true, changed, summary: 'Added handoff dirk → radar', inverse, rebased: false, hash: 'h' });
const conflict: CommandResult = { ok: false, refusal: { code: 'conflict', message: 'The handoff dirk->radar@inbox is no longer in fleet.yaml' } };

beforeEach(() => useEditing.getState().reset());

describe('editing store', () => {
  it('records a successful edit, undoes it with the host’s inverse and redoes it', async () => {
    const asked = host([ok(remove), ok(add), ok(remove)]);
    expect(await useEditing.getState().run(add)).toMatchObject({ ok: true });
    expect(useEditing.getState().stacks.undo).toHaveLength(1);
    await useEditing.getState().undo();
    await useEditing.getState().redo();
    expect(asked).toEqual([add, remove, add]);
    expect(useEditing.getState().stacks.undo).toHaveLength(1);
    expect(useEditing.getState().pending).toBe(false);
  });

  it('records neither refusals nor no-ops', async () => {
    host([conflict, ok(remove, false)]);
    const refused = await useEditing.getState().run(add);
    expect(refused).toMatchObject({ ok: false });
    if (!refused.ok) expect(refused.message).toMatch(/changed on disk meanwhile.*Nothing was written/);
    await useEditing.getState().run(add);
    expect(useEditing.getState().stacks).toEqual({ undo: [], redo: [] });
  });

  it('drops an edit whose undo is refused and says so', async () => {
    host([ok(remove), conflict]);
    await useEditing.getState().run(add);
    await useEditing.getState().undo();
    expect(useEditing.getState().stacks).toEqual({ undo: [], redo: [] });
    expect(useEditing.getState().toast).toMatchObject({ tone: 'error', message: expect.stringMatching(/Could not undo/) });
  });

  it('does not open a form while fleet.yaml is broken', () => {
    useEditing.getState().install(async () => ok(remove), () => true);
    const before = useEditing.getState().blockedAttempts;
    expect(useEditing.getState().openForm({ kind: 'seat-add' })).toBe(false);
    expect(useEditing.getState().form).toBeNull();
    expect(useEditing.getState().blockedAttempts).toBe(before + 1);
  });
});
