/** Active seats as `{ id, name, kind }`, sorted by name: the choices for a successor. */
import { useShallow } from 'zustand/react/shallow';
import { useFleet } from '../store/hooks';

export interface SeatChoice {
  id: string;
  name: string;
  kind: 'agent' | 'human';
}

export function useActiveSeats(): SeatChoice[] {
  const flat = useFleet(
    useShallow((s) => {
      const seats = s.data?.seats;
      if (!seats) return [] as string[];
      return seats.ids
        .map((id) => seats.byId[id])
        .filter((seat) => seat && seat.status !== 'retired' && !seat.undeclared)
        .map((seat) => `${seat!.id}\u0000${seat!.name}\u0000${seat!.kind}`);
    }),
  );
  return flat
    .map((line) => {
      const [id, name, kind] = line.split('\u0000') as [string, string, 'agent' | 'human'];
      return { id, name, kind };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}
