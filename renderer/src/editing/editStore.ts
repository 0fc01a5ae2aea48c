/**
 * The editing state: which form is open, the edge selected on the graph, the command in
 * flight, the user's undo/redo stacks and the toast. Commands run through a runner that
 * `EditingRoot` installs (it knows the host and the snapshot's fleetHash), so the graph and the
 * seat panel can start edits by calling store actions without knowing the host.
 */
import { create } from 'zustand';
import type { CommandResult } from '../../../shared/api';
import type { FleetCommand, Refusal } from '../../../shared/commands/types';
import { describeRefusal } from './formModel';
import { afterRedo, afterUndo, EMPTY_STACKS, recordEdit, takeRedo, takeUndo, type UndoStacks } from './undoStack';

/** The open form. `create` forms start from defaults; the others edit what is in the snapshot. */
export type EditForm =
  | { kind: 'handoff-create'; from: string; to: string }
  | { kind: 'handoff-edit'; ids: readonly string[] }
  | { kind: 'rule-create'; winner: string; over: string }
  | { kind: 'rule-edit'; ids: readonly string[] }
  | { kind: 'seat-edit'; seat: string }
  | { kind: 'seat-add' };

/** An edge selected on the graph that can be edited: the handoffs or rules it stands for (none for undesigned traffic). */
export interface SelectedEdge {
  edgeId: string;
  kind: 'handoff' | 'rule' | 'traffic';
  from: string;
  to: string;
  ids: readonly string[];
}

export interface Toast {
  /** Bumps on every new toast so the same text shows again. */
  key: number;
  message: string;
  tone: 'info' | 'error';
  /** Offer undo (after a removal) or redo (after an undo). */
  action: 'undo' | 'redo' | null;
}

export type Runner = (command: FleetCommand) => Promise<CommandResult>;

export type RunAnswer = { ok: true; summary: string; changed: boolean } | { ok: false; message: string; refusal: Refusal | null };

export interface EditingState {
  form: EditForm | null;
  selectedEdge: SelectedEdge | null;
  /** A command is running (forms show it and refuse a second submit). */
  pending: boolean;
  stacks: UndoStacks;
  toast: Toast | null;
  /** Bumps when an edit was attempted while fleet.yaml does not parse (the banner draws attention). */
  blockedAttempts: number;
  runner: Runner | null;
  /** Whether fleet.yaml is broken right now (installed with the runner). */
  isBroken: () => boolean;

  install(runner: Runner, isBroken: () => boolean): void;
  /** Another fleet is on screen: its edits are not this one's to undo. */
  reset(): void;
  openForm(form: EditForm): boolean;
  closeForm(): void;
  selectEdge(edge: SelectedEdge | null): void;
  /** Runs the user's command and records it for undo. */
  run(command: FleetCommand, options?: { toast?: { message: string; action: 'undo' } }): Promise<RunAnswer>;
  undo(): Promise<void>;
  redo(): Promise<void>;
  showToast(message: string, tone?: Toast['tone'], action?: Toast['action']): void;
  dismissToast(): void;
}

let toastKey = 0;

const sendFailure = (error: unknown): string => `The edit could not be sent: ${error instanceof Error ? error.message : String(error)}. Nothing was written.`;
const failure = (error: unknown): RunAnswer => ({ ok: false, refusal: null, message: sendFailure(error) });

export const useEditing = create<EditingState>((set, get) => {
  /** Runs one command with the pending flag held; never two at once. */
  const execute = async (command: FleetCommand): Promise<CommandResult | { ok: false; error: unknown }> => {
    const { runner } = get();
    if (!runner) return { ok: false, error: new Error('not connected to the host') };
    set({ pending: true });
    try {
      return await runner(command);
    } catch (error) {
      return { ok: false, error };
    } finally {
      set({ pending: false });
    }
  };

  const toast = (message: string, tone: Toast['tone'] = 'info', action: Toast['action'] = null) => set({ toast: { key: ++toastKey, message, tone, action } });

  return {
    form: null,
    selectedEdge: null,
    pending: false,
    stacks: EMPTY_STACKS,
    toast: null,
    blockedAttempts: 0,
    runner: null,
    isBroken: () => false,

    install: (runner, isBroken) => set({ runner, isBroken }),
    reset: () => set({ form: null, selectedEdge: null, stacks: EMPTY_STACKS, toast: null }),

    openForm: (form) => {
      if (get().isBroken()) {
        set((s) => ({ blockedAttempts: s.blockedAttempts + 1 }));
        return false;
      }
      set({ form });
      return true;
    },
    closeForm: () => set({ form: null }),
    selectEdge: (edge) => set((s) => (s.selectedEdge?.edgeId === edge?.edgeId && s.selectedEdge?.ids.join('\n') === edge?.ids.join('\n') ? s : { selectedEdge: edge })),

    run: async (command, options) => {
      if (get().pending) return { ok: false, refusal: null, message: 'Another edit is still being saved; try again in a moment.' };
      if (get().isBroken()) set((s) => ({ blockedAttempts: s.blockedAttempts + 1 }));
      const result = await execute(command);
      if ('error' in result) return failure(result.error);
      if (!result.ok) return { ok: false, refusal: result.refusal, message: describeRefusal(result.refusal) };
      // A no-op writes nothing and has nothing to undo.
      if (result.changed) {
        set((s) => ({ stacks: recordEdit(s.stacks, { summary: result.summary, redo: command, undo: result.inverse }) }));
        if (options?.toast) toast(options.toast.message, 'info', options.toast.action);
      }
      // Something the user must read about this write (a repaired earlier edit, durability in doubt).
      if (result.notice) toast(`${result.changed ? `Saved: ${result.summary}. ` : ''}${result.notice}`, 'error', result.changed ? 'undo' : null);
      return { ok: true, summary: result.summary, changed: result.changed };
    },

    undo: async () => {
      if (get().pending) return;
      const taken = takeUndo(get().stacks);
      if (!taken) {
        toast('Nothing to undo.');
        return;
      }
      set({ stacks: taken.stacks });
      const result = await execute(taken.entry.undo);
      if ('error' in result || !result.ok) {
        // The edit can no longer be taken back (changed on disk meanwhile): say so and drop it.
        const why = 'error' in result ? sendFailure(result.error) : describeRefusal(result.refusal);
        toast(`Could not undo “${taken.entry.summary}”. ${why}`, 'error');
        return;
      }
      set((s) => ({ stacks: afterUndo(s.stacks, taken.entry, { ok: true, inverse: result.inverse }) }));
      toast(`Undone: ${taken.entry.summary}${result.notice ? `. ${result.notice}` : ''}`, result.notice ? 'error' : 'info', 'redo');
    },

    redo: async () => {
      if (get().pending) return;
      const taken = takeRedo(get().stacks);
      if (!taken) {
        toast('Nothing to redo.');
        return;
      }
      set({ stacks: taken.stacks });
      const result = await execute(taken.entry.redo);
      if ('error' in result || !result.ok) {
        const why = 'error' in result ? sendFailure(result.error) : describeRefusal(result.refusal);
        toast(`Could not redo “${taken.entry.summary}”. ${why}`, 'error');
        return;
      }
      set((s) => ({ stacks: afterRedo(s.stacks, taken.entry, { ok: true, inverse: result.inverse }) }));
      toast(`Redone: ${taken.entry.summary}${result.notice ? `. ${result.notice}` : ''}`, result.notice ? 'error' : 'info', 'undo');
    },

    showToast: toast,
    dismissToast: () => set({ toast: null }),
  };
});
