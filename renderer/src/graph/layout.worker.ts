/**
 * The layout worker: runs elkjs off the main thread, so a layout never blocks drawing or dragging.
 * One request holds the expanded groups of a big fleet to lay out and/or a whole small fleet
 * (elkFleetLayout.ts); the answer has each group's offsets and the fleet's positions (or an error
 * message, and the quick placement stays).
 */
import ELK from 'elkjs/lib/elk.bundled.js';
import { layOutFleet, type FleetLayoutRequest } from './elkFleetLayout';
import { elkGraphOf, offsetsOf, type GroupLayoutRequest } from './elkGroupLayout';
import type { Positions } from './layout';

export interface LayoutJob {
  job: number;
  groups: GroupLayoutRequest[];
  /** A whole small fleet to lay out (its answer is under the offsets key `fleet`, absolute positions). */
  fleet?: FleetLayoutRequest;
}

export type LayoutAnswer = { job: number; ok: true; offsets: Record<string, Positions> } | { job: number; ok: false; error: string };

const elk = new ELK();

// elk's bundle claims `onmessage` when loaded in a worker; this worker answers its own messages.
self.onmessage = (event: MessageEvent<LayoutJob>) => {
  const { job, groups, fleet } = event.data;
  const work = groups.map(async (group) => [group.groupId, offsetsOf(await elk.layout(elkGraphOf(group)))] as const);
  if (fleet) work.push(layOutFleet(elk, fleet).then((positions) => ['fleet', positions] as const));
  Promise.all(work).then(
    (pairs) => self.postMessage({ job, ok: true, offsets: Object.fromEntries(pairs) } satisfies LayoutAnswer),
    (error: unknown) => self.postMessage({ job, ok: false, error: error instanceof Error ? error.message : String(error) } satisfies LayoutAnswer),
  );
};
