/**
 * unowned-seat (error): an active agent seat without an accountable human owner, which breaks
 * "one seat, one owner" (docs/fleet-format.md). Human seats need no owner.
 *
 * `owner` may be free text, so any text counts as an owner, except when it names a seat
 * of fleet.yaml that cannot be accountable: an agent seat (an agent cannot be the accountable
 * human) or a retired seat (its person has left the fleet).
 */
import { makeSignal, seatName, type SignalContext } from './context';
import { MemoTable } from '../memo';
import type { FleetRegistry } from '../registry';
import type { Signal } from '../signalTypes';

/** Follows from fleet.yaml and the known seats alone: kept while they are the same (shared/memo.ts). */
const judged = new MemoTable<FleetRegistry, Signal[]>();

export function unownedSeat(ctx: SignalContext): Signal[] {
  return judged.get(ctx.input.registry, [ctx.seats], () => unownedSeats(ctx));
}

function unownedSeats(ctx: SignalContext): Signal[] {
  const signals: Signal[] = [];
  for (const seat of ctx.input.registry.seats) {
    if (seat.status === 'retired' || seat.kind !== 'agent') continue;
    const owner = seat.owner?.trim() || null;
    const ownerSeat = owner ? ctx.seats.get(owner) : undefined;
    let problem: string | null = null;
    if (!owner) problem = 'has no owner';
    else if (ownerSeat?.kind === 'agent') problem = `is owned by ${ownerSeat.name}, an agent seat, not an accountable human`;
    else if (ownerSeat && !ownerSeat.active) problem = `is owned by ${ownerSeat.name}, a retired seat`;
    if (!problem) continue;
    const name = seatName(ctx, seat.id);
    signals.push(makeSignal('unowned-seat', seat.id, 'error', {
      seats: [seat.id],
      files: ['fleet.yaml'],
      message: `${name} ${problem}; every agent seat needs one accountable human`,
      hint: `Set owner: for ${seat.id} in fleet.yaml to the human accountable for ${name}`,
      numbers: { line: seat.line },
    }));
  }
  return signals;
}
