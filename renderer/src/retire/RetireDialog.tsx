/**
 * Retire a seat, or merge it into another (docs/fleet-format.md, "Retiring and merging seats"):
 * the impact view (everything that depends on the seat, each with a successor picker and the
 * suggestion filled in), a reason, the preview (fleet.yaml diff, messages forwarded, files
 * archived, what running agents must change), apply with progress, and undo.
 */
import { useEffect, useId, useRef, type KeyboardEvent } from 'react';
import { DROP, type ImpactItem, type RetirePlan } from '../../../shared/retire/types';
import { useHost } from '../hostContext';
import { CloseIcon } from '../icons';
import { fleetIdentity, type FleetIdentity } from '../../../shared/snapshot';
import { HostError } from '../api';
import { useFleet, useFleetSync } from '../store/hooks';
import { useRetire, type RetireDraft } from './retireStore';
import { useActiveSeats, type SeatChoice } from './useActiveSeats';
import './retire.css';

const PLAN_DELAY_MS = 150;

/** Asks the host for a plan whenever the choices change (the latest answer wins). */
function usePlan(draft: RetireDraft, seats: SeatChoice[]): void {
  const { api } = useHost();
  const setPlan = useRetire((s) => s.setPlan);
  const update = useRetire((s) => s.update);
  const phase = useRetire((s) => s.phase.kind);
  const fleetHash = useFleet((s) => s.data?.snapshot.fleetHash ?? null);
  const asked = useRef(0);
  const autoPicked = useRef(false);
  const movesKey = JSON.stringify(draft.moves);
  useEffect(() => {
    if (phase !== 'editing') return;
    const self = seats.find((s) => s.id === draft.seat);
    const fallback = draft.pair?.find((id) => id !== draft.seat) ?? seats.find((s) => s.id !== draft.seat && s.kind === (self?.kind ?? 'agent'))?.id ?? '';
    const to = draft.to || fallback;
    if (!to) {
      setPlan(null, 'There is no other active seat to hand this seat’s work to');
      return;
    }
    const ticket = ++asked.current;
    const timer = setTimeout(() => {
      api
        .planRetire({ mode: draft.mode, seat: draft.seat, to, moves: draft.moves, ...(draft.reason.trim() ? { reason: draft.reason.trim() } : {}) })
        .then((result) => {
          if (ticket !== asked.current) return;
          if (!result.ok) {
            setPlan(null, result.refusal.message);
            return;
          }
          // The first plan suggests the best successor: take it unless the user chose one.
          const best = result.plan.impact.candidates[0]?.seat;
          if (!draft.to && !autoPicked.current) {
            autoPicked.current = true;
            if (best && best !== to && draft.mode === 'retire' && !draft.pair) {
              update({ to: best });
              return;
            }
            update({ to });
          }
          setPlan(result.plan, null);
        })
        .catch((error: unknown) => ticket === asked.current && setPlan(null, `Seatmap could not plan this: ${(error as Error).message}`));
    }, PLAN_DELAY_MS);
    return () => clearTimeout(timer);
    // movesKey stands for draft.moves; fleetHash re-plans when fleet.yaml changes on disk.
  }, [api, draft.mode, draft.seat, draft.to, draft.reason, movesKey, fleetHash, phase, seats.length]);
}

export function RetireRoot() {
  const draft = useRetire((s) => s.draft);
  if (!draft) return null;
  return <RetireDialog draft={draft} />;
}

function RetireDialog({ draft }: { draft: RetireDraft }) {
  const { api } = useHost();
  const seats = useActiveSeats();
  const plan = useRetire((s) => s.plan);
  const error = useRetire((s) => s.error);
  const phase = useRetire((s) => s.phase);
  const update = useRetire((s) => s.update);
  const setPhase = useRetire((s) => s.setPhase);
  const close = useRetire((s) => s.close);
  const fleetHash = useFleet((s) => s.data?.snapshot.fleetHash ?? null);
  const sync = useFleetSync();
  // A retire names the fleet on screen; the host refuses it if another one is open by now.
  const shownFleet = (): Promise<FleetIdentity> => {
    const snapshot = sync.store.getState().data?.snapshot;
    return snapshot ? Promise.resolve(fleetIdentity(snapshot)) : Promise.reject(new HostError('fleet-changed', 'No fleet is shown yet'));
  };
  const seatName = useFleet((s) => s.data?.seats.byId[draft.seat]?.name ?? draft.seat);
  const titleId = useId();
  const dialogRef = useRef<HTMLDivElement>(null);
  usePlan(draft, seats);

  useEffect(() => {
    const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    dialogRef.current?.querySelector<HTMLElement>('select, input, button')?.focus();
    return () => {
      if (previous?.isConnected) previous.focus({ preventScroll: true });
    };
  }, []);

  const busy = phase.kind === 'applying' || phase.kind === 'undoing' || phase.kind === 'planning';
  const apply = () => {
    if (!plan || busy) return;
    setPhase({ kind: 'applying' });
    const request = { mode: draft.mode, seat: draft.seat, to: draft.to || plan.inboxTo, moves: draft.moves, ...(draft.reason.trim() ? { reason: draft.reason.trim() } : {}), ...(fleetHash ? { baseHash: fleetHash } : {}) };
    shownFleet().then((fleet) => api.applyRetire(fleet, request)).then(
      (result) => (result.ok ? setPhase({ kind: 'done', result }) : setPhase({ kind: 'editing' }, result.refusal.message)),
      (e: unknown) => setPhase({ kind: 'editing' }, `Seatmap could not apply this: ${(e as Error).message}`),
    );
  };
  const undo = (txId: string) => {
    setPhase({ kind: 'undoing', txId });
    shownFleet().then((fleet) => api.undoRetire(fleet, { txId })).then(
      (result) => (result.ok ? setPhase({ kind: 'undone', summary: result.summary }) : setPhase(phase, result.refusal.message)),
      (e: unknown) => setPhase(phase, `Seatmap could not undo this: ${(e as Error).message}`),
    );
  };
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key === 'Escape' && !busy) {
      event.preventDefault();
      event.stopPropagation();
      close();
    }
  };

  const verb = draft.mode === 'merge' ? 'Merge' : 'Retire';
  const others = seats.filter((s) => s.id !== draft.seat);
  return (
    <div className="edit-backdrop" onMouseDown={(event) => event.target === event.currentTarget && !busy && close()}>
      <div ref={dialogRef} className="edit-dialog retire-dialog" role="dialog" aria-modal="true" aria-labelledby={titleId} aria-busy={busy} data-testid="retire-dialog" tabIndex={-1} onKeyDown={onKeyDown}>
        <header className="edit-head">
          <h2 id={titleId}>
            {verb} {seatName}
            {draft.mode === 'merge' ? ' into…' : '…'}
          </h2>
          <button type="button" className="button button--icon edit-close" aria-label="Close (Esc)" title="Close (Esc)" onClick={close} disabled={busy}>
            <CloseIcon size={16} />
          </button>
        </header>
        {phase.kind === 'done' || phase.kind === 'undoing' || phase.kind === 'undone' ? (
          <ResultView draft={draft} onUndo={undo} onClose={close} />
        ) : (
          <>
            <div className="retire-choices">
              {draft.pair && (
                <label className="edit-field">
                  <span className="edit-label">Which seat goes</span>
                  <select className="edit-input" data-testid="retire-seat" value={draft.seat} onChange={(e) => update({ seat: e.target.value, to: draft.pair?.find((id) => id !== e.target.value) ?? '' })}>
                    {draft.pair.map((id) => (
                      <option key={id} value={id}>
                        {seats.find((s) => s.id === id)?.name ?? id}
                      </option>
                    ))}
                  </select>
                </label>
              )}
              <label className="edit-field">
                <span className="edit-label">Action</span>
                <select className="edit-input" data-testid="retire-mode" value={draft.mode} onChange={(e) => update({ mode: e.target.value as RetireDraft['mode'] })}>
                  <option value="retire">Retire</option>
                  <option value="merge">Merge into one seat</option>
                </select>
              </label>
              <label className="edit-field">
                <span className="edit-label">{draft.mode === 'merge' ? 'Merge into' : 'Default successor'}</span>
                <select className="edit-input" data-testid="retire-to" value={draft.to || plan?.inboxTo || ''} onChange={(e) => update({ to: e.target.value })}>
                  {others.map((s) => (
                    <option key={s.id} value={s.id}>
                      {s.name} ({s.id})
                    </option>
                  ))}
                </select>
              </label>
              <label className="edit-field retire-reason">
                <span className="edit-label">Reason</span>
                <input className="edit-input" type="text" data-testid="retire-reason" value={draft.reason} placeholder={draft.mode === 'merge' ? 'Merged into …' : 'Why this seat goes (kept in fleet.yaml)'} onChange={(e) => update({ reason: e.target.value })} maxLength={2000} />
              </label>
            </div>
            {plan ? <PlanView plan={plan} seats={others} /> : !error && <p className="retire-progress">Working out what depends on {seatName}…</p>}
            {error && (
              <p className="edit-error" role="alert" data-testid="retire-error">
                {error}
              </p>
            )}
            <footer className="edit-foot">
              <div className="edit-foot-extra" />
              <button type="button" className="button" onClick={close} disabled={busy}>
                Cancel
              </button>
              <button type="button" className="button button--primary" data-testid="retire-apply" onClick={apply} disabled={!plan || busy}>
                {phase.kind === 'applying' ? (draft.mode === 'merge' ? 'Merging…' : 'Retiring…') : `${verb} ${seatName}`}
              </button>
            </footer>
          </>
        )}
      </div>
    </div>
  );
}

function ResultView({ draft, onUndo, onClose }: { draft: RetireDraft; onUndo(txId: string): void; onClose(): void }) {
  const phase = useRetire((s) => s.phase);
  const error = useRetire((s) => s.error);
  const done = phase.kind === 'done' ? phase.result : null;
  return (
    <div className="retire-result" aria-live="polite">
      <p data-testid="retire-result">{phase.kind === 'undone' ? phase.summary : phase.kind === 'undoing' ? 'Undoing…' : done?.summary}</p>
      {done && <p className="retire-note">Messages that still arrive for {draft.seat} are forwarded while Seatmap runs, and their senders show under Warnings.</p>}
      {error && (
        <p className="edit-error" role="alert" data-testid="retire-error">
          {error}
        </p>
      )}
      <footer className="edit-foot">
        <div className="edit-foot-extra" />
        {done && done.txId && (
          <button type="button" className="button" data-testid="retire-undo" onClick={() => onUndo(done.txId)}>
            Undo
          </button>
        )}
        <button type="button" className="button button--primary" data-testid="retire-close" onClick={onClose} disabled={phase.kind === 'undoing'}>
          Close
        </button>
      </footer>
    </div>
  );
}

const KIND_TITLES: Array<[ImpactItem['kind'], string]> = [
  ['domain', 'Domains it owns'],
  ['handoff', 'Handoffs in and out'],
  ['rule', 'Rules it wins or loses'],
  ['file', 'State files it writes'],
  ['owner', 'Seats it is accountable for'],
  ['inbox', 'Its inbox'],
];

function PlanView({ plan, seats }: { plan: RetirePlan; seats: SeatChoice[] }) {
  const impact = plan.impact;
  return (
    <div className="retire-plan">
      <section aria-label="What depends on this seat" data-testid="retire-impact">
        <h3 className="retire-heading">What depends on {impact.seatName}, and where it goes</h3>
        {KIND_TITLES.map(([kind, title]) => {
          const items = plan.items.filter((i) => i.kind === kind);
          if (items.length === 0) return null;
          return (
            <div key={kind} className="retire-group">
              <h4>{title}</h4>
              <ul>
                {items.map((item) => (
                  <ItemRow key={item.key} item={item} seats={seats} />
                ))}
              </ul>
            </div>
          );
        })}
        <ul className="retire-facts">
          <li data-testid="retire-unacked">{impact.unacked.length === 0 ? 'No unacknowledged messages.' : `${impact.unacked.length} unacknowledged message${impact.unacked.length === 1 ? '' : 's'} in its inbox.`}</li>
          {impact.files.some((f) => f.readers.length) && <li>Read by others: {impact.files.filter((f) => f.readers.length).map((f) => `${f.path} (${f.readers.join(', ')})`).join('; ')}</li>}
          {impact.senders.length > 0 && <li>Seats still sending to it: {impact.senders.map((s) => `${s.seat} (${s.count})`).join(', ')}</li>}
          {impact.recentEntities.length > 0 && <li>Touched recently: {impact.recentEntities.slice(0, 8).map((e) => e.entity).join(', ')}</li>}
        </ul>
      </section>
      <section aria-label="Preview" className="retire-preview">
        <h3 className="retire-heading">Preview</h3>
        <h4>fleet.yaml</h4>
        <pre className="retire-diff" data-testid="retire-diff" tabIndex={0}>
          {plan.diff.split('\n').map((line, index) => (
            <span key={index} className={line.startsWith('+') && !line.startsWith('+++') ? 'is-added' : line.startsWith('-') && !line.startsWith('---') ? 'is-removed' : undefined}>
              {line}
              {'\n'}
            </span>
          ))}
        </pre>
        <h4>Messages forwarded to {seats.find((s) => s.id === plan.inboxTo)?.name ?? plan.inboxTo}</h4>
        <p data-testid="retire-forward">{plan.forward.length === 0 ? 'None: every message was acknowledged.' : plan.forward.slice(0, 10).map((m) => `${m.id} from ${m.from}`).join(', ') + (plan.forward.length > 10 ? ` and ${plan.forward.length - 10} more` : '')}</p>
        <h4>Archived under .seatmap/archive/</h4>
        <p data-testid="retire-archive">{plan.archive.join(', ') || 'Nothing (it has no inbox file).'}</p>
        {plan.agentChanges.length > 0 && (
          <>
            <h4>What running agents must change</h4>
            <ul data-testid="retire-agent-changes">
              {plan.agentChanges.map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ul>
          </>
        )}
        {plan.notes.length > 0 && (
          <ul className="retire-notes">
            {plan.notes.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}

function ItemRow({ item, seats }: { item: ImpactItem; seats: SeatChoice[] }) {
  const setMove = useRetire((s) => s.setMove);
  const id = useId();
  const suggested = item.target === item.suggestion.target;
  return (
    <li className="retire-item" data-testid="retire-item" data-key={item.key}>
      <label htmlFor={id} className="retire-item-label">
        {item.label}
      </label>
      <select
        id={id}
        className="edit-input retire-item-target"
        data-testid="retire-item-target"
        value={item.target}
        onChange={(e) => setMove(item.key, e.target.value)}
        aria-describedby={`${id}-why`}
      >
        {item.canDrop && <option value={DROP}>Drop it</option>}
        {seats.map((s) => (
          <option key={s.id} value={s.id}>
            {s.name}
          </option>
        ))}
      </select>
      <span id={`${id}-why`} className="retire-why">
        {suggested ? `Suggested: ${item.suggestion.why}` : `Suggested: ${item.suggestion.target === DROP ? 'drop it' : (seats.find((s) => s.id === item.suggestion.target)?.name ?? item.suggestion.target)} (${item.suggestion.why})`}
      </span>
    </li>
  );
}
