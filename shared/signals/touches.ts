/**
 * Touches: a seat touched an entity at a time (docs/fleet-format.md, "Activity"). Activity lines
 * are touches by their seat; a message's `entities` are touches by its sender (not its receiver:
 * being told about a client is not working on it). Used by duplicate-work and rule-violation.
 *
 * Both signals only look at a recent window, so each file's touches are indexed once, in a
 * WeakMap keyed by its append-only array (`ActivityData.entries`, `InboxData.messages`), extended
 * as the file grows and started again when the array is replaced (see inboxIndex.ts for the
 * contract); a window is then found by binary search, in file order.
 */
import { inboxPath, type SignalContext } from './context';
import type { ActivityData, ActivityRecord, InboxData, InboxMessage } from '../records';
import { addSorted, firstIndex, firstPassing } from './sortedPositions';
import { sameItems } from '../memo';

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
  return touchesSince(ctx, -Infinity);
}

/**
 * The dated touches by known seats at or after `from`, in the order `collectTouches` lists them
 * (activity files, then inboxes, each in input and file order), so ties are broken the same way.
 */
export function touchesSince(ctx: SignalContext, from: number): Touch[] {
  const touches: Touch[] = [];
  for (const source of touchSources(ctx)) {
    for (const touch of windowOf(source, from)) if (ctx.seats.has(touch.seat)) touches.push(touch);
  }
  return touches;
}

/**
 * Every file's touches, brought up to date: activity files, then inboxes, in input order (the
 * order `collectTouches` lists them in). A source is the same object for as long as its file only
 * grows, and its `touches` array only grows by push.
 */
export function touchSources(ctx: SignalContext): TouchSource[] {
  return touchFrame(ctx).sources;
}

/**
 * The touch sources with how many touches they hold: sources only grow (or are replaced by new
 * ones), so the same array and the same count mean the same touches. Results computed from every
 * touch (duplicate-work, rule-violation) are kept on these two (shared/memo.ts).
 */
export interface TouchFrame {
  sources: TouchSource[];
  count: number;
}

const frames = new WeakMap<SignalContext, TouchFrame>();

/**
 * Per inbox list, the inboxes' sources as last seen: only the inboxes whose version moved are
 * brought up to date, so an append does not look up every inbox's source.
 */
const lastInboxSources = new WeakMap<readonly InboxData[], { versions: readonly object[]; sources: TouchSource[]; activity: TouchSource[]; all: TouchSource[] }>();

export function touchFrame(ctx: SignalContext): TouchFrame {
  let frame = frames.get(ctx);
  if (frame) return frame;
  const { list, versions } = ctx.frame;
  const activity = ctx.input.activity.map(activitySource);
  const last = lastInboxSources.get(list);
  let sources: TouchSource[];
  if (!last) sources = list.map(inboxSource);
  else {
    sources = last.sources;
    // From the last frame: only its changed places; from an older one, every place is compared.
    const places = last.versions === versions ? [] : last.versions === ctx.frame.previous ? ctx.frame.changed : list.keys();
    for (const i of places) {
      if (versions[i] === last.versions[i]) continue;
      const source = inboxSource(list[i]!);
      if (source === sources[i]) continue;
      if (sources === last.sources) sources = sources.slice();
      sources[i] = source;
    }
  }
  const all = last && last.sources === sources && sameItems(last.activity, activity) ? last.all : [...activity, ...sources];
  lastInboxSources.set(list, { versions, sources, activity, all });
  let count = 0;
  for (const source of all) count += source.touches.length;
  frame = { sources: all, count };
  frames.set(ctx, frame);
  return frame;
}

/** The later of two touches; on a tie, the one in the earlier file/line, so the pick is deterministic. */
export function laterTouch(a: Touch | null, b: Touch): Touch {
  if (!a) return b;
  if (b.ts !== a.ts) return b.ts > a.ts ? b : a;
  if (b.file !== a.file) return b.file < a.file ? b : a;
  return b.line < a.line ? b : a;
}

/** One file's dated touches, in file order, with a time-sorted view when file order is not. */
export interface TouchSource {
  /** The seat and file the touches were made for (a change starts the index again). */
  seat: string;
  file: string;
  touches: Touch[];
  /** Positions in `touches`, sorted by (time, position); null while `touches` is in time order. */
  sorted: number[] | null;
  read: number;
  first: unknown;
  last: unknown;
}

const activitySources = new WeakMap<readonly ActivityRecord[], TouchSource>();
const inboxSources = new WeakMap<readonly InboxMessage[], TouchSource>();

function activitySource(data: ActivityData): TouchSource {
  const source = sourceFor(activitySources, data.entries, data.seat, data.path);
  const { entries } = data;
  const added: Touch[] = [];
  for (let i = source.read; i < entries.length; i++) {
    const entry = entries[i]!;
    if (!Number.isFinite(entry.ts) || !entry.entity) continue;
    added.push({ seat: entry.seat || data.seat, entity: entry.entity, ts: entry.ts, file: data.path, line: entry.line, to: null });
  }
  grow(source, entries, added);
  return source;
}

function inboxSource(inbox: InboxData): TouchSource {
  const file = inboxPath(inbox.seat);
  const source = sourceFor(inboxSources, inbox.messages, inbox.seat, file);
  const { messages } = inbox;
  const added: Touch[] = [];
  for (let i = source.read; i < messages.length; i++) {
    const message = messages[i]!;
    if (message.from === inbox.seat || !Number.isFinite(message.ts)) continue;
    for (const entity of new Set(message.entities)) {
      if (!entity) continue;
      added.push({ seat: message.from, entity, ts: message.ts, file, line: message.line, to: inbox.seat });
    }
  }
  grow(source, messages, added);
  return source;
}

function sourceFor<T>(cache: WeakMap<readonly T[], TouchSource>, lines: readonly T[], seat: string, file: string): TouchSource {
  const known = cache.get(lines);
  const continues = known && known.seat === seat && known.file === file && lines.length >= known.read
    && (known.read === 0 || (lines[0] === known.first && lines[known.read - 1] === known.last));
  if (known && continues) return known;
  const source: TouchSource = { seat, file, touches: [], sorted: null, read: 0, first: undefined, last: undefined };
  cache.set(lines, source);
  return source;
}

function grow<T>(source: TouchSource, lines: readonly T[], added: Touch[]): void {
  source.read = lines.length;
  source.first = lines[0];
  source.last = lines[lines.length - 1];
  if (added.length === 0) return;
  const { touches } = source;
  const start = touches.length;
  for (const touch of added) touches.push(touch);
  if (!source.sorted) {
    let inOrder = true;
    for (let i = Math.max(1, start); inOrder && i < touches.length; i++) inOrder = touches[i - 1]!.ts <= touches[i]!.ts;
    if (inOrder) return;
    source.sorted = touches.slice(0, start).map((_, i) => i);
  }
  addSorted(source.sorted, added.map((_, i) => start + i), (p) => touches[p]!.ts);
}

/** The source's touches at or after `from`, in file order. */
function windowOf(source: TouchSource, from: number): readonly Touch[] {
  const { touches, sorted } = source;
  if (!sorted) {
    const start = firstIndex(0, touches.length, (i) => touches[i]!.ts >= from);
    return start === 0 ? touches : touches.slice(start);
  }
  const start = firstPassing(sorted, (p) => touches[p]!.ts >= from);
  if (start === sorted.length) return [];
  return sorted.slice(start).sort((a, b) => a - b).map((p) => touches[p]!);
}
