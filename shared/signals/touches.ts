/**
 * Touches: a seat touched an entity at a time (FLEET-FORMAT.md, "Activity lines"). Activity lines
 * are touches by their seat; a message's `entities` are touches by its sender (not its receiver:
 * being told about a client is not working on it). Used by duplicate-work and rule-violation.
 */
import { inboxPath, type SignalContext } from './context';

export interface Touch {
  seat: string;
  entity: string;
  ts: number;
  /** The file and line behind it (to open the example). */
  file: string;
  line: number;
  /** For a message: the seat it was sent to; null for an activity line. */
  to: string | null;
}

/** Every dated touch by a known seat. Lines without a time cannot be placed in a window: skipped. */
export function collectTouches(ctx: SignalContext): Touch[] {
  const touches: Touch[] = [];
  for (const data of ctx.input.activity) {
    for (const entry of data.entries) {
      const seat = entry.seat || data.seat;
      if (!ctx.seats.has(seat) || !Number.isFinite(entry.ts) || !entry.entity) continue;
      touches.push({ seat, entity: entry.entity, ts: entry.ts, file: data.path, line: entry.line, to: null });
    }
  }
  for (const inbox of ctx.input.inboxes) {
    for (const message of inbox.messages) {
      if (!ctx.seats.has(message.from) || message.from === inbox.seat || !Number.isFinite(message.ts)) continue;
      for (const entity of new Set(message.entities)) {
        if (!entity) continue;
        touches.push({ seat: message.from, entity, ts: message.ts, file: inboxPath(inbox.seat), line: message.line, to: inbox.seat });
      }
    }
  }
  return touches;
}

/** The later of two touches; on a tie, the one in the earlier file/line, so the pick is deterministic. */
export function laterTouch(a: Touch | null, b: Touch): Touch {
  if (!a) return b;
  if (b.ts !== a.ts) return b.ts > a.ts ? b : a;
  if (b.file !== a.file) return b.file < a.file ? b : a;
  return b.line < a.line ? b : a;
}
