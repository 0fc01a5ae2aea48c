/** Problems the user must see above the graph: a lost host link, and a fleet.yaml that does not read. */
import { useEffect, useState } from 'react';
import { formatLocation } from '../../../shared/diagnostics';
import { useConnectionState, useHost } from '../hostContext';
import { AlertIcon, InfoIcon, PlugIcon } from '../icons';
import { useFleet } from '../store/hooks';
import './teams.css';

/** Seconds until `at`, re-rendered each second while shown. */
function useSecondsUntil(at: number | null): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (at === null) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [at]);
  return at === null ? 0 : Math.max(0, Math.ceil((at - now) / 1000));
}

export function ConnectionBanner() {
  const host = useHost();
  const state = useConnectionState();
  const retryAt = state.status === 'reconnecting' ? state.retryAt : null;
  const seconds = useSecondsUntil(retryAt);
  if (state.status !== 'reconnecting') return null;
  return (
    <div className="banner banner--connection" role="status" data-testid="connection-status">
      <PlugIcon size={16} />
      <span className="banner-text">
        <strong>Disconnected from host, reconnecting…</strong>
        <span className="banner-detail">{seconds > 0 ? ` Next try in ${seconds} s. ` : ' Trying now. '}The graph shows the last state received.</span>
      </span>
      <button type="button" className="button button--small" aria-label="Reconnect now" onClick={() => host.retryNow()}>
        Reconnect now
      </button>
    </div>
  );
}

/** A source Seatmap only reads (a Claude Code team): why editing is off, and where its history is kept. */
function ReadOnlyBanner({ reason }: { reason: string }) {
  const history = useFleet((s) => s.data?.snapshot.source?.history ?? null);
  const ended = useFleet((s) => s.data?.snapshot.source?.ended ?? false);
  return (
    <div className="banner banner--info" role="status" data-testid="read-only">
      <InfoIcon size={16} />
      <span className="banner-text">
        <strong>Read-only.</strong> {reason}
        {ended && <span className="banner-detail"> This team has ended: shown from Seatmap's history.</span>}
        {history && (
          <span className="banner-detail" data-testid="history-note">
            {' '}
            {history.note}
          </span>
        )}
      </span>
    </div>
  );
}

export function FleetErrorBanner() {
  const error = useFleet((s) => s.data?.snapshot.fleetError ?? null);
  const readOnly = useFleet((s) => s.data?.snapshot.source?.readOnly ?? null);
  const hasSeats = useFleet((s) => (s.data?.seats.ids.length ?? 0) > 0);
  if (readOnly) return <ReadOnlyBanner reason={readOnly} />;
  if (!error) return null;
  return (
    <div className="banner banner--error" role="alert" data-testid="fleet-error">
      <AlertIcon size={16} />
      <span className="banner-text">
        <strong>fleet.yaml could not be read.</strong>{' '}
        <code className="banner-location" data-testid="fleet-error-location">
          {formatLocation(error)}
        </code>{' '}
        <span className="banner-message">{error.message.trim().replace(/:$/, '')}.</span>
        <span className="banner-detail">
          {hasSeats ? ' The graph shows the last good version; it updates as soon as the file is fixed.' : ' Nothing could be shown yet; fix the file and the graph appears.'}
        </span>
      </span>
    </div>
  );
}

export function SyncErrorBanner() {
  const syncError = useFleet((s) => (s.phase === 'ready' ? s.syncError : null));
  const connection = useConnectionState();
  // While reconnecting the connection banner says it all.
  if (!syncError || connection.status !== 'open') return null;
  return (
    <div className="banner banner--warning" role="status" data-testid="sync-error">
      <AlertIcon size={16} />
      <span className="banner-text">
        <strong>Could not refresh the fleet:</strong> {syncError}. The graph may be behind.
      </span>
    </div>
  );
}
