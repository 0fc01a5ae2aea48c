/**
 * Every problem found in the fleet's files, with file and line (docs/architecture.md: degraded states are
 * shown in the UI, never only in a console). A side panel; the list stays in the DOM when collapsed.
 */
import { formatLocation, type Diagnostic } from '../../../shared/diagnostics';
import { AlertIcon, CloseIcon, InfoIcon } from '../icons';
import { useFleet } from '../store/hooks';

const NO_DIAGNOSTICS: readonly Diagnostic[] = [];
/** More than this is not read by anyone; the count still says how many there are. */
const SHOWN = 500;

const severityRank = { error: 0, warning: 1, info: 2 } as const;

interface Props {
  id: string;
  open: boolean;
  onClose(): void;
}

export function DiagnosticsPanel({ id, open, onClose }: Props) {
  const diagnostics = useFleet((s) => s.data?.snapshot.diagnostics ?? NO_DIAGNOSTICS);
  const sorted = [...diagnostics].sort((a, b) => severityRank[a.severity] - severityRank[b.severity]);
  const shown = sorted.slice(0, SHOWN);
  return (
    <aside id={id} className="side-panel" aria-label="Diagnostics" hidden={!open} data-testid="diagnostics-panel">
      <div className="side-panel-head">
        <h2>
          Diagnostics <span className="badge">{diagnostics.length}</span>
        </h2>
        <button type="button" className="button button--icon" aria-label="Close diagnostics" onClick={onClose}>
          <CloseIcon size={15} />
        </button>
      </div>
      <ul className="diagnostics" data-testid="diagnostics">
        {diagnostics.length === 0 && <li className="diagnostics-empty">No problems in the fleet's files.</li>}
        {shown.map((d, index) => (
          <li key={`${formatLocation(d)}:${index}`} className={`diagnostic diagnostic--${d.severity}`} data-testid="diagnostic">
            <span className="diagnostic-icon" aria-label={d.severity} role="img">
              {d.severity === 'info' ? <InfoIcon size={14} /> : <AlertIcon size={14} />}
            </span>
            <div className="diagnostic-body">
              <code className="diagnostic-location">{formatLocation(d)}</code>
              <p className="diagnostic-message">{d.message}</p>
            </div>
          </li>
        ))}
        {sorted.length > SHOWN && <li className="diagnostics-more">and {(sorted.length - SHOWN).toLocaleString()} more</li>}
      </ul>
    </aside>
  );
}
