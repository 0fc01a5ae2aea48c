/**
 * What the editing UI tells the user when the file system fails part of a fleet.yaml write: the
 * editing store wired to the real command runner on a real temp folder, with faults injected
 * through the runner's write hook. A write that happened is never reported as "nothing written".
 */
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { WriteHook, WriteStep } from '../../service/atomicWrite';
import { runFleetCommand } from '../../service/commandRunner';
import type { FleetCommand } from '../../shared/commands/types';
import { useEditing } from '../../renderer/src/editing/editStore';
import { FIXTURES, makeFleetDir, removeDir } from '../helpers/fleetDir';

const agency = readFileSync(join(FIXTURES, 'commands', 'agency.yaml'), 'utf8');
const add: FleetCommand = { type: 'addHandoff', from: 'dirk', to: 'radar', via: 'inbox', what: 'Deals closed today' };
let root = '';

beforeEach(async () => {
  root = await makeFleetDir({ 'fleet.yaml': agency });
  useEditing.getState().reset();
});
afterEach(() => removeDir(root));

const failAt =
  (step: WriteStep, code: string): WriteHook =>
  (at) => {
    if (at === step) throw Object.assign(new Error(`${code}: injected`), { code });
  };

function useRunner(hook: WriteHook): void {
  useEditing.getState().install((command) => runFleetCommand(root, command, { hook }), () => false);
}

describe('editing store over the real runner with write faults', () => {
  it('a folder fsync Windows cannot do: the edit is saved and reported saved', async () => {
    useRunner(failAt('dir-open', 'EISDIR'));
    expect(await useEditing.getState().run(add)).toEqual({ ok: true, changed: true, summary: expect.any(String) });
    expect(useEditing.getState().toast).toBeNull();
    expect(useEditing.getState().stacks.undo).toHaveLength(1);
    expect(await readFile(join(root, 'fleet.yaml'), 'utf8')).toContain('Deals closed today');
  });

  it('a folder fsync that fails for real: saved, undoable, and the doubt is shown', async () => {
    useRunner(failAt('dir-sync', 'EIO'));
    const answer = await useEditing.getState().run(add);
    expect(answer).toMatchObject({ ok: true, changed: true });
    expect(useEditing.getState().stacks.undo).toHaveLength(1);
    const toast = useEditing.getState().toast;
    expect(toast).toMatchObject({ tone: 'error', action: 'undo' });
    expect(toast?.message).toMatch(/^Saved: .+\. fleet\.yaml holds the edit, but the system could not confirm that it is safely on disk \(an input\/output error \(EIO\)\)/);
    expect(toast?.message).not.toMatch(/nothing was written/i);
  });

  it('the disk is full: refused, and the words say fleet.yaml is unchanged', async () => {
    useRunner(failAt('temp-write', 'ENOSPC'));
    expect(await useEditing.getState().run(add)).toEqual({
      ok: false,
      refusal: expect.objectContaining({ code: 'write-failed' }),
      message: 'Seatmap could not write the new fleet.yaml (the disk is full (ENOSPC)); fleet.yaml is unchanged; nothing was written.',
    });
    expect(await readFile(join(root, 'fleet.yaml'), 'utf8')).toBe(agency);
  });
});
