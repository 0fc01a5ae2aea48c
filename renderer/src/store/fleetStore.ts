/**
 * The renderer's fleet store (zustand, vanilla so it is tested without React). It holds one
 * snapshot, applies the host's numbered patches in order and re-fetches the snapshot on a gap or a
 * `reset` event (docs/architecture.md, "One direction of flow"). The renderer never reconciles files.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { FleetApi, FleetEvent } from '../../../shared/api';
import type { FleetPatch } from '../../../shared/patch';
import { PatchGapError } from '../../../shared/patch';
import { fleetDataFromSnapshot, patchFleetData, type FleetData } from './fleetState';

export interface FleetStoreState {
  /** `loading` until the first snapshot; `failed` when it could not be fetched (and none is shown). */
  phase: 'loading' | 'ready' | 'failed';
  data: FleetData | null;
  /** The last fetch error, kept while an older snapshot stays on screen. */
  syncError: string | null;
  /** Snapshot fetches so far (a gap or a reset adds one); for diagnostics and tests. */
  fetches: number;
}

export type FleetStore = StoreApi<FleetStoreState>;

export interface FleetSync {
  store: FleetStore;
  /** Fetch the snapshot again (after a failed load, or on the user's request). */
  refetch(): void;
  stop(): void;
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Creates the store and starts following the host: subscribe first, then fetch, so no patch is missed. */
export function startFleetSync(api: FleetApi): FleetSync {
  const store = createStore<FleetStoreState>(() => ({ phase: 'loading', data: null, syncError: null, fetches: 0 }));
  let stopped = false;
  let fetching = false;
  let fetchAgain = false;
  /** Patches that arrive while a snapshot is on its way; applied after it when they follow on. */
  let buffered: FleetPatch[] = [];

  const applyBuffered = (data: FleetData): FleetData => {
    let current = data;
    const pending = buffered.sort((a, b) => a.from - b.from);
    buffered = [];
    for (const patch of pending) {
      if (patch.fleetKey === current.snapshot.fleetKey && patch.to <= current.snapshot.revision) continue;
      current = patchFleetData(current, patch);
    }
    return current;
  };

  const fetchSnapshot = async () => {
    if (fetching) {
      fetchAgain = true;
      return;
    }
    fetching = true;
    fetchAgain = false;
    buffered = [];
    store.setState((s) => ({ fetches: s.fetches + 1 }));
    try {
      const snapshot = await api.getSnapshot();
      if (stopped) return;
      let data = fleetDataFromSnapshot(snapshot);
      try {
        data = applyBuffered(data);
      } catch {
        // A buffered patch that does not follow on (PatchGapError) means we are behind already.
        fetchAgain = true;
      }
      store.setState({ phase: 'ready', data, syncError: null });
    } catch (error) {
      if (stopped) return;
      store.setState((s) => ({ phase: s.data ? 'ready' : 'failed', syncError: message(error) }));
    } finally {
      fetching = false;
      if (fetchAgain && !stopped) void fetchSnapshot();
    }
  };

  const onPatch = (patch: FleetPatch) => {
    const { data } = store.getState();
    if (fetching || !data) {
      buffered.push(patch);
      return;
    }
    // A patch we already have (it raced the snapshot) is harmless; anything else that does not follow on is a gap.
    if (patch.fleetKey === data.snapshot.fleetKey && patch.to <= data.snapshot.revision) return;
    try {
      store.setState({ data: patchFleetData(data, patch) });
    } catch (error) {
      // PatchGapError: a patch went missing or another fleet was opened. Anything else: a patch we
      // cannot apply. Either way the snapshot is the truth.
      if (!(error instanceof PatchGapError)) console.warn('Seatmap: re-fetching after a patch failed', error);
      void fetchSnapshot();
    }
  };

  const unsubscribe = api.onFleetEvent((event: FleetEvent) => {
    if (stopped) return;
    if (event.kind === 'patch') onPatch(event.patch);
    else void fetchSnapshot();
  });
  void fetchSnapshot();

  return {
    store,
    refetch: () => void fetchSnapshot(),
    stop: () => {
      stopped = true;
      unsubscribe();
    },
  };
}
