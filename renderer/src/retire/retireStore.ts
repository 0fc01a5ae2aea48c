/**
 * The retire/merge workflow's state: which dialog is open (pre-filled from the seat panel, the
 * canvas or a warning), the user's choices, the plan the host returned for them, and the result
 * of applying (with the transaction id undo needs).
 */
import { create } from 'zustand';
import type { RetireApplyResult, RetirePlan } from '../../../shared/retire/types';

export type RetireMode = 'retire' | 'merge';

export interface RetireDraft {
  mode: RetireMode;
  seat: string;
  /** The default successor (retire) or the seat merged into (merge); '' until chosen. */
  to: string;
  reason: string;
  /** Per-item choices that differ from the suggestions. */
  moves: Record<string, string>;
  /** Offered when the dialog came from a warning: the two seats it names. */
  pair: [string, string] | null;
}

export type RetirePhase =
  | { kind: 'editing' }
  | { kind: 'planning' }
  | { kind: 'applying' }
  | { kind: 'done'; result: Extract<RetireApplyResult, { ok: true }> }
  | { kind: 'undoing'; txId: string }
  | { kind: 'undone'; summary: string };

interface RetireState {
  /** The seat context menu on the canvas, at a point in the window. */
  menu: { seat: string; x: number; y: number } | null;
  openMenu(seat: string, x: number, y: number): void;
  closeMenu(): void;
  /** The last undo's outcome, shown on that seat's panel (it outlives the retired state it undid). */
  notice: { seat: string; message: string; error: boolean } | null;
  setNotice(notice: { seat: string; message: string; error: boolean } | null): void;
  draft: RetireDraft | null;
  plan: RetirePlan | null;
  error: string | null;
  phase: RetirePhase;
  open(mode: RetireMode, seat: string, to?: string, pair?: [string, string] | null): void;
  update(changes: Partial<Omit<RetireDraft, 'pair'>>): void;
  setMove(key: string, target: string | null): void;
  setPlan(plan: RetirePlan | null, error: string | null): void;
  setPhase(phase: RetirePhase, error?: string | null): void;
  close(): void;
}

export const useRetire = create<RetireState>((set) => ({
  menu: null,
  notice: null,
  setNotice: (notice) => set({ notice }),
  openMenu: (seat, x, y) => set({ menu: { seat, x, y } }),
  closeMenu: () => set({ menu: null }),
  draft: null,
  plan: null,
  error: null,
  phase: { kind: 'editing' },
  open: (mode, seat, to = '', pair = null) => set({ menu: null, draft: { mode, seat, to, reason: '', moves: {}, pair }, plan: null, error: null, phase: { kind: 'editing' } }),
  update: (changes) =>
    set((state) => {
      if (!state.draft) return {};
      // Changing who retires, into whom, or how resets the per-item choices: they were for the old plan.
      const reset = (changes.seat !== undefined && changes.seat !== state.draft.seat) || (changes.to !== undefined && changes.to !== state.draft.to) || (changes.mode !== undefined && changes.mode !== state.draft.mode);
      return { draft: { ...state.draft, ...changes, moves: reset ? {} : (changes.moves ?? state.draft.moves) } };
    }),
  setMove: (key, target) =>
    set((state) => {
      if (!state.draft) return {};
      const moves = { ...state.draft.moves };
      if (target === null) delete moves[key];
      else moves[key] = target;
      return { draft: { ...state.draft, moves } };
    }),
  setPlan: (plan, error) => set({ plan, error }),
  setPhase: (phase, error = null) => set({ phase, error }),
  close: () => set({ draft: null, plan: null, error: null, phase: { kind: 'editing' } }),
}));
