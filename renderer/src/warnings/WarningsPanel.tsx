/**
 * The warnings panel: every coordination signal, grouped by kind, each as its one-line
 * message with the numbers and what to do about it. Clicking one highlights its seats and edges on
 * the graph and opens the seat panel on its first seat. It renders what the host sends: time
 * passing re-derives on the host, so a file turning stale arrives here as a patch like any other.
 */
import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { Signal } from '../../../shared/signalTypes';
import type { EdgeSpec } from '../graph/edgeSpecs';
import { CloseIcon } from '../icons';
import { useHost } from '../hostContext';
import { useFleet } from '../store/hooks';
import { useSelection } from '../store/selection';
import { OverlapFixActions } from '../retire/RetireActions';
import { OVERLAP_KINDS } from './signalIndex';
import { groupSignals, SEVERITY_TEXT, severitySummary, type SignalGroup } from './signalGroups';
import { signalTargets } from './signalTargets';
import { CheckIcon, SeverityIcon } from './warningIcons';
import './warnings.css';

/** The panel's DOM id, for the top bar toggle's aria-controls. */
export const WARNINGS_PANEL_ID = 'warnings-panel';

const NO_EDGES: readonly EdgeSpec[] = [];

/** `inbox/radar.jsonl:3` for the file of the latest example, the others as they are. */
function fileLabels(signal: Signal): string[] {
  const line = signal.numbers.line;
  return signal.files.map((file, index) => (line !== undefined && index === signal.files.length - 1 && file !== 'fleet.yaml' ? `${file}:${line}` : file));
}

/** The inbox message a signal's latest example points at (`line` in its last file), if any. */
export function exampleMessage(signal: Signal): { inbox: string; line: number } | null {
  const line = signal.numbers.line;
  const match = /^inbox\/([a-z0-9][a-z0-9_-]{0,63})\.jsonl$/.exec(signal.files[signal.files.length - 1] ?? '');
  const inbox = signal.exampleInbox ?? match?.[1];
  return line !== undefined && inbox ? { inbox, line } : null;
}

export function WarningsPanel() {
  const open = useSelection((s) => s.warningsOpen);
  if (!open) return null;
  return <OpenWarningsPanel />;
}

function OpenWarningsPanel() {
  const { api } = useHost();
  const collection = useFleet((s) => s.data?.signals);
  const specs = useFleet((s) => s.data?.edges ?? NO_EDGES);
  const signals = useMemo(
    () => (collection ? collection.ids.map((id) => collection.byId[id]).filter((s): s is Signal => s !== undefined) : []),
    [collection],
  );
  const groups = useMemo(() => groupSignals(signals), [signals]);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const listRef = useRef<HTMLDivElement>(null);
  const highlight = useSelection((s) => s.highlight);
  const clearHighlight = useSelection((s) => s.clearHighlight);
  const openSeat = useSelection((s) => s.openSeat);
  const setWarningsOpen = useSelection((s) => s.setWarningsOpen);

  const selected = selectedId ? (collection?.byId[selectedId] ?? null) : null;

  // Keep the highlight on what the selected signal points at now; drop it when the signal is gone
  // (its cause was fixed) or the panel closes.
  useEffect(() => {
    if (!selectedId) return;
    if (!selected) {
      setSelectedId(null);
      clearHighlight();
      return;
    }
    const targets = signalTargets(selected, specs);
    highlight(targets.seats, targets.edges);
  }, [selectedId, selected, specs, highlight, clearHighlight]);
  useEffect(() => clearHighlight, [clearHighlight]);

  const choose = useCallback(
    (signal: Signal, item: HTMLElement) => {
      if (signal.id === selectedId) {
        setSelectedId(null);
        clearHighlight();
        return;
      }
      setSelectedId(signal.id);
      const first = signal.seats[0];
      if (!first) return;
      openSeat(first);
      // Open the message behind the warning when it names one (by its line in an inbox file).
      const example = exampleMessage(signal);
      if (example) {
        api.messageAtLine(example).then(
          (row) => {
            if (row && useSelection.getState().seat === first) useSelection.getState().openMessage(row.inbox, row.id, first);
          },
          () => undefined,
        );
      }
      // The seat panel takes focus to its heading when it opens a seat; someone going through the
      // warnings stays in the list (the seat panel is one Tab stop away).
      requestAnimationFrame(() => {
        if (item.isConnected && !listRef.current?.contains(document.activeElement)) item.focus({ preventScroll: true });
      });
    },
    [selectedId, clearHighlight, openSeat, api],
  );

  const close = () => {
    setWarningsOpen(false);
    document.querySelector<HTMLElement>('[data-testid="warnings-toggle"]')?.focus();
  };

  // Up and down move between warnings; Escape first drops the highlight, then closes the panel.
  const onKeyDown = (event: KeyboardEvent<HTMLElement>) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      if (selectedId) {
        setSelectedId(null);
        clearHighlight();
      } else close();
      return;
    }
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp' && event.key !== 'Home' && event.key !== 'End') return;
    const items = [...(listRef.current?.querySelectorAll<HTMLButtonElement>('[data-testid="signal"]') ?? [])];
    if (items.length === 0) return;
    const at = items.indexOf(document.activeElement as HTMLButtonElement);
    const next =
      event.key === 'Home' ? 0 : event.key === 'End' ? items.length - 1 : at < 0 ? 0 : event.key === 'ArrowDown' ? Math.min(items.length - 1, at + 1) : Math.max(0, at - 1);
    event.preventDefault();
    items[next]?.focus();
  };

  const summary = severitySummary(signals);

  return (
    <aside id={WARNINGS_PANEL_ID} className="side-panel warnings-panel" aria-label="Warnings" data-testid="warnings-panel" onKeyDown={onKeyDown}>
      <div className="side-panel-head">
        <h2>
          Warnings <span className="badge">{signals.length}</span>
        </h2>
        <button type="button" className="button button--icon" aria-label="Close warnings" onClick={close}>
          <CloseIcon size={15} />
        </button>
      </div>
      <p className="warnings-summary" aria-live="polite" data-testid="warnings-summary">
        {signals.length === 0 ? 'Nothing to fix' : `${summary}. Select one to see it on the graph.`}
      </p>
      <div className="warnings-list" ref={listRef}>
        {signals.length === 0 ? (
          <div className="warnings-empty" data-testid="warnings-empty">
            <CheckIcon size={28} className="warnings-empty-icon" />
            <p>
              <strong>No warnings:</strong> every seat has an owner, every output a consumer, every overlap a rule, and all
              state is fresh.
            </p>
          </div>
        ) : (
          groups.map((group) => <Group key={group.kind} group={group} selectedId={selectedId} onChoose={choose} />)
        )}
      </div>
    </aside>
  );
}

function Group({ group, selectedId, onChoose }: { group: SignalGroup; selectedId: string | null; onChoose(signal: Signal, item: HTMLElement): void }) {
  const headingId = `warnings-group-${group.kind}`;
  return (
    <section className={`signal-group signal-group--${group.severity}`} aria-labelledby={headingId} data-testid={`signal-group-${group.kind}`}>
      <h3 id={headingId} className="signal-group-title" title={group.about}>
        <span>{group.title}</span>
        <span className={`badge badge--${group.severity}`}>{group.signals.length}</span>
      </h3>
      <p className="signal-group-about">{group.about}</p>
      <ul className="signal-items">
        {group.signals.map((signal) => (
          <li key={signal.id}>
            <SignalItem signal={signal} selected={signal.id === selectedId} onChoose={onChoose} />
            {OVERLAP_KINDS.includes(signal.kind) && <OverlapFixActions signal={signal} />}
          </li>
        ))}
      </ul>
    </section>
  );
}

function SignalItem({ signal, selected, onChoose }: { signal: Signal; selected: boolean; onChoose(signal: Signal, item: HTMLElement): void }) {
  const files = fileLabels(signal);
  return (
    <button
      type="button"
      className={`signal signal--${signal.severity}${selected ? ' is-selected' : ''}`}
      data-testid="signal"
      data-signal-id={signal.id}
      data-kind={signal.kind}
      data-severity={signal.severity}
      data-seats={signal.seats.join(' ')}
      aria-pressed={selected}
      onClick={(event) => onChoose(signal, event.currentTarget)}
    >
      <span className="signal-severity">
        <SeverityIcon severity={signal.severity} size={13} />
        {SEVERITY_TEXT[signal.severity]}
      </span>
      <span className="signal-message" data-testid="signal-message">
        {signal.message}
      </span>
      <span className="signal-hint" data-testid="signal-hint">
        <span className="signal-hint-label">What to do: </span>
        {signal.hint}
      </span>
      {files.length > 0 && (
        <span className="signal-files">
          {files.map((file) => (
            <code key={file}>{file}</code>
          ))}
        </span>
      )}
    </button>
  );
}
