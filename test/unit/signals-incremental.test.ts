/**
 * deriveSignals and derive keep per-file indexes across calls (shared/signals/inboxIndex.ts,
 * touches.ts), extended as inboxes and activity files grow. These tests grow a fleet the way the
 * host does (push onto the same arrays; a reset assigns new arrays to the same object) and check,
 * after every step, that the result equals a from-scratch run on a deep copy (new arrays: nothing
 * cached), signal for signal and snapshot field for field.
 */
import { describe, expect, it } from 'vitest';
import { derive } from '../../shared/derive';
import type { DeriveInputs } from '../../shared/deriveInputs';
import { createRng, generateDemoFleet, generateLargeFleet, type GeneratedFile, type Rng } from '../../shared/demo';
import type { ActivityData, InboxData, InboxMessage } from '../../shared/records';
import { deriveSignals, type SignalInput } from '../../shared/signals';
import { toSignalInput } from './demo-parse';

const NOW = Date.parse('2026-11-20T12:00:00Z');
const H = 3_600_000;
const D = 24 * H;

function deriveInputs(input: SignalInput): DeriveInputs {
  return {
    fleetKey: 'k', revision: 1, root: '/fleet', now: input.now, registry: input.registry, registryDiagnostics: [], fleetError: null,
    fleetHash: null, inboxes: input.inboxes, stateFiles: input.stateFiles, activity: input.activity, fileDiagnostics: [],
    watcher: { status: 'watching', message: null, files: 0 },
  };
}

/** Signals and the snapshot, as the host derives them. */
function run(input: SignalInput) {
  return { signals: deriveSignals(input), snapshot: derive(deriveInputs(input), deriveSignals) };
}

/** The same facts in new arrays and objects, so no index built for the live ones applies. */
function fromScratch(input: SignalInput) {
  return run(structuredClone(input));
}

function expectSame(input: SignalInput, step: string): void {
  const live = run(input);
  const scratch = fromScratch(input);
  expect(live.signals, step).toEqual(scratch.signals);
  expect(live.snapshot, step).toEqual(scratch.snapshot);
}

/** Random appends, acks, activity, resets and clock moves over a parsed fleet, mutated like the host does. */
class Grower {
  private readonly rng: Rng;
  private counter = 0;
  private readonly seats: string[];
  private readonly entities = ['client:acme', 'client:globex', 'deal:42', 'ticket:7', ''];

  constructor(readonly input: SignalInput, seed: number) {
    this.rng = createRng(seed);
    this.seats = [...input.registry.seats.map((s) => s.id as string), 'nobody', 'Not A Seat'];
  }

  private allIds(): string[] {
    return this.input.inboxes.flatMap((i) => i.messages.map((m) => m.id));
  }

  private time(): number {
    const { rng } = this;
    if (rng.chance(0.03)) return NaN;
    if (rng.chance(0.01)) return rng.chance(0.5) ? Infinity : -Infinity;
    // Mostly recent, some old, some slightly in the future (clock skew), some exactly on a limit.
    if (rng.chance(0.05)) return this.input.now - this.input.registry.defaults.quietAfterMs;
    return this.input.now - rng.int(-2 * H, 20 * D);
  }

  message(inbox: InboxData): InboxMessage {
    const { rng } = this;
    const ids = this.allIds();
    const id = ids.length && rng.chance(0.05) ? rng.pick(ids) : `x-${this.counter++}`;
    const re = ids.length && rng.chance(0.4) ? rng.pick(ids) : rng.chance(0.05) ? '' : null;
    const entities = Array.from({ length: rng.int(0, 3) }, () => rng.pick(this.entities));
    const from = rng.chance(0.15) ? inbox.seat : rng.pick(this.seats);
    return { id, ts: this.time(), from, to: inbox.seat, type: 'INFORM', subject: `s${this.counter}`, re, entities, line: inbox.messages.length + 1, offset: 0 };
  }

  appendMessages(count: number): void {
    const inbox = this.rng.pick(this.input.inboxes);
    for (let i = 0; i < count; i++) inbox.messages.push(this.message(inbox));
  }

  appendAcks(count: number): void {
    const { rng } = this;
    const inbox = rng.pick(this.input.inboxes);
    for (let i = 0; i < count; i++) {
      const ack = inbox.messages.length && rng.chance(0.85) ? rng.pick(inbox.messages).id : `x-${this.counter++}`;
      inbox.acks.push({ ack, ts: this.time(), by: inbox.seat, line: inbox.messages.length + inbox.acks.length + 1 });
    }
  }

  appendActivity(count: number): void {
    const { rng } = this;
    const data: ActivityData = this.input.activity.length ? rng.pick(this.input.activity) : { seat: rng.pick(this.seats), path: 'activity/x.jsonl' as ActivityData['path'], entries: [], problems: [] };
    if (!this.input.activity.includes(data)) this.input.activity.push(data);
    for (let i = 0; i < count; i++) {
      data.entries.push({ seat: rng.chance(0.3) ? rng.pick(this.seats) : '', ts: this.time(), entity: rng.pick(this.entities), action: 'edit', line: data.entries.length + 1 });
    }
  }

  /** A truncated or replaced file: the host assigns new arrays to the same object. */
  reset(): void {
    const { rng } = this;
    if (rng.chance(0.7)) {
      const inbox = rng.pick(this.input.inboxes);
      const keep = rng.int(0, inbox.messages.length);
      inbox.messages = inbox.messages.slice(0, keep);
      inbox.acks = inbox.acks.slice(0, rng.int(0, inbox.acks.length));
    } else if (this.input.activity.length) {
      const data = rng.pick(this.input.activity);
      data.entries = data.entries.slice(0, rng.int(0, data.entries.length));
    }
  }

  step(): string {
    const { rng } = this;
    const roll = rng.next();
    if (roll < 0.35) {
      const count = rng.chance(0.1) ? rng.int(33, 80) : rng.int(1, 3);
      this.appendMessages(count);
      return `append ${count} messages`;
    }
    if (roll < 0.6) {
      const count = rng.chance(0.1) ? rng.int(33, 80) : rng.int(1, 3);
      this.appendAcks(count);
      return `append ${count} acks`;
    }
    if (roll < 0.75) {
      this.appendActivity(rng.int(1, 3));
      return 'append activity';
    }
    if (roll < 0.85) {
      this.input.now += rng.int(0, 3 * D);
      return 'move the clock';
    }
    if (roll < 0.93) {
      this.reset();
      return 'reset a file';
    }
    // The host re-derives on a timer with nothing changed.
    return 'no change';
  }
}

function demoInput(files: readonly GeneratedFile[], now: number): SignalInput {
  const { problems: _problems, ...input } = toSignalInput(files, now);
  return input;
}

describe('incremental derive and signals equal a from-scratch run', () => {
  it('on the demo fleet as parsed, and again with nothing changed', () => {
    const input = demoInput(generateDemoFleet({ now: NOW }).files, NOW);
    const first = run(input);
    expect(first.signals.length).toBeGreaterThan(0);
    expect(first.signals).toEqual(fromScratch(input).signals);
    expect(run(input)).toEqual(first);
  });

  it.each([1, 2, 3, 4, 5, 6])('after random appends, acks, resets and clock moves (seed %i)', (seed) => {
    const input = demoInput(generateDemoFleet({ now: NOW, seed }).files, NOW);
    const grower = new Grower(input, seed);
    run(input); // build the indexes, then grow them
    for (let i = 0; i < 60; i++) {
      const step = grower.step();
      expectSame(input, `step ${i}: ${step}`);
    }
  });

  it('on a large fleet, one append at a time', () => {
    const input = demoInput(generateLargeFleet({ now: NOW, seats: 40, messagesPerInbox: 60 }).files, NOW);
    const grower = new Grower(input, 99);
    expectSame(input, 'as generated');
    for (let i = 0; i < 25; i++) {
      grower.appendMessages(1);
      grower.appendAcks(1);
      input.now += 10 * 60_000;
      expectSame(input, `append ${i}`);
    }
  });

  it('after an inbox is read in slices, as the host indexes a big one', () => {
    const full = demoInput(generateDemoFleet({ now: NOW }).files, NOW);
    const input = structuredClone(full);
    const sliced = input.inboxes.map((inbox) => ({ inbox, messages: inbox.messages, acks: inbox.acks }));
    for (const { inbox } of sliced) {
      inbox.messages = [];
      inbox.acks = [];
    }
    for (let slice = 1; slice <= 4; slice++) {
      for (const { inbox, messages, acks } of sliced) {
        inbox.messages.push(...messages.slice(inbox.messages.length, Math.ceil((messages.length * slice) / 4)));
        inbox.acks.push(...acks.slice(inbox.acks.length, Math.ceil((acks.length * slice) / 4)));
      }
      expectSame(input, `slice ${slice}`);
    }
    expect(run(input)).toEqual(run(full));
  });

  it('when an ack arrives for a message already counted late, and when the acked message arrives after its ack', () => {
    const input = demoInput(generateDemoFleet({ now: NOW }).files, NOW);
    const backlog = () => deriveSignals(input).filter((s) => s.kind === 'inbox-backlog');
    const before = backlog();
    const target = before[0]!;
    const inbox = input.inboxes.find((i) => i.seat === target.seats[0])!;
    const acked = new Set(inbox.acks.map((a) => a.ack));
    const late = inbox.messages.find((m) => m.from !== inbox.seat && !acked.has(m.id) && m.ts === target.numbers.oldestTs)!;
    inbox.acks.push({ ack: late.id, ts: NOW, by: inbox.seat, line: 9999 });
    expectSame(input, 'ack of the oldest late message');
    expect(backlog().find((s) => s.id === target.id)?.numbers.count ?? 0).toBe(target.numbers.count! - 1);

    inbox.acks.push({ ack: 'arrives-later', ts: NOW, by: inbox.seat, line: 10000 });
    inbox.messages.push({ ...late, id: 'arrives-later', line: 10001 });
    expectSame(input, 'message after its ack');
  });

  it('duplicate-work as entities become shared, files are added and removed (shared/signals/sharedEntities.ts)', () => {
    const input = demoInput(generateDemoFleet({ now: NOW }).files, NOW);
    const agents = input.registry.seats.filter((s) => s.kind === 'agent').map((s) => s.id as string);
    const [a, b, c] = agents as [string, string, string];
    const dup = () => deriveSignals(input).filter((s) => s.kind === 'duplicate-work').map((s) => s.id);
    const before = dup();
    const touch = (data: ActivityData, seat: string, entity: string) =>
      data.entries.push({ seat, ts: input.now - H, entity, action: 'edit', line: data.entries.length + 1 });
    const first: ActivityData = { seat: a, path: `activity/${a}.jsonl` as ActivityData['path'], entries: [], problems: [] };
    input.activity.push(first);
    touch(first, a, 'client:only-new');
    expectSame(input, 'a new activity file: one seat on a new entity');
    expect(dup()).toEqual(before);
    // The same entity, later, by a second seat in a file added after the first.
    const second: ActivityData = { seat: b, path: `activity/${b}.jsonl` as ActivityData['path'], entries: [], problems: [] };
    input.activity.push(second);
    touch(second, b, 'client:only-new');
    expectSame(input, 'a second seat touches it');
    expect(dup()).toContain(`duplicate-work:${[a, b].sort().join('+')}`);
    touch(first, c, 'client:third');
    touch(second, c, 'client:third');
    expectSame(input, 'appended to both files');
    // Replaced by a file of the same length (new array): its old touches must not be reused.
    second.entries = [];
    touch(second, b, 'client:third');
    touch(second, c, 'client:elsewhere');
    expectSame(input, 'the second file replaced, same length');
    expect(dup()).toContain(`duplicate-work:${[b, c].sort().join('+')}`);
    input.activity.splice(0, 1);
    expectSame(input, 'the first file removed');
    input.activity.reverse();
    expectSame(input, 'files reordered');
    input.now += 8 * D;
    expectSame(input, 'the touches left the window');
  });

  it('when an array is changed in place against the contract, by starting again (not a stale answer)', () => {
    const input = demoInput(generateDemoFleet({ now: NOW }).files, NOW);
    run(input);
    const inbox = input.inboxes.find((i) => i.messages.length > 3)!;
    inbox.messages.length = 2;
    expectSame(input, 'shrunk in place');
    inbox.messages[1] = { ...inbox.messages[1]!, from: 'someone-else' };
    expectSame(input, 'last read message replaced');
  });
});
