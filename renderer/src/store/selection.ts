/**
 * What the user is looking at: the seat whose panel is open, the message open in it, and what a
 * clicked warning highlights on the graph. Kept apart from the fleet store (which mirrors the host)
 * so fleet patches never disturb a selection, and a selection never re-renders the graph.
 */
import { create } from 'zustand';

export interface SelectionState {
  /** The seat whose panel is open, or null. */
  seat: string | null;
  /** The message open in the seat panel: the inbox (recipient seat) holding it and its id. */
  message: { inbox: string; id: string } | null;
  /** Seats and edge ids (edge spec ids) a clicked warning points at, drawn highlighted. */
  highlightedSeats: readonly string[];
  highlightedEdges: readonly string[];
  /** The warnings panel is open. */
  warningsOpen: boolean;
  openSeat(seat: string): void;
  openMessage(inbox: string, id: string, seat?: string): void;
  closeMessage(): void;
  closeSeat(): void;
  highlight(seats: readonly string[], edges: readonly string[]): void;
  clearHighlight(): void;
  setWarningsOpen(open: boolean): void;
}

const NONE: readonly string[] = [];

export const useSelection = create<SelectionState>((set) => ({
  seat: null,
  message: null,
  highlightedSeats: NONE,
  highlightedEdges: NONE,
  warningsOpen: false,
  openSeat: (seat) => set((s) => (s.seat === seat ? s : { seat, message: null })),
  openMessage: (inbox, id, seat) => set((s) => ({ seat: seat ?? s.seat ?? inbox, message: { inbox, id } })),
  closeMessage: () => set({ message: null }),
  closeSeat: () => set({ seat: null, message: null }),
  highlight: (seats, edges) => set({ highlightedSeats: seats, highlightedEdges: edges }),
  clearHighlight: () => set({ highlightedSeats: NONE, highlightedEdges: NONE }),
  setWarningsOpen: (open) => set({ warningsOpen: open }),
}));
