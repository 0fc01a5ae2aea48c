/**
 * React access to the fleet store. Components pass narrow selectors (one seat, one pair, one
 * scalar); multi-field selectors go through `useShallow` so they only re-render on a real change.
 */
import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { FleetStore, FleetStoreState, FleetSync } from './fleetStore';

export const FleetSyncContext = createContext<FleetSync | null>(null);

export function useFleetSync(): FleetSync {
  const sync = useContext(FleetSyncContext);
  if (!sync) throw new Error('useFleetSync outside <FleetSyncContext.Provider>');
  return sync;
}

function useFleetStore(): FleetStore {
  return useFleetSync().store;
}

/** Subscribes to one slice of the fleet store. The selector must return a stable value (use useShallow otherwise). */
export function useFleet<T>(selector: (state: FleetStoreState) => T): T {
  return useStore(useFleetStore(), selector);
}

/** A shared empty list, so `?? EMPTY_IDS` selectors stay referentially stable. */
export const EMPTY_IDS: readonly string[] = [];
