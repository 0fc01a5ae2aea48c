/**
 * The host's side of a fleet service running in its own process: a FleetHandle
 * (service/fleetProcess/fleetHandle.ts) whose requests travel to the child as `call` messages and
 * come back as typed CallResults. The host keeps a copy of the snapshot, patched by the events it
 * forwards, so `snapshot()` is synchronous and `getSnapshot` always matches the patches its
 * subscribers have seen; reading, parsing and deriving the fleet all happen in the child, which
 * keeps the host's event loop (the desktop app's main process, `seatmap serve`) free.
 *
 * If the child stops unexpectedly, nothing hangs: every request in flight fails with a plain
 * message (it may or may not have been carried out, so it is not sent again), and the fleet is
 * opened in a new child once; subscribers get a `reset` and re-read it (a new opening: writes made
 * against the old one are refused with `fleet-changed`). Requests made meanwhile wait for it. If
 * the new child cannot open the fleet, or stops too, every later request fails with a plain
 * message and the subscribers get a last patch that puts the watcher pill in its error state with
 * the same words; the user reopens the fleet (desktop) or restarts `seatmap serve`.
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
  /**
   * Told, in plain words, when the child stops unexpectedly: `final` is false when it is being
   * restarted, true when Seatmap has given up (hosts print or show it).
   */
  onCrash?: (message: string, final: boolean) => void;
  /** How many times a child that stopped unexpectedly is replaced (default 1). */
  restarts?: number;
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
      if (fleet) return fleet.receive(child, message);
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
      if (fleet) return fleet.exited(child, how);
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
  private gone!: Promise<void>;
  private markGone!: () => void;
  private restartsLeft: number;
  /** While a replacement child opens the fleet: settles when it has (or has failed to). */
  private restarting: { done: Promise<void>; finish: () => void; how: string } | null = null;

  constructor(
    private child: ChildEnd,
    readonly root: string,
    readonly isDemo: boolean,
    snapshot: FleetSnapshot,
    private readonly options: Pick<FleetProcessOptions, 'start' | 'request' | 'onCrash' | 'closeTimeoutMs' | 'restarts'>,
  ) {
    this.current = snapshot;
    this.restartsLeft = options.restarts ?? 1;
    this.watchExit();
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
      const restarting = this.restarting;
      this.restarting = null;
      restarting?.finish();
      this.child.send({ type: 'close' });
      const timer = setTimeout(() => this.child.kill(), this.options.closeTimeoutMs ?? 5_000);
      await this.gone;
      clearTimeout(timer);
    }
    await this.gone;
    this.listeners.clear();
  }

  /** A message from a child (after the first snapshot); only the current child's count. */
  receive(from: ChildEnd, message: ChildMessage): void {
    if (from !== this.child) return;
    if (message.type === 'opened' && this.restarting) {
      this.current = message.snapshot;
      const { how, finish } = this.restarting;
      this.restarting = null;
      finish();
      this.emit({ kind: 'reset', reason: `Seatmap's fleet process stopped unexpectedly (${how}) and was started again` });
    } else if (message.type === 'open-failed' && this.restarting) {
      this.child.send({ type: 'close' });
      this.giveUp(`could not open the fleet again: ${message.message}`);
    } else if (message.type === 'result') {
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

  /** A child has ended: expected after close; otherwise it is replaced once, then reported. */
  exited(from: ChildEnd, how: string): void {
    if (from !== this.child) return;
    const markGone = this.markGone;
    if (this.closing || this.failure) return markGone();
    if (this.restarting) {
      this.giveUp(`${how} again while opening the fleet`);
      return markGone();
    }
    // What was in flight may or may not have been done: say so, and do not send it again.
    this.failPending(`Seatmap's fleet process stopped unexpectedly (${how}) before answering; try again`);
    if (this.restartsLeft <= 0) {
      this.giveUp(how);
      return markGone();
    }
    this.restartsLeft--;
    let finish!: () => void;
    const done = new Promise<void>((resolve) => (finish = resolve));
    this.restarting = { done, finish, how };
    this.options.onCrash?.(`Seatmap's fleet process stopped unexpectedly (${how}); it is being started again`, false);
    markGone();
    this.child = this.options.start();
    this.watchExit();
    const child = this.child;
    child.onMessage((raw) => {
      const parsed = childMessageSchema.safeParse(raw);
      if (parsed.success) this.receive(child, parsed.data as ChildMessage);
    });
    child.onExit((ended) => this.exited(child, ended));
    child.send({ type: 'open', request: this.options.request });
  }

  /** A new `gone` for the current child: close waits for it. */
  private watchExit(): void {
    this.gone = new Promise((resolve) => (this.markGone = resolve));
  }

  /** No more children: requests fail from now on, and the window's watcher pill says why. */
  private giveUp(how: string): void {
    const message = `Seatmap's fleet process stopped unexpectedly (${how}), so changes on disk are no longer shown; open the fleet again, or restart Seatmap`;
    this.failWith(message);
    this.showFailure(message);
    const restarting = this.restarting;
    this.restarting = null;
    restarting?.finish();
    this.options.onCrash?.(message, true);
  }

  private async request(method: string, args: readonly unknown[]): Promise<unknown> {
    // Requests made while a replacement child opens the fleet wait for it.
    if (this.restarting) await this.restarting.done;
    if (this.failure) throw new ApiError('internal', this.failure);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.child.send({ type: 'call', id, method, args: [...args] });
    });
  }

  /** Fails every request in flight, and every later one, with `message`. */
  private failWith(message: string): void {
    this.failure ??= message;
    this.failPending(this.failure);
  }

  private failPending(message: string): void {
    const waiting = [...this.pending.values()];
    this.pending.clear();
    for (const request of waiting) request.reject(new ApiError('internal', message));
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
