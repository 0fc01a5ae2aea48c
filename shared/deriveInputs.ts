/** Everything `derive` needs: the designed structure, what was read from disk, and the clock. */
import type { Diagnostic } from './diagnostics';
import type { ActivityData, InboxData, StateFileRecord } from './records';
import type { FleetRegistry } from './registry';
import type { WatcherState } from './snapshot';

export interface DeriveInputs {
  fleetKey: string;
  revision: number;
  root: string;
  now: number;
  /** The last fleet.yaml that parsed; null when none ever did. */
  registry: FleetRegistry | null;
  /** Problems inside the last good fleet.yaml (unknown seats, bad ids, …). */
  registryDiagnostics: Diagnostic[];
  /** fleet.yaml does not parse right now (the registry is the last good one). */
  fleetError: Diagnostic | null;
  /** sha-256 of fleet.yaml's bytes as last read, or null. */
  fleetHash: string | null;
  inboxes: InboxData[];
  stateFiles: StateFileRecord[];
  activity: ActivityData[];
  /** Problems with other files (binary, huge, unreadable, outside the fleet). */
  fileDiagnostics: Diagnostic[];
  watcher: WatcherState;
}
