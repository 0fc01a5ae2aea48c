/** The window: top bar, banners, the seat graph (or its loading/empty states) and the diagnostics panel. */
import { useCallback, useEffect, useId, useState } from 'react';
import type { HostInfo } from '../../shared/api';
import { ConnectionBanner, FleetErrorBanner, SyncErrorBanner } from './chrome/Banners';
import { DiagnosticsPanel } from './chrome/DiagnosticsPanel';
import { EmptyFleetState, LoadFailedState, LoadingState } from './chrome/EmptyState';
import { TopBar } from './chrome/TopBar';
import { EditingBanner, EditingRoot } from './editing/EditingRoot';
import { FleetGraph } from './graph/FleetGraph';
import { RetireRoot } from './retire/RetireDialog';
import { SeatContextMenu } from './retire/SeatContextMenu';
import { SeatPanel } from './seatPanel/SeatPanel';
import { WarningsPanel } from './warnings/WarningsPanel';
import { useConnectionState, useHost } from './hostContext';
import { useFleet } from './store/hooks';

function useHostInfo(): [HostInfo | null, () => void] {
  const { api } = useHost();
  const [info, setInfo] = useState<HostInfo | null>(null);
  const refresh = useCallback(() => {
    api.getHostInfo().then(setInfo, () => undefined);
  }, [api]);
  const fleetKey = useFleet((s) => s.data?.snapshot.fleetKey);
  // Again whenever another fleet is shown: the recent list and the demo flag change with it.
  useEffect(refresh, [refresh, fleetKey]);
  return [info, refresh];
}

function Canvas() {
  const phase = useFleet((s) => s.phase);
  const syncError = useFleet((s) => s.syncError);
  const empty = useFleet((s) => s.data !== null && s.data.seats.ids.length === 0);
  if (phase === 'loading') return <LoadingState />;
  if (phase === 'failed') return <LoadFailedState message={syncError} />;
  if (empty) return <EmptyFleetState />;
  return <FleetGraph />;
}

export function App() {
  const [hostInfo, refreshHostInfo] = useHostInfo();
  const diagnosticsCount = useFleet((s) => s.data?.snapshot.diagnostics.length ?? 0);
  // Until the user decides, the panel is open exactly when there is something in it.
  const [panelChoice, setPanelChoice] = useState<boolean | null>(null);
  const panelOpen = panelChoice ?? diagnosticsCount > 0;
  const panelId = useId();
  const connection = useConnectionState();

  return (
    <div className="app">
      <TopBar
        hostInfo={hostInfo}
        onHostChanged={refreshHostInfo}
        diagnosticsOpen={panelOpen}
        onToggleDiagnostics={() => setPanelChoice(!panelOpen)}
        diagnosticsPanelId={panelId}
      />
      <ConnectionBanner />
      <FleetErrorBanner />
      <EditingBanner />
      <SyncErrorBanner />
      <div className="workspace">
        <WarningsPanel />
        <main className={`canvas${connection.status === 'reconnecting' ? ' is-stale' : ''}`} aria-label="Seat graph">
          <Canvas />
        </main>
        <SeatPanel />
        <DiagnosticsPanel id={panelId} open={panelOpen} onClose={() => setPanelChoice(false)} />
      </div>
      <EditingRoot />
      <RetireRoot />
      <SeatContextMenu />
    </div>
  );
}
