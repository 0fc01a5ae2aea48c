/** Loading, failed and "no seats yet" states of the canvas. */
import { useFleetSync } from '../store/hooks';
import { SeatmapMark } from '../icons';

export function LoadingState() {
  return (
    <div className="canvas-state" role="status" data-testid="loading">
      <span className="spinner" aria-hidden="true" />
      <p>Opening fleet…</p>
    </div>
  );
}

export function LoadFailedState({ message }: { message: string | null }) {
  const sync = useFleetSync();
  return (
    <div className="canvas-state" role="alert" data-testid="load-failed">
      <h2>Could not load the fleet</h2>
      <p className="canvas-state-detail">{message ?? 'The host did not answer.'}</p>
      <button type="button" className="button button--primary" aria-label="Try loading the fleet again" onClick={() => sync.refetch()}>
        Try again
      </button>
    </div>
  );
}

const SAMPLE = `version: 1
name: My fleet
seats:
  radar: { name: Radar, kind: agent, owner: ana,
           role: Compiles the morning briefing }
  ana: { name: Ana, kind: human, role: Founder }
handoffs:
  - { from: radar, to: ana, via: inbox, what: The briefing }`;

export function EmptyFleetState() {
  return (
    <div className="canvas-state" data-testid="empty-state">
      <SeatmapMark size={40} className="canvas-state-mark" />
      <h2>This fleet has no seats yet</h2>
      <p className="canvas-state-detail">
        Declare seats in <code>fleet.yaml</code>, or let agents write an inbox under <code>inbox/</code>. The graph appears as soon as the files change.
      </p>
      <pre className="sample" aria-label="Example fleet.yaml">
        {SAMPLE}
      </pre>
    </div>
  );
}
