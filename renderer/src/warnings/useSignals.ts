/**
 * Narrow hooks on the signals for the graph and the top bar: each returns a primitive, so a
 * component re-renders only when its own answer changes (see signalIndex.ts).
 */
import { useFleet } from '../store/hooks';
import { useSelection } from '../store/selection';
import { signalIndexOf } from './signalIndex';

/** `"<count>:<worst severity>"` for a seat, or `""`. */
export function useSeatBadge(seatId: string): string {
  return useFleet((s) => signalIndexOf(s.data?.signals).seatBadges.get(seatId) ?? '');
}

/** The seat's stale state files, newline-joined, or `""`. */
export function useSeatStale(seatId: string): string {
  return useFleet((s) => signalIndexOf(s.data?.signals).seatStale.get(seatId) ?? '');
}

/** The stale files these designed handoffs carry, newline-joined, or `""`. */
export function useStaleVia(handoffIds: readonly string[]): string {
  return useFleet((s) => {
    const stale = signalIndexOf(s.data?.signals).staleHandoffs;
    const files = new Set<string>();
    for (const id of handoffIds) {
      const file = stale.get(id);
      if (file) files.add(file);
    }
    return [...files].sort().join('\n');
  });
}

/** How many of these designed handoffs are dead. */
export function useDeadCount(handoffIds: readonly string[]): number {
  return useFleet((s) => {
    const dead = signalIndexOf(s.data?.signals).deadHandoffs;
    let n = 0;
    for (const id of handoffIds) if (dead.has(id)) n++;
    return n;
  });
}

/** Seats `b > seatId` this seat overlaps with, newline-joined (this seat draws those links). */
export function useOverlapPartners(seatId: string): string {
  return useFleet((s) => signalIndexOf(s.data?.signals).overlapPartners.get(seatId) ?? '');
}

/** One overlap link as `"<severity>\t<kinds,…>\t<messages…>"`, or `""`. */
export function useOverlapLink(key: string): string {
  return useFleet((s) => {
    const link = signalIndexOf(s.data?.signals).overlaps.get(key);
    return link ? `${link.severity}\t${link.kinds.join(',')}\t${link.messages.join('\n')}` : '';
  });
}

/** All signals as `"<count>:<worst severity>"`. */
export function useSignalTotal(): string {
  return useFleet((s) => signalIndexOf(s.data?.signals).total);
}

/** Whether a clicked warning points at this seat or edge, and whether anything is highlighted at all. */
export function useHighlight(kind: 'seat' | 'edge', id: string): 'on' | 'off' | 'none' {
  return useSelection((s) => {
    const list = kind === 'seat' ? s.highlightedSeats : s.highlightedEdges;
    if (list.includes(id)) return 'on';
    return s.highlightedSeats.length > 0 || s.highlightedEdges.length > 0 ? 'off' : 'none';
  });
}
