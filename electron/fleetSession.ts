/**
 * The desktop app's one open fleet: a FleetHandle (service/fleetProcess/fleetHandle.ts), that is a
 * FleetService and, for the demo, its simulator, in a child process (the app) or this one (tests).
 * Switching opens the new fleet first, so a folder that can't be opened leaves the current one
 * showing; then it closes the old one and tells the window to re-fetch with a `reset`.
 *
 * Requests reach the fleet through `use`, which is the session's FleetAccess
 * (service/fleetApiHandlers.ts): a writing request must name the current fleet (root and session)
 * or it is refused with `fleet-changed`, and a request that started on a fleet finishes on that
 * fleet: the switch waits for it before closing the old service. So a layout save or an edit in
 * flight while the user switches lands where it was made, or nowhere, never in the other fleet.
 *
 * Plain Node (no electron import), so the rules here don't depend on a window.
 */
import { ApiError, type FleetEvent, type FleetIdentity } from '../shared/api';
import { checkFleetIdentity, type FleetAccess } from '../service/fleetApiHandlers';
import type { FleetHandle } from '../service/fleetProcess/fleetHandle';
import { openInProcess, type FleetOpener } from '../service/fleetProcess/openFleet';

/** What to open: a folder the user chose, or a fresh live demo fleet. */
export type FleetSource = { kind: 'folder'; path: string } | { kind: 'demo' };

interface OpenFleet {
  service: FleetHandle;
  unsubscribe: () => void;
  /** Requests running against this fleet; closing it waits for them. */
  inFlight: Set<Promise<unknown>>;
}

export interface FleetSessionOptions {
  /** Every event of the open fleet, plus a `reset` after each switch. */
  onEvent: (event: FleetEvent) => void;
  /** Called after a switch and whenever the fleet may have been renamed (for the window title). */
  onChange?: (service: FleetHandle) => void;
  /** How a fleet is opened: in a child process in the app (main.ts), in this process by default. */
  openFleet?: FleetOpener;
  /** The clock of the default, in-process opener. */
  now?: () => number;
}

export class FleetSession implements FleetAccess<FleetHandle> {
  private current: OpenFleet | null = null;
  /** Opens run one at a time, in the order asked, so two quick clicks can't leave two services. */
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;

  constructor(private readonly options: FleetSessionOptions) {}

  /** The open fleet's service, or null before the first open. */
  service(): FleetHandle | null {
    return this.current?.service ?? null;
  }

  isDemo(): boolean {
    return this.current?.service.isDemo ?? false;
  }

  /**
   * Runs one request against the open fleet. `fleet` (for writing requests) must be the open one;
   * the fleet stays open until `use` has settled, even if a switch starts meanwhile.
   */
  async use<T>(fleet: FleetIdentity | null, use: (service: FleetHandle) => Promise<T> | T): Promise<T> {
    const open = this.current;
    if (this.closed) throw new ApiError('internal', 'Seatmap is quitting');
    if (!open) throw new ApiError('internal', 'No fleet is open yet');
    checkFleetIdentity(open.service, fleet);
    const running = Promise.resolve().then(() => use(open.service));
    open.inFlight.add(running);
    try {
      return await running;
    } finally {
      open.inFlight.delete(running);
    }
  }

  /** Opens a fleet and makes it current; throws FleetOpenError (plain words) and keeps the old one. */
  open(source: FleetSource): Promise<FleetHandle> {
    const run = this.queue.then(() => this.switchTo(source));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Closes the open fleet (on quit). */
  async close(): Promise<void> {
    this.closed = true;
    await this.queue;
    const old = this.current;
    this.current = null;
    if (old) await shut(old);
  }

  private async switchTo(source: FleetSource): Promise<FleetHandle> {
    if (this.closed) throw new Error('Seatmap is quitting');
    // The service, and the demo's simulator, start here (in a child process in the app).
    const service = await (this.options.openFleet ?? openInProcess(this.options.now))(source);
    const unsubscribe = service.subscribe((event) => {
      this.options.onEvent(event);
      if (event.kind === 'patch') this.options.onChange?.(service);
    });
    const old = this.current;
    this.current = { service, unsubscribe, inFlight: new Set() };
    if (old) await shut(old);
    this.options.onEvent({ kind: 'reset', reason: `Opened ${source.kind === 'demo' ? 'the live demo fleet' : service.root}` });
    this.options.onChange?.(service);
    return service;
  }
}

async function shut(fleet: OpenFleet): Promise<void> {
  fleet.unsubscribe();
  // A request that started on this fleet finishes here before the service goes away.
  await Promise.allSettled([...fleet.inFlight]);
  await fleet.service.close();
}
