/**
 * The seat panel: opens for the seat in the selection store (a click or Enter on the
 * graph, or a warning pointing at a seat or message), shows who the seat is, how it is wired and
 * its inbox; a message opens over the list so the list keeps its place. Esc closes the message
 * first, then the panel.
 */
import { useEffect, useRef, useState, type RefObject } from 'react';
import { SeatEditActions } from '../editing/SeatEditActions';
import { RetireActions } from '../retire/RetireActions';
import { AgentIcon, CloseIcon, HumanIcon } from '../icons';
import { useFleet } from '../store/hooks';
import { useSelection } from '../store/selection';
import { InboxSection } from './InboxSection';
import { MessageView } from './MessageView';
import { FactsSummary, RetiredNotice, SeatFacts, SeatRef } from './SeatFacts';
import './seatPanel.css';

/** Esc belongs to the panel when focus is in it, on the graph, or nowhere in particular. */
function escapeIsOurs(panel: HTMLElement | null, event: KeyboardEvent): boolean {
  if (event.defaultPrevented) return false;
  const active = document.activeElement;
  if (!active || active === document.body || active === document.documentElement) return true;
  if (panel?.contains(active)) return true;
  return Boolean(active.closest('.canvas'));
}

/** Whether the facts are shown is the reader's choice, kept across seats and sessions. */
const FACTS_OPEN_KEY = 'seatmap.seatPanel.factsOpen';

function useFactsOpen(): [boolean, (open: boolean) => void] {
  const [open, setOpen] = useState(() => {
    try {
      return window.localStorage.getItem(FACTS_OPEN_KEY) !== 'false';
    } catch {
      return true;
    }
  });
  const choose = (next: boolean) => {
    setOpen(next);
    try {
      window.localStorage.setItem(FACTS_OPEN_KEY, String(next));
    } catch {
      // Storage can be unavailable (a locked-down profile): the choice lasts for this panel only.
    }
  };
  return [open, choose];
}

function SeatHeader({ seat, headingRef }: { seat: string; headingRef: RefObject<HTMLHeadingElement | null> }) {
  const name = useFleet((s) => s.data?.seats.byId[seat]?.name ?? seat);
  const kind = useFleet((s) => s.data?.seats.byId[seat]?.kind ?? 'agent');
  const owner = useFleet((s) => s.data?.seats.byId[seat]?.owner ?? null);
  const role = useFleet((s) => s.data?.seats.byId[seat]?.role ?? '');
  const retired = useFleet((s) => s.data?.seats.byId[seat]?.status === 'retired');
  const undeclared = useFleet((s) => s.data?.seats.byId[seat]?.undeclared ?? false);
  const undeclaredLabel = useFleet((s) => s.data?.snapshot.source?.undeclaredLabel ?? 'Not in fleet.yaml');
  const closeSeat = useSelection((s) => s.closeSeat);
  const human = kind === 'human';
  return (
    <header className={`seat-panel-head seat-panel-head--${kind}${retired ? ' is-retired' : ''}`}>
      <div className="seat-panel-title">
        <span className="seat-panel-icon" aria-hidden="true">
          {human ? <HumanIcon size={18} /> : <AgentIcon size={18} />}
        </span>
        <h2 ref={headingRef} tabIndex={-1}>
          {name}
        </h2>
        <span className={`kind-pill kind-pill--${kind}`}>{human ? 'Human' : 'Agent'}</span>
        {retired ? <span className="kind-pill kind-pill--retired">Retired</span> : <span className="kind-pill kind-pill--active">Active</span>}
        <button type="button" className="button button--icon seat-panel-close" aria-label="Close seat panel (Esc)" title="Close (Esc)" onClick={closeSeat}>
          <CloseIcon size={16} />
        </button>
      </div>
      <p className="seat-panel-sub">
        <code className="seat-panel-id">@{seat}</code>
        {!human && (
          <>
            <span className="message-dot" aria-hidden="true">·</span>
            {owner ? (
              <span>
                Owner <SeatRef id={owner} />
              </span>
            ) : (
              <span className="tag tag--warn">No accountable owner</span>
            )}
          </>
        )}
        {undeclared && <span className="tag tag--warn">{undeclaredLabel}</span>}
      </p>
      {role ? <p className="seat-panel-role">{role}</p> : <p className="seat-panel-role is-empty">No role written.</p>}
      {retired && <RetiredNotice seat={seat} />}
      <SeatEditActions seat={seat} />
      <RetireActions seat={seat} />
    </header>
  );
}

function OpenSeatPanel({ seat }: { seat: string }) {
  const exists = useFleet((s) => Boolean(s.data?.seats.byId[seat]));
  const name = useFleet((s) => s.data?.seats.byId[seat]?.name ?? seat);
  const message = useSelection((s) => s.message);
  const closeMessage = useSelection((s) => s.closeMessage);
  const closeSeat = useSelection((s) => s.closeSeat);
  const panelRef = useRef<HTMLElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const [factsOpen, setFactsOpen] = useFactsOpen();

  // A new seat takes focus to its name, so the keyboard lands where the reading starts.
  useEffect(() => {
    headingRef.current?.focus({ preventScroll: true });
  }, [seat]);

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || !escapeIsOurs(panelRef.current, event)) return;
      event.preventDefault();
      const { message: open } = useSelection.getState();
      if (open) closeMessage();
      else closeSeat();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [closeMessage, closeSeat]);

  return (
    <aside ref={panelRef} className="seat-panel" aria-label={`Seat ${name}`} data-testid="seat-panel">
      {exists ? (
        <>
          <SeatHeader seat={seat} headingRef={headingRef} />
          <div className="seat-panel-body">
            <details className="facts-toggle" open={factsOpen} onToggle={(event) => setFactsOpen(event.currentTarget.open)}>
              <summary>
                <span className="facts-toggle-title">About</span>
                <FactsSummary seat={seat} />
              </summary>
              <SeatFacts seat={seat} />
            </details>
            <InboxSection seat={seat} messageOpen={message !== null} />
            {message && (
              <div className="message-overlay">
                <MessageView key={`${message.inbox}/${message.id}`} inbox={message.inbox} id={message.id} onBack={closeMessage} />
              </div>
            )}
          </div>
        </>
      ) : (
        <div className="seat-panel-gone">
          <h2 ref={headingRef} tabIndex={-1}>
            {seat}
          </h2>
          <p>This seat is no longer in the fleet.</p>
          <button type="button" className="button" onClick={closeSeat}>
            Close
          </button>
        </div>
      )}
    </aside>
  );
}

export function SeatPanel() {
  const seat = useSelection((s) => s.seat);
  if (!seat) return null;
  return <OpenSeatPanel key={seat} seat={seat} />;
}
