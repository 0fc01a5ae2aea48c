/**
 * How the user looks at the fleet: which groups are collapsed and which edge layers are shown
 * (kept per fleet in `.seatmap/view.json`, shared/viewState.ts), plus what is focused and whether
 * Find is open (not kept). Apart from the fleet store, so a fleet patch never touches it.
 */
import { create } from 'zustand';
import type { FleetApi, FleetIdentity } from '../../../shared/api';
import { EMPTY_VIEW, withGroup, withLayer, type Layer, type ViewState } from '../../../shared/viewState';

const SAVE_DELAY_MS = 300;

export interface ViewStoreState {
  /** The fleet whose view.json has been read; null until then. */
  fleetKey: string | null;
  view: ViewState;
  /** The seat whose neighbourhood is in focus (the rest dimmed), or null. */
  focus: string | null;
  /** Focus shows two hops around the seat instead of one. */
  twoHop: boolean;
  findOpen: boolean;
  /** Reads the view of the fleet shown; saves name that fleet, so another one never gets them. */
  load(api: FleetApi, fleet: FleetIdentity): Promise<void>;
  setCollapsed(groupIds: readonly string[], collapsed: boolean): void;
  setLayer(layer: Layer, shown: boolean): void;
  setFocus(seat: string | null): void;
  setTwoHop(twoHop: boolean): void;
  setFindOpen(open: boolean): void;
}

let saver: { api: FleetApi; fleet: FleetIdentity; timer: ReturnType<typeof setTimeout> | null } | null = null;

function scheduleSave(get: () => ViewStoreState) {
  const current = saver;
  if (!current) return;
  if (current.timer) clearTimeout(current.timer);
  current.timer = setTimeout(() => {
    current.timer = null;
    // Another fleet opened meanwhile: its view must not get this one's choices.
    if (saver !== current || get().fleetKey !== current.fleet.session) return;
    current.api.saveView(current.fleet, get().view).catch((error: unknown) => console.warn('Seatmap: could not save the view', error));
  }, SAVE_DELAY_MS);
}

export const useView = create<ViewStoreState>((set, get) => ({
  fleetKey: null,
  view: EMPTY_VIEW,
  focus: null,
  twoHop: false,
  findOpen: false,
  async load(api, fleet) {
    if (saver?.timer) clearTimeout(saver.timer);
    const mine = { api, fleet, timer: null };
    saver = mine;
    set({ fleetKey: null, view: EMPTY_VIEW, focus: null });
    const view = await api.getView().catch(() => EMPTY_VIEW);
    if (saver !== mine) return;
    set({ fleetKey: fleet.session, view });
  },
  setCollapsed(groupIds, collapsed) {
    let view = get().view;
    for (const id of groupIds) view = withGroup(view, id, collapsed);
    set({ view });
    scheduleSave(get);
  },
  setLayer(layer, shown) {
    set({ view: withLayer(get().view, layer, shown) });
    scheduleSave(get);
  },
  setFocus: (focus) => set({ focus }),
  setTwoHop: (twoHop) => set({ twoHop }),
  setFindOpen: (findOpen) => set({ findOpen }),
}));
