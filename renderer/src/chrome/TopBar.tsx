/** Fleet name and root, live watcher state, totals, the warnings and diagnostics toggles and (desktop) fleet switching. */
import type { HostInfo } from '../../../shared/api';
import { AlertIcon, ListIcon, SeatmapMark } from '../icons';
import { useFleet } from '../store/hooks';
import { useSelection } from '../store/selection';
import { parseBadge } from '../warnings/signalIndex';
import { useSignalTotal } from '../warnings/useSignals';
import { WARNINGS_PANEL_ID } from '../warnings/WarningsPanel';
import { FleetMenu } from './FleetMenu';
import { TeamMenu } from './TeamMenu';
import { WatcherStatus } from './WatcherStatus';

const count = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString()} ${n === 1 ? one : many}`;

function Totals() {
  const seats = useFleet((s) => s.data?.seats.ids.length ?? 0);
  const handoffs = useFleet((s) => s.data?.handoffs.ids.length ?? 0);
  const messages = useFleet((s) => s.data?.snapshot.totals.messages ?? 0);
  const unread = useFleet((s) => {
    const byId = s.data?.seats.byId;
    if (!byId) return 0;
    let sum = 0;
    for (const id of s.data!.seats.ids) sum += byId[id]?.inbox.unread ?? 0;
    return sum;
  });
  return (
    <dl className="totals" aria-label="Fleet totals" data-testid="totals">
      <div>
        <dt>Seats</dt>
        <dd>{seats.toLocaleString()}</dd>
      </div>
      <div>
        <dt>Handoffs</dt>
        <dd>{handoffs.toLocaleString()}</dd>
      </div>
      <div title={`${count(messages, 'message')} in all inboxes, ${count(unread, 'unacknowledged message')}`}>
        <dt>Messages</dt>
        <dd data-testid="total-messages">
          {messages.toLocaleString()}
          {unread > 0 && <span className="totals-unread"> · {unread.toLocaleString()} unread</span>}
        </dd>
      </div>
    </dl>
  );
}

/** Opens and closes the warnings panel; its badge counts every signal, coloured by the worst. */
function WarningsToggle() {
  const { count: total, severity } = parseBadge(useSignalTotal());
  const open = useSelection((s) => s.warningsOpen);
  const setOpen = useSelection((s) => s.setWarningsOpen);
  return (
    <button
      type="button"
      className={`button warnings-toggle${open ? ' is-active' : ''}`}
      aria-label={`Warnings: ${count(total, 'signal')}${open ? ' (hide panel)' : ' (show panel)'}`}
      aria-expanded={open}
      aria-controls={open ? WARNINGS_PANEL_ID : undefined}
      onClick={() => setOpen(!open)}
      data-testid="warnings-toggle"
      data-severity={severity ?? 'none'}
    >
      <AlertIcon size={15} />
      <span className="diagnostics-toggle-text">Warnings</span>
      <span className={`badge ${severity ? `badge--${severity}` : 'badge--ok'}`} data-testid="warnings-count">
        {total}
      </span>
    </button>
  );
}

interface TopBarProps {
  hostInfo: HostInfo | null;
  onHostChanged(): void;
  diagnosticsOpen: boolean;
  onToggleDiagnostics(): void;
  diagnosticsPanelId: string;
}

export function TopBar({ hostInfo, onHostChanged, diagnosticsOpen, onToggleDiagnostics, diagnosticsPanelId }: TopBarProps) {
  const name = useFleet((s) => s.data?.snapshot.name ?? '');
  const root = useFleet((s) => s.data?.snapshot.root ?? '');
  const ready = useFleet((s) => s.data !== null);
  const diagnostics = useFleet((s) => s.data?.snapshot.diagnostics.length ?? 0);
  const errors = useFleet((s) => s.data?.snapshot.diagnostics.filter((d) => d.severity === 'error').length ?? 0);
  const teams = useFleet((s) => s.data?.snapshot.source?.kind === 'claude-team');

  return (
    <header className="topbar">
      <div className="brand" aria-label="Seatmap">
        <SeatmapMark size={22} className="brand-mark" />
        <span className="brand-name">Seatmap</span>
      </div>
      <div className="fleet-title">
        <h1 className="fleet-name" data-testid="fleet-name">
          {name || (ready ? 'Untitled fleet' : 'Opening fleet…')}
          {hostInfo?.isDemo && <span className="pill pill--demo">Demo</span>}
        </h1>
        {root && (
          <span className="fleet-root" title={root} data-testid="fleet-root">
            {root}
          </span>
        )}
      </div>
      <div className="topbar-spacer" />
      {teams && <TeamMenu />}
      {ready && <Totals />}
      <WatcherStatus />
      {ready && <WarningsToggle />}
      <button
        type="button"
        className={`button diagnostics-toggle${diagnosticsOpen ? ' is-active' : ''}`}
        aria-label={`Diagnostics: ${count(diagnostics, 'problem')}${diagnosticsOpen ? ' (hide panel)' : ' (show panel)'}`}
        aria-expanded={diagnosticsOpen}
        aria-controls={diagnosticsPanelId}
        onClick={onToggleDiagnostics}
        data-testid="diagnostics-toggle"
      >
        <ListIcon size={15} />
        <span className="diagnostics-toggle-text">Diagnostics</span>
        <span className={`badge${errors > 0 ? ' badge--error' : diagnostics > 0 ? ' badge--warning' : ''}`} data-testid="diagnostics-count">
          {diagnostics}
        </span>
      </button>
      {hostInfo?.canOpenFolder && <FleetMenu info={hostInfo} onOpened={onHostChanged} />}
    </header>
  );
}
