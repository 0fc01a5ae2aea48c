/**
 * stale-state (warning): a state file older than its `staleAfter` (docs/fleet-format.md, "Signals").
 * A warning, not an error: stale data is a symptom to look at (the writer may simply be late), it
 * breaks no designed invariant.
 *
 * - The limit: the file's `writes[].staleAfter`, else the seat's `staleAfter`, else the default.
 *   Files a seat writes without declaring them, and folders of seats fleet.yaml does not know, use
 *   the seat's or the fleet's default.
 * - Age is now minus the file's data time. A time in the future is clock skew, which the host
 *   reports as a diagnostic; here it is simply not stale (never a negative age).
 * - Files in a retired seat's folder are history: no signal.
 * - The signal names the handoffs whose `via` is the file ("this handoff carries stale data").
 */
import { isActive, makeSignal, seatName, type SignalContext } from './context';
import { fileLabel, possessive, spanBeside } from './wording';
import { MemoTable } from '../memo';
import type { StateFileRecord } from '../records';
import type { Signal } from '../signalTypes';

/**
 * Kept while the state files (the list's identity), the clock, fleet.yaml and the known seats are
 * the same (shared/memo.ts): an inbox append does not re-judge every state file.
 */
const judged = new MemoTable<readonly StateFileRecord[], Signal[]>();

export function staleState(ctx: SignalContext): Signal[] {
  return judged.get(ctx.stateList, [ctx.now, ctx.input.registry, ctx.seats], () => staleFiles(ctx));
}

function staleFiles(ctx: SignalContext): Signal[] {
  const signals: Signal[] = [];
  for (const file of ctx.input.stateFiles) {
    if (!isActive(ctx, file.seat) || !Number.isFinite(file.time)) continue;
    const decl = ctx.seats.get(file.seat)?.decl ?? null;
    const limitMs = decl?.writes.find((w) => w.path === file.path)?.staleAfterMs ?? decl?.staleAfterMs ?? ctx.defaults.staleAfterMs;
    const ageMs = ctx.now - file.time;
    if (ageMs <= limitMs) continue;
    const name = seatName(ctx, file.seat);
    const handoffs = ctx.input.registry.handoffs.filter((h) => h.via === file.path && isActive(ctx, h.from) && isActive(ctx, h.to));
    const readers = handoffs.map((h) => seatName(ctx, h.to));
    signals.push(makeSignal('stale-state', file.path, 'warning', {
      seats: [file.seat],
      files: [file.path],
      handoffs: handoffs.map((h) => h.id).sort(),
      message: `${possessive(name)} ${fileLabel(file.path, file.seat)} is ${spanBeside(ageMs, limitMs)} old; its limit is ${spanBeside(limitMs, ageMs)}`
        + (readers.length ? ` (read by ${[...new Set(readers)].join(', ')})` : ''),
      hint: `Check that ${name} still runs and rewrites ${file.path}, or raise its staleAfter in fleet.yaml if it is meant to change less often`,
      numbers: { ageMs, limitMs, lastTs: file.time },
    }));
  }
  return signals;
}
