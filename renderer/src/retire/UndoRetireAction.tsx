/**
 * On a retired seat's panel: undo the retire (or merge) that retired it, when it is the newest one
 * and nothing changed since; otherwise the host's plain-words refusal is shown and nothing changes.
 */
import { useEffect, useState } from 'react';
import { useHost } from '../hostContext';
import { fleetIdentity } from '../../../shared/snapshot';
import { HostError } from '../api';
import { useFleet, useFleetSync } from '../store/hooks';
import { useRetire } from './retireStore';

export function UndoRetireAction({ seat }: { seat: string }) {
  const { api } = useHost();
  const fleetHash = useFleet((s) => s.data?.snapshot.fleetHash ?? null);
  const sync = useFleetSync();
  const [last, setLast] = useState<{ txId: string; kind: 'retire' | 'merge' } | null>(null);
  const [busy, setBusy] = useState(false);
  const setNotice = useRetire((s) => s.setNotice);

  useEffect(() => {
    let live = true;
    api.lastRetire().then(
      (tx) => live && setLast(tx && tx.seat === seat ? { txId: tx.txId, kind: tx.kind } : null),
      () => live && setLast(null),
    );
    return () => {
      live = false;
    };
  }, [api, seat, fleetHash]);

  if (!last) return null;
  const undo = () => {
    setBusy(true);
    setNotice(null);
    const snapshot = sync.store.getState().data?.snapshot;
    const shown = snapshot ? Promise.resolve(fleetIdentity(snapshot)) : Promise.reject(new HostError('fleet-changed', 'No fleet is shown yet'));
    shown.then((fleet) => api.undoRetire(fleet, { txId: last.txId })).then(
      (result) => {
        setBusy(false);
        setNotice({ seat, message: result.ok ? result.summary : result.refusal.message, error: !result.ok });
      },
      (e: unknown) => {
        setBusy(false);
        setNotice({ seat, message: `Seatmap could not undo this: ${(e as Error).message}`, error: true });
      },
    );
  };
  return (
    <div className="seat-edit-actions retire-actions">
      <button type="button" className="button button--small" data-testid="seat-undo-retire" onClick={undo} disabled={busy}>
        {busy ? 'Undoing…' : `Undo this ${last.kind}`}
      </button>
    </div>
  );
}

/** The outcome of the last undo on this seat's panel: a summary, or why nothing was undone. */
export function UndoNotice({ seat }: { seat: string }) {
  const notice = useRetire((s) => (s.notice?.seat === seat ? s.notice : null));
  if (!notice) return null;
  return (
    <p className={notice.error ? 'edit-error' : 'retire-note'} role={notice.error ? 'alert' : 'status'} data-testid="seat-undo-result">
      {notice.message}
    </p>
  );
}
