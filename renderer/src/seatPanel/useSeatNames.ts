/** Seat names by id for the panel (senders, readers, owners), re-built only when a name changes. */
import { useMemo } from 'react';
import { useFleet } from '../store/hooks';

export interface SeatNames {
  /** The seat's name, or the id as written when no seat has it (free-text owners, unknown senders). */
  name(id: string): string;
  has(id: string): boolean;
}

export function useSeatNames(): SeatNames {
  // A primitive key, so fleet patches that change only traffic do not rebuild the map.
  const key = useFleet((s) => {
    const seats = s.data?.seats;
    if (!seats) return '';
    return seats.ids.map((id) => `${id}\t${seats.byId[id]?.name ?? id}`).join('\n');
  });
  return useMemo(() => {
    const map = new Map<string, string>();
    for (const line of key.split('\n')) {
      const [id, name] = line.split('\t');
      if (id) map.set(id, name || id);
    }
    return { name: (id: string) => map.get(id) ?? id, has: (id: string) => map.has(id) };
  }, [key]);
}
