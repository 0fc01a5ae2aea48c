/**
 * The host's side of a fleet service running in its own process: a FleetHandle
 * (service/fleetProcess/fleetHandle.ts) whose requests travel to the child as `call` messages and
 * come back as typed CallResults. The host keeps a copy of the snapshot, patched by the events it
 * forwards, so `snapshot()` is synchronous and `getSnapshot` always matches the patches its
 * subscribers have seen; reading, parsing and deriving the fleet all happen in the child, which
 * keeps the host's event loop (the desktop app's main process, `seatmap serve`) free.
 *
 * If the child stops unexpectedly, nothing hangs: every request in flight and every later one
 * fails with a plain message, and the subscribers get a last patch that puts the watcher pill in
 * its error state with the same words. The process is not restarted: the user reopens the fleet
 * (desktop) or restarts `seatmap serve`, and sees why.
 */
import { ApiError, type FleetEvent, type ReplyOf, type Unsubscribe } from '../../shared/api';
import { applyPatch, diffSnapshots } from '../../shared/patch';
import type { FleetSnapshot } from '../../shared/snapshot';
import { FleetOpenError } from '../fleetService';
import type { FleetHandle, ServiceArgs, ServiceMethod } from './fleetHandle';
import { childMessageSchema, type ChildEnd, type ChildMessage, type ChildOpenRequest } from './protocol';

export interface FleetProcessOptions {
  /** Starts the child: `forkNodeFleetChild` (Node) or the desktop app's utility process. */
  start: () => ChildEnd;
  request: ChildOpenRequest;
  /** Told, in plain words, when the child stops unexpectedly (hosts print or show it). */
  onCrash?: (message: string) => void;
  /** How long `close` waits for the child to end before killing it. */
  closeTimeoutMs?: number;
}

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

/** Starts a child, opens the fleet there, and resolves once its first snapshot has arrived. */
export function openFleetProcess(options: FleetProcessOptions): Promise<FleetProcess> {
  const child = options.start();
  return new Promise<FleetProcess>((resolve, reject) => {
    let settled = false;
    let fleet: FleetProcess | null = null;
    child.onMessage((raw) => {
      const parsed = childMessageSchema.safeParse(raw);
      if (!parsed.success) return; // not ours; the child validates what it sends
      const message = parsed.data as ChildMessage;
      if (fleet) return fleet.receive(message);
      if (message.type === 'opened') {
        fleet = new FleetProcess(child, message.root, message.isDemo, message.snapshot, options);
        settled = true;
        resolve(fleet);
      } else if (message.type === 'open-failed') {
        settled = true;
        child.send({ type: 'close' });
        reject(message.openError ? new FleetOpenError(message.message) : new Error(message.message));
      }
    });
    child.onExit((how) => {
      if (fleet) return fleet.exited(how);
      if (!settled) reject(new Error(`Seatmap's fleet process ${how} while opening ${options.request.root}`));
    });
    child.send({ type: 'open', request: options.request });
  });
}

export class FleetProcess implements FleetHandle {
  private current: FleetSnapshot;
  private readonly listeners = new Set<(event: FleetEvent) => void>();
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  /** Why requests fail from now on: the child stopped, or the fleet was closed. */
  private failure: string | null = null;
  private closing = false;
  private readonly gone: Promise<void>;
  private markGone!: () => void;

  constructor(
    private readonly child: ChildEnd,
    readonly root: string,
    readonly isDemo: boolean,
    snapshot: FleetSnapshot,
    private readonly options: Pick<FleetProcessOptions, 'onCrash' | 'closeTimeoutMs'>,
  ) {
    this.current = snapshot;
    this.gone = new Promise((resolve) => (this.markGone = resolve));
  }

  /** The child's process id (while it runs). */
  get pid(): number | undefined {
    return this.child.pid;
  }

  snapshot(): FleetSnapshot {
    return this.current;
  }

  subscribe(listener: (event: FleetEvent) => void): Unsubscribe {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  call<M extends ServiceMethod>(method: M, args: ServiceArgs<M>): Promise<ReplyOf<M>> {
    // The copy is what the subscribers' patches apply to; the child's would be the same revision or newer.
    if (method === 'getSnapshot') return Promise.resolve(this.current as ReplyOf<M>);
    return this.request(method, args) as Promise<ReplyOf<M>>;
  }

  async close(): Promise<void> {
    if (!this.closing) {
      this.closing = true;
      this.failWith('The fleet was closed before this request was answered');
      this.child.send({ type: 'close' });
      const timer = setTimeout(() => this.child.kill(), this.options.closeTimeoutMs ?? 5_000);
      await this.gone;
      clearTimeout(timer);
    }
    await this.gone;
    this.listeners.clear();
  }

  /** A message from the child (after the first snapshot). */
  receive(message: ChildMessage): void {
    if (message.type === 'result') {
      const waiting = this.pending.get(message.id);
      if (!waiting) return;
      this.pending.delete(message.id);
      const { result } = message;
      if (result.ok) waiting.resolve(result.value);
      else waiting.reject(new ApiError(result.error.code, result.error.message));
    } else if (message.type === 'event') {
      this.onEvent(message.event);
    }
  }

  /** The child has ended: expected after close, otherwise reported. */
  exited(how: string): void {
    if (!this.closing) {
      const message = `Seatmap's fleet process stopped unexpectedly (${how}), so changes on disk are no longer shown; open the fleet again, or restart Seatmap`;
      this.failWith(message);
      this.showFailure(message);
      this.options.onCrash?.(message);
    }
    this.markGone();
  }

  private request(method: string, args: readonly unknown[]): Promise<unknown> {
    if (this.failure) return Promise.reject(new ApiError('internal', this.failure));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.child.send({ type: 'call', id, method, args: [...args] });
    });
  }

  /** Fails every request in flight, and every later one, with `message`. */
  private failWith(message: string): void {
    this.failure ??= message;
    const waiting = [...this.pending.values()];
    this.pending.clear();
    for (const request of waiting) request.reject(new ApiError('internal', this.failure));
  }

  private onEvent(event: FleetEvent): void {
    if (event.kind === 'patch') {
      try {
        this.current = applyPatch(this.current, event.patch);
      } catch {
        // Cannot happen on an ordered channel; if it does, the subscribers re-fetch what we re-read.
        return void this.resync(`the fleet process skipped revision ${this.current.revision}`);
      }
      this.emit(event);
    } else {
      void this.resync(event.reason);
    }
  }

  /** Re-reads the child's snapshot, then tells subscribers to re-fetch it. */
  private async resync(reason: string): Promise<void> {
    try {
      this.current = (await this.request('getSnapshot', [])) as FleetSnapshot;
    } catch {
      return; // the child stopped; that is reported on its own
    }
    this.emit({ kind: 'reset', reason });
  }

  /** The last patch the subscribers get: the watcher pill turns to an error with `message`. */
  private showFailure(message: string): void {
    const next: FleetSnapshot = { ...this.current, revision: this.current.revision + 1, watcher: { ...this.current.watcher, status: 'error', message } };
    const patch = diffSnapshots(this.current, next);
    this.current = next;
    if (patch) this.emit({ kind: 'patch', patch });
  }

  private emit(event: FleetEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}
