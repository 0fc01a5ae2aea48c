/** The seats, handoffs and rules the forms choose from, read from the fleet store once per change. */
import { useMemo } from 'react';
import type { HandoffView, RuleView } from '../../../shared/snapshot';
import { useFleet } from '../store/hooks';
import type { SeatInfo } from './formModel';

/** Declared seats by id (seats found only on disk cannot take part in an edit of fleet.yaml). */
export function useSeatInfos(): ReadonlyMap<string, SeatInfo> {
  const seats = useFleet((s) => s.data?.seats);
  return useMemo(() => {
    const map = new Map<string, SeatInfo>();
    if (!seats) return map;
    for (const id of seats.ids) {
      const seat = seats.byId[id];
      if (seat && !seat.undeclared) map.set(id, seat);
    }
    return map;
  }, [seats]);
}

export function useHandoffList(): readonly HandoffView[] {
  const handoffs = useFleet((s) => s.data?.handoffs);
  return useMemo(() => (handoffs ? handoffs.ids.map((id) => handoffs.byId[id]!) : []), [handoffs]);
}

export function useRuleList(): readonly RuleView[] {
  const rules = useFleet((s) => s.data?.rules);
  return useMemo(() => (rules ? rules.ids.map((id) => rules.byId[id]!) : []), [rules]);
}

/** The fleet.yaml parse error while there is one. */
export function useFleetError() {
  return useFleet((s) => s.data?.snapshot.fleetError ?? null);
}
