/**
 * Entities touched by more than one seat: the only ones duplicate-work can report. Most entities
 * (a ticket, one client's thread) are only ever touched by one seat, so grouping every recent touch
 * by entity on each derive cost time in proportion to the fleet's history (~20 ms per append at
 * 180,000 messages). This index groups each touch once, as its file grows, and a derive then reads
 * only the touches of the entities shared by two or more seats.
 *
 * Cached per fleet in a WeakMap keyed by the first touch source (touches.ts keeps a source as long
 * as its file only grows); any other change to the list of sources (a file added, removed or
 * replaced) starts the index again. Pure: no clock, no I/O.
 */
import type { Touch, TouchSource } from './touches';

/** A touch's place: its source's index times ORDER_STRIDE plus its position in the source. */
const ORDER_STRIDE = 2 ** 32;

interface EntityIndex {
  sources: readonly TouchSource[];
  /** How many touches of each source are indexed. */
  read: number[];
  /**
   * Each entity's touches, as places, in the order they were indexed: one number while it has one
   * touch (most entities; an array each would cost memory in a fleet of a million messages).
   */
  places: Map<string, number | number[]>;
  /** Entities touched by two or more seats. */
  shared: Set<string>;
}

const indexes = new WeakMap<TouchSource, EntityIndex>();

/**
 * The touches at or after `from` of entities touched (at any time) by two or more seats, in the
 * order the sources list them (sources in order, each in file order): the same order as the full
 * list of touches, with every entity only one seat ever touched left out.
 */
export function sharedEntityTouchesSince(sources: readonly TouchSource[], from: number): Touch[] {
  const index = entityIndex(sources);
  const places: number[] = [];
  for (const entity of index.shared) {
    for (const place of index.places.get(entity) as number[]) if (touchAt(sources, place).ts >= from) places.push(place);
  }
  places.sort((a, b) => a - b);
  return places.map((place) => touchAt(sources, place));
}

function touchAt(sources: readonly TouchSource[], place: number): Touch {
  return sources[Math.floor(place / ORDER_STRIDE)]!.touches[place % ORDER_STRIDE]!;
}

function entityIndex(sources: readonly TouchSource[]): EntityIndex {
  const first = sources[0];
  let index = first ? indexes.get(first) : undefined;
  if (!index || !sameSources(index, sources)) {
    index = { sources: [...sources], read: sources.map(() => 0), places: new Map(), shared: new Set() };
    if (first) indexes.set(first, index);
  }
  sources.forEach((source, i) => {
    const { touches } = source;
    for (let position = index.read[i]!; position < touches.length; position++) {
      const touch = touches[position]!;
      const place = i * ORDER_STRIDE + position;
      const known = index.places.get(touch.entity);
      if (known === undefined) index.places.set(touch.entity, place);
      else if (typeof known === 'number') {
        index.places.set(touch.entity, [known, place]);
        if (touchAt(sources, known).seat !== touch.seat) index.shared.add(touch.entity);
      } else {
        if (!index.shared.has(touch.entity) && touchAt(sources, known[0]!).seat !== touch.seat) index.shared.add(touch.entity);
        known.push(place);
      }
    }
    index.read[i] = touches.length;
  });
  return index;
}

function sameSources(index: EntityIndex, sources: readonly TouchSource[]): boolean {
  return index.sources.length === sources.length && sources.every((source, i) => source === index.sources[i] && source.touches.length >= index.read[i]!);
}
