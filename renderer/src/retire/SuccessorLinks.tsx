/** On a retired seat's node: a link to each successor (where its work went), opening that seat. */
import { useShallow } from 'zustand/react/shallow';
import { useFleet } from '../store/hooks';
import { useSelection } from '../store/selection';
import { describeSuccessors } from '../seatPanel/successors';

export function SuccessorLinks({ seatId }: { seatId: string }) {
  const targets = useFleet(
    useShallow((s) => {
      const seat = s.data?.seats.byId[seatId];
      if (!seat || seat.status !== 'retired') return [] as string[];
      const ids = [...new Set(describeSuccessors(seat.successors).map((line) => line.to))];
      return ids.filter((id) => id !== 'dropped' && s.data?.seats.byId[id]).map((id) => `${id}\u0000${s.data?.seats.byId[id]?.name ?? id}`);
    }),
  );
  const openSeat = useSelection((s) => s.openSeat);
  if (targets.length === 0) return null;
  return (
    <div className="seat-successors nodrag" data-testid={`successors-${seatId}`}>
      <span aria-hidden="true">→</span>
      {targets.map((entry) => {
        const [id, name] = entry.split('\u0000') as [string, string];
        return (
          <button
            key={id}
            type="button"
            className="seat-successor-link"
            data-testid={`successor-link-${id}`}
            title={`Its work went to ${name}: open ${name}`}
            onClick={(event) => {
              event.stopPropagation();
              openSeat(id);
            }}
          >
            {name}
          </button>
        );
      })}
    </div>
  );
}
