/**
 * Talks to the layout worker (layout.worker.ts), created on first use. `pending` counts jobs in
 * flight and `settling` is true while seats glide into a layout that just arrived, so the graph
 * can say a layout is still being computed.
 */
import { create } from 'zustand';
import type { FleetLayoutRequest } from './elkFleetLayout';
import type { GroupLayoutRequest } from './elkGroupLayout';
import type { Positions } from './layout';
import type { LayoutAnswer, LayoutJob } from './layout.worker';

export const useLayoutProgress = create<{ pending: number; settling: boolean }>(() => ({ pending: 0, settling: false }));

/** How long seats glide from the quick placement into elk's layout (the transition in app.css). */
export const SETTLE_MS = 400;
let settleTimer: ReturnType<typeof setTimeout> | undefined;

/** Seats are about to move into a new layout: glide them there, unless the user asked for less motion. */
export function settleLayout(): void {
  if (typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches) return;
  useLayoutProgress.setState({ settling: true });
  clearTimeout(settleTimer);
  settleTimer = setTimeout(() => useLayoutProgress.setState({ settling: false }), SETTLE_MS);
}

let worker: Worker | null = null;
let nextJob = 1;
const waiting = new Map<number, { resolve(offsets: Record<string, Positions>): void; reject(error: Error): void }>();

function layoutWorker(): Worker {
  if (worker) return worker;
  worker = new Worker(new URL('./layout.worker.ts', import.meta.url), { type: 'module' });
  worker.onmessage = (event: MessageEvent<LayoutAnswer>) => {
    const answer = event.data;
    const pending = waiting.get(answer.job);
    if (!pending) return;
    waiting.delete(answer.job);
    useLayoutProgress.setState({ pending: waiting.size });
    if (answer.ok) pending.resolve(answer.offsets);
    else pending.reject(new Error(answer.error));
  };
  worker.onerror = (event) => {
    // A worker that cannot start (an old browser, a blocked script): every job fails, the fast placement stays.
    for (const pending of waiting.values()) pending.reject(new Error(event.message || 'layout worker failed'));
    waiting.clear();
    useLayoutProgress.setState({ pending: 0 });
  };
  return worker;
}

/** Lays out these groups in the worker; resolves with each group's seat offsets. */
export function refineGroups(groups: GroupLayoutRequest[], fleet?: FleetLayoutRequest): Promise<Record<string, Positions>> {
  if (groups.length === 0 && !fleet) return Promise.resolve({});
  const job = nextJob++;
  return new Promise((resolve, reject) => {
    waiting.set(job, { resolve, reject });
    useLayoutProgress.setState({ pending: waiting.size });
    try {
      layoutWorker().postMessage({ job, groups, ...(fleet ? { fleet } : {}) } satisfies LayoutJob);
    } catch (error) {
      waiting.delete(job);
      useLayoutProgress.setState({ pending: waiting.size });
      reject(error instanceof Error ? error : new Error(String(error)));
    }
  });
}

/** Lays out a whole small fleet in the worker (elkFleetLayout.ts); resolves with seat positions. */
export function refineFleet(fleet: FleetLayoutRequest): Promise<Positions> {
  return refineGroups([], fleet).then((answer) => answer['fleet'] ?? {});
}

/** Starts the worker and runs elk once on a tiny graph: its first run is slow (it warms up), later ones take milliseconds. */
export function warmLayoutWorker(): void {
  refineGroups([{ groupId: 'warm-up', seats: ['a', 'b'], links: [{ from: 'a', to: 'b' }] }]).then(
    () => undefined,
    () => undefined,
  );
}
