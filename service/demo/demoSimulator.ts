/**
 * Keeps the demo fleet alive: every few seconds an agent of Brightline Agency does
 * something the graph shows. Plain Node, no electron.
 *
 * What a tick may do, the way real agents would:
 * - append a new message on a designed inbox route (DEMO_LIVE.routes);
 * - ack one of the simulator's own earlier messages, sometimes with a RESPONSE (`re`) back;
 * - rewrite a state file atomically (`.<name>.tmp-<random>` in the same folder, then rename) with
 *   a fresh time;
 * - now and then, Jeff challenges Dash again or Maria forwards a call review to Pulse.
 *
 * Inboxes are only ever appended to (`fs.appendFile`), never rewritten. What keeps the demo's
 * signals (shared/demo/demoFleet.ts) alive: the stale scorecard is never refreshed, Scout never
 * acks, coach → echo never carries anything, and messages the generator left unacked stay so.
 */
import { appendFile, readFile, rename, rm, utimes, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import {
  clientNamedIn,
  createRng,
  DEMO_LIVE,
  draftForward,
  draftReply,
  DRAFTS,
  isoTime,
  jsonLine,
  refreshStateContent,
  type Draft,
  type MessageLine,
  type Rng,
} from '../../shared/demo';

/** Runs `tick` every `intervalMs` until the returned function is called. */
export type Scheduler = (tick: () => void, intervalMs: number) => () => void;

/** The real scheduler: an unref'd interval, so the simulator never keeps a process alive. */
export const intervalScheduler: Scheduler = (tick, intervalMs) => {
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
};

export interface DemoSimulatorOptions {
  /** The demo fleet's folder (createDemoFleet's result). */
  root: string;
  /** The clock (epoch ms); tests inject one. */
  now?: () => number;
  seed?: number;
  /** Time between ticks (default 3 s). */
  intervalMs?: number;
  scheduler?: Scheduler;
  /** A tick that failed (the folder was deleted, a disk error); the simulator keeps going. */
  onError?: (error: unknown) => void;
}

export const DEFAULT_SIMULATOR_INTERVAL_MS = 3000;
const NEVER_ACK = new Set<string>(DEMO_LIVE.neverAck);
/** At most this many of our messages wait for an ack; older ones are acked first. */
const MAX_PENDING = 12;
/** At most this many call reviews wait for Maria to forward them; older ones are forgotten. */
const MAX_REVIEWS = 8;

export class DemoSimulator {
  private readonly root: string;
  private readonly now: () => number;
  private readonly rng: Rng;
  private readonly intervalMs: number;
  private readonly scheduler: Scheduler;
  private readonly onError: (error: unknown) => void;
  /** Messages we sent that their receiver has not acked yet, oldest first. */
  private readonly pending: MessageLine[] = [];
  /** Call reviews Coach sent Maria that she may still forward to Pulse by hand. */
  private readonly reviews: MessageLine[] = [];
  /**
   * The time part of the last id. Ids are `m-<time><random>` with a time that strictly increases
   * (see newId), so every id is unique without remembering the ids sent: memory stays constant
   * however long the demo runs.
   */
  private lastIdTime = Number.NEGATIVE_INFINITY;
  private cancel: (() => void) | null = null;
  private queue: Promise<void> = Promise.resolve();

  constructor(options: DemoSimulatorOptions) {
    this.root = options.root;
    this.now = options.now ?? Date.now;
    this.rng = createRng(options.seed ?? 1_000_003);
    this.intervalMs = options.intervalMs ?? DEFAULT_SIMULATOR_INTERVAL_MS;
    this.scheduler = options.scheduler ?? intervalScheduler;
    this.onError = options.onError ?? ((error) => process.stderr.write(`seatmap demo: ${String(error)}\n`));
  }

  get running(): boolean {
    return this.cancel !== null;
  }

  start(): void {
    if (this.cancel) return;
    this.cancel = this.scheduler(() => {
      this.tick().catch(this.onError);
    }, this.intervalMs);
  }

  stop(): void {
    this.cancel?.();
    this.cancel = null;
  }

  /** One step of the simulation. Ticks run one after another, never interleaved. */
  tick(): Promise<void> {
    const run = this.queue.then(() => this.step());
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async step(): Promise<void> {
    const roll = this.rng.next();
    if (this.pending.length > 0 && (roll < 0.3 || this.pending.length >= MAX_PENDING)) return this.answer();
    if (roll < 0.5) return this.refreshState();
    if (roll < 0.54) {
      await this.send('jeff', 'dash', DRAFTS['jeff->dash']!(this.rng));
      return;
    }
    if (roll < 0.6 && this.reviews.length > 0) return this.bridge();
    const route = this.rng.pick(DEMO_LIVE.routes);
    const [from, to] = route.split('->') as [string, string];
    const message = await this.send(from, to, DRAFTS[route]!(this.rng));
    if (route === 'coach->maria') {
      this.reviews.push(message);
      if (this.reviews.length > MAX_REVIEWS) this.reviews.shift();
    }
  }

  private newId(at: number): string {
    // Strictly increasing, even when the clock stands still or steps back (NTP, an injected clock):
    // two ids then differ in their time part (same length ⇒ same time digits), whatever the random part.
    const time = Math.max(Math.trunc(at), this.lastIdTime + 1);
    this.lastIdTime = time;
    return `m-${time.toString(36)}${this.rng.hex(4)}`;
  }

  /** Appends a message line to `to`'s inbox. */
  private async send(from: string, to: string, draft: Draft, re?: string): Promise<MessageLine> {
    const at = this.now();
    const message: MessageLine = { id: this.newId(at), ts: isoTime(at), from, to, type: draft.type, subject: draft.subject, body: draft.body };
    if (re) message.re = re;
    if (draft.entities?.length) message.entities = draft.entities;
    await this.append(to, message);
    if (!NEVER_ACK.has(to)) this.pending.push(message);
    return message;
  }

  private async append(inbox: string, line: object): Promise<void> {
    // One appendFile per line: O_APPEND, so a reader never sees our line interleaved or torn.
    await appendFile(join(this.root, 'inbox', `${inbox}.jsonl`), jsonLine(line));
  }

  /** The oldest waiting message gets acked by its receiver, sometimes with a reply first. */
  private async answer(): Promise<void> {
    const message = this.pending.shift();
    if (!message) return;
    const owner = message.to;
    await this.append(owner, { ack: message.id, ts: isoTime(this.now()), by: owner });
    // Replies go back to agents only (a reply to a human would wait on a human to ack it).
    if (message.type === 'REQUEST' && message.from !== 'maria' && message.from !== 'david' && this.rng.chance(0.5)) {
      await this.send(owner, message.from, draftReply(this.rng, message), message.id);
    }
  }

  /** Maria retypes one of Coach's call reviews to Pulse (keeps the human-bridge signal current). */
  private async bridge(): Promise<void> {
    const review = this.reviews.shift();
    if (!review) return;
    const target = clientNamedIn(review.subject);
    if (!target) return;
    const waiting = this.pending.indexOf(review);
    if (waiting >= 0) {
      this.pending.splice(waiting, 1);
      await this.append('maria', { ack: review.id, ts: isoTime(this.now()), by: 'maria' });
    }
    await this.send('maria', 'pulse', draftForward(this.rng, review, target), review.id);
  }

  /** Rewrites one state file with a fresh time: temp file in the same folder, then rename. */
  private async refreshState(): Promise<void> {
    const path = this.rng.pick(DEMO_LIVE.refreshable);
    const target = join(this.root, path);
    let text: string;
    try {
      text = await readFile(target, 'utf8');
    } catch {
      return; // Someone removed it; the simulator does not recreate files.
    }
    const now = this.now();
    const temp = join(dirname(target), `.${basename(target)}.tmp-${this.rng.hex(8)}`);
    await writeFile(temp, refreshStateContent(path, text, now));
    try {
      // The mtime follows the simulator's clock too: it is the time of files with none inside.
      await utimes(temp, new Date(now), new Date(now));
      await rename(temp, target);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
  }
}
