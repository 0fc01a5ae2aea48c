/**
 * What a seat node shows of the signals: a badge with how many name the seat (coloured by the worst
 * severity; a click lists them in the warnings panel) and a "Stale" chip for stale state files.
 * Each reads one primitive per seat, so only seats whose signals changed re-render.
 */
import { memo, type MouseEvent } from 'react';
import { AlertIcon } from '../icons';
import { useSelection } from '../store/selection';
import { parseBadge } from './signalIndex';
import { useSeatBadge, useSeatStale } from './useSignals';
import { ClockIcon, ErrorIcon } from './warningIcons';

/** Scrolls the warnings panel to the first warning about a seat and focuses it. */
function revealSeatWarnings(seatId: string, attempts = 10) {
  const item = document.querySelector<HTMLElement>(`[data-testid="warnings-panel"] [data-testid="signal"][data-seats~="${CSS.escape(seatId)}"]`);
  if (item) {
    item.scrollIntoView({ block: 'nearest' });
    item.focus({ preventScroll: true });
  } else if (attempts > 0) requestAnimationFrame(() => revealSeatWarnings(seatId, attempts - 1));
}

export const SeatWarningBadge = memo(function SeatWarningBadge({ seatId }: { seatId: string }) {
  const { count, severity } = parseBadge(useSeatBadge(seatId));
  const setWarningsOpen = useSelection((s) => s.setWarningsOpen);
  if (count === 0 || !severity) return null;
  const label = `${count} ${count === 1 ? 'warning' : 'warnings'}${severity === 'error' ? ', including errors' : ''}`;
  const onClick = (event: MouseEvent) => {
    event.stopPropagation();
    setWarningsOpen(true);
    requestAnimationFrame(() => revealSeatWarnings(seatId));
  };
  return (
    <button
      type="button"
      className={`seat-warnings seat-warnings--${severity} nodrag`}
      data-testid={`seat-warnings-${seatId}`}
      data-severity={severity}
      aria-label={label}
      title={`${label}: show them in the warnings panel`}
      onClick={onClick}
    >
      {severity === 'error' ? <ErrorIcon size={12} strokeWidth={2.6} /> : <AlertIcon size={12} strokeWidth={2.6} />}
      {count}
    </button>
  );
});

export const SeatStaleChip = memo(function SeatStaleChip({ seatId }: { seatId: string }) {
  const stale = useSeatStale(seatId);
  if (!stale) return null;
  const files = stale.split('\n');
  return (
    <span
      className="seat-chip seat-chip--stale"
      data-testid={`seat-stale-${seatId}`}
      title={`Stale state: ${files.join(', ')} ${files.length === 1 ? 'is' : 'are'} older than the limit; readers see old data`}
    >
      <ClockIcon size={11} strokeWidth={2.6} />
      Stale
    </span>
  );
});
