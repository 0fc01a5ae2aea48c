/** "Retire…" and "Merge into…" for a seat (the seat panel), and the fixes offered on overlap warnings. */
import type { Signal } from '../../../shared/signalTypes';
import { useFleet } from '../store/hooks';
import { useRetire } from './retireStore';
import { UndoNotice, UndoRetireAction } from './UndoRetireAction';

export function RetireActions({ seat }: { seat: string }) {
  const active = useFleet((s) => {
    const view = s.data?.seats.byId[seat];
    return Boolean(view && !view.undeclared && view.status !== 'retired');
  });
  const retired = useFleet((s) => s.data?.seats.byId[seat]?.status === 'retired');
  const open = useRetire((s) => s.open);
  // A source Seatmap may only read (a Claude Code team) offers no editing at all (docs/sources.md).
  const readOnly = useFleet((s) => Boolean(s.data?.snapshot.source?.readOnly));
  if (readOnly) return null;
  if (retired) {
    return (
      <>
        <UndoRetireAction seat={seat} />
        <UndoNotice seat={seat} />
      </>
    );
  }
  if (!active) return null;
  return (
    <>
    <UndoNotice seat={seat} />
    <div className="seat-edit-actions retire-actions">
      <button type="button" className="button button--small" data-testid="seat-retire" onClick={() => open('retire', seat)} aria-label="Retire this seat: see what depends on it and give each thing to a successor">
        Retire…
      </button>
      <button type="button" className="button button--small" data-testid="seat-merge" onClick={() => open('merge', seat)} aria-label="Merge this seat into another">
        Merge into…
      </button>
    </div>
    </>
  );
}

/** Offered under a mandate-overlap, unruled-overlap or duplicate-work warning: both seats pre-filled. */
export function OverlapFixActions({ signal }: { signal: Signal }) {
  const open = useRetire((s) => s.open);
  const seats = signal.seats.slice(0, 2);
  const [a, b] = seats;
  const bothActive = useFleet((s) => seats.length === 2 && seats.every((id) => s.data?.seats.byId[id]?.status === 'active' && !s.data?.seats.byId[id]?.undeclared));
  // A source Seatmap may only read (a Claude Code team) offers no editing at all (docs/sources.md).
  const readOnly = useFleet((s) => Boolean(s.data?.snapshot.source?.readOnly));
  if (!a || !b || !bothActive || readOnly) return null;
  // The seat with more domains stays by default: the other is the likelier one to retire.
  return <OverlapButtons a={a} b={b} onOpen={open} />;
}

function OverlapButtons({ a, b, onOpen }: { a: string; b: string; onOpen: ReturnType<typeof useRetire.getState>['open'] }) {
  const ownsA = useFleet((s) => s.data?.seats.byId[a]?.owns.length ?? 0);
  const ownsB = useFleet((s) => s.data?.seats.byId[b]?.owns.length ?? 0);
  // The seat that spans more domains is usually the one that overlaps: offer it as the one to go.
  const [goes, stays] = ownsA >= ownsB ? [a, b] : [b, a];
  return (
    <div className="signal-fixes">
      <button type="button" className="button button--small" data-testid="signal-retire" onClick={() => onOpen('retire', goes, '', [goes, stays])}>
        Retire one of them…
      </button>
      <button type="button" className="button button--small" data-testid="signal-merge" onClick={() => onOpen('merge', goes, stays, [goes, stays])}>
        Merge them…
      </button>
    </div>
  );
}
