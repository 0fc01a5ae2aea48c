/**
 * derive and the signals keep results across calls while their inputs are the same objects
 * (shared/memo.ts), and the snapshot diff passes over kept records with a pointer check
 * (shared/patch.ts). Property: after any sequence of the changes the host makes (lines appended,
 * files truncated, replaced, added or removed, fleet.yaml read again or edited, state files
 * rewritten, the clock held or moved), the kept result equals a derive from scratch on a deep copy,
 * and the patch from the last kept snapshot, applied to it, gives that same snapshot.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { derive } from '../../shared/derive';
import type { DeriveInputs } from '../../shared/deriveInputs';
import { generateDemoFleet } from '../../shared/demo';
import { diagnostic } from '../../shared/diagnostics';
import type { FleetPath } from '../../shared/ids';
import { applyPatch, diffSnapshots } from '../../shared/patch';
import type { InboxData } from '../../shared/records';
import type { FleetRegistry } from '../../shared/registry';
import type { FleetSnapshot } from '../../shared/snapshot';
import { deriveSignals } from '../../shared/signals';
import { generateTeamFleet } from '../../bench/teamFleet';
import { toSignalInput } from './demo-parse';

/** Scale every property's run count (PROPERTY_RUNS_SCALE=20 for a long local hunt). */
const RUNS = Number(process.env.PROPERTY_RUNS_SCALE ?? 1);
const NOW = Date.parse('2026-11-20T12:00:00Z');
const H = 3_600_000;

type Fleet = 'demo' | 'teams';

function inputsOf(fleet: Fleet): DeriveInputs {
  const files = fleet === 'demo' ? generateDemoFleet({ now: NOW }).files : generateTeamFleet({ seats: 30, messages: 600, now: NOW }).files;
  const { registry, inboxes, stateFiles, activity } = toSignalInput(files, NOW);
  return {
    fleetKey: 'k', revision: 0, root: '/fleet', now: NOW, registry, registryDiagnostics: [], fleetError: null, fleetHash: null,
    inboxes, stateFiles, activity, fileDiagnostics: [], watcher: { status: 'watching', message: null, files: 0 },
  };
}

/** One change as the host makes it: in place where it appends, new objects where it re-reads. */
type Change =
  | { kind: 'message'; inbox: number; from: number; ago: number; reply: boolean; entity: number }
  // A human's reply to a message that may not be read yet, and that message, appended apart, so a
  // bridge is found through inboxes other than the one appended to (human-bridge).
  | { kind: 'relay'; inbox: number; human: number; origin: number }
  | { kind: 'origin'; inbox: number; from: number; origin: number }
  | { kind: 'ack'; inbox: number; pick: number }
  | { kind: 'problem'; inbox: number }
  | { kind: 'truncate'; inbox: number; keep: number }
  | { kind: 'remove-inbox'; inbox: number }
  | { kind: 'new-inbox'; seat: number; undeclared: boolean }
  | { kind: 'reorder' }
  | { kind: 'indexing'; inbox: number }
  | { kind: 'state'; file: number; ago: number }
  | { kind: 'remove-state'; file: number }
  | { kind: 'reread-fleet' }
  | { kind: 'edit-fleet'; edit: 'drop-handoff' | 'retire' | 'backlog' | 'add-seat'; pick: number }
  | { kind: 'clock'; by: number };

const index = fc.nat(1000);
const changeArb: fc.Arbitrary<Change> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('message' as const), inbox: index, from: index, ago: fc.integer({ min: -H, max: 60 * H }), reply: fc.boolean(), entity: fc.nat(7) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('relay' as const), inbox: index, human: index, origin: fc.nat(1) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('origin' as const), inbox: index, from: index, origin: fc.nat(1) }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('ack' as const), inbox: index, pick: index }) },
  fc.record({ kind: fc.constant('problem' as const), inbox: index }),
  fc.record({ kind: fc.constant('truncate' as const), inbox: index, keep: index }),
  fc.record({ kind: fc.constant('remove-inbox' as const), inbox: index }),
  fc.record({ kind: fc.constant('new-inbox' as const), seat: index, undeclared: fc.boolean() }),
  fc.record({ kind: fc.constant('reorder' as const) }),
  fc.record({ kind: fc.constant('indexing' as const), inbox: index }),
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('state' as const), file: index, ago: fc.integer({ min: -2 * H, max: 40 * H }) }) },
  fc.record({ kind: fc.constant('remove-state' as const), file: index }),
  fc.record({ kind: fc.constant('reread-fleet' as const) }),
  fc.record({ kind: fc.constant('edit-fleet' as const), edit: fc.constantFrom('drop-handoff' as const, 'retire' as const, 'backlog' as const, 'add-seat' as const), pick: index }),
  // Mostly held (a change re-derived at the last tick's clock), sometimes a tick.
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('clock' as const), by: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 30 * H })) }) },
);

function at<T>(list: readonly T[], n: number): T | undefined {
  return list.length ? list[n % list.length] : undefined;
}

let counter = 0;

function apply(inputs: DeriveInputs, change: Change): void {
  const registry = inputs.registry!;
  const seats = [...registry.seats.map((s) => s.id as string), 'stranger'];
  switch (change.kind) {
    case 'message': {
      const inbox = at(inputs.inboxes, change.inbox);
      if (!inbox) return;
      const ids = inputs.inboxes.flatMap((i) => i.messages.slice(-3).map((m) => m.id));
      inbox.messages.push({
        id: `p-${counter++}`, ts: inputs.now - change.ago, from: at(seats, change.from)!, to: inbox.seat, type: 'INFORM', subject: 's',
        re: change.reply ? (at(ids, change.from) ?? null) : null, entities: entitiesFor(inputs, change.entity, change.from),
        line: inbox.messages.length + inbox.acks.length + 1, offset: inbox.bytes,
      });
      inbox.bytes += 100;
      return;
    }
    case 'relay': {
      // Two replies, so one origin makes a bridge (BRIDGE_THRESHOLD).
      const inbox = at(inputs.inboxes.filter((i) => kindOf(registry, i.seat) === 'agent'), change.inbox);
      const human = at(registry.seats.filter((s) => s.kind === 'human'), change.human);
      if (!inbox || !human) return;
      for (let i = 0; i < 2; i++) appendMessage(inputs, inbox, { id: `p-${counter++}`, from: human.id, re: `origin-${change.origin}` });
      return;
    }
    case 'origin': {
      // An agent's message to a human: in the inbox of the human who relays it, or of a colleague.
      const inbox = at(inputs.inboxes.filter((i) => kindOf(registry, i.seat) === 'human'), change.inbox);
      const from = at(registry.seats.filter((s) => s.kind === 'agent'), change.from);
      if (!inbox || !from) return;
      appendMessage(inputs, inbox, { id: `origin-${change.origin}`, from: from.id, re: null });
      return;
    }
    case 'ack': {
      const inbox = at(inputs.inboxes, change.inbox);
      const message = inbox && at(inbox.messages, change.pick);
      if (inbox && message) inbox.acks.push({ ack: message.id, ts: inputs.now, by: inbox.seat, line: inbox.messages.length + inbox.acks.length + 1 });
      return;
    }
    case 'problem': {
      const inbox = at(inputs.inboxes, change.inbox);
      if (inbox) inbox.problems.push(diagnostic(inbox.path, 'warning', `Line ${counter++} skipped: not JSON`));
      return;
    }
    case 'truncate': {
      const inbox = at(inputs.inboxes, change.inbox);
      if (!inbox) return;
      inbox.messages = inbox.messages.slice(0, change.keep % (inbox.messages.length + 1));
      inbox.acks = inbox.acks.slice(0, change.keep % (inbox.acks.length + 1));
      inbox.problems = [];
      return;
    }
    case 'remove-inbox':
      if (inputs.inboxes.length) inputs.inboxes = inputs.inboxes.filter((_, i) => i !== change.inbox % inputs.inboxes.length);
      return;
    case 'new-inbox': {
      // A seat fleet.yaml declares, or one it does not (drawn too, marked undeclared).
      const seat = change.undeclared ? `stranger-${change.seat % 3}` : at(seats, change.seat)!;
      if (inputs.inboxes.some((i) => i.seat === seat)) return;
      const inbox: InboxData = { seat, path: `inbox/${seat}.jsonl` as FleetPath, messages: [], acks: [], problems: [], bytes: 0 };
      // Old unread messages from known seats, so a seat fleet.yaml does not declare has signals too.
      for (const [i, from] of seats.slice(0, 3).entries()) {
        inbox.messages.push({ id: `p-${counter++}`, ts: inputs.now - 30 * H, from, to: seat, type: 'INFORM', subject: 's', re: null, entities: [], line: i + 1, offset: 0 });
      }
      inputs.inboxes = [...inputs.inboxes, inbox];
      return;
    }
    case 'reorder':
      inputs.inboxes = [...inputs.inboxes].reverse();
      return;
    case 'indexing': {
      const inbox = at(inputs.inboxes, change.inbox);
      if (inbox) inbox.indexing = inbox.indexing ? null : { done: 1, total: 2 };
      return;
    }
    case 'state': {
      const file = at(inputs.stateFiles, change.file);
      if (!file) return;
      // The host replaces a state file's record whenever it reads it again.
      inputs.stateFiles = inputs.stateFiles.map((f) => (f === file ? { ...file, time: inputs.now - change.ago } : f));
      return;
    }
    case 'remove-state':
      if (inputs.stateFiles.length) inputs.stateFiles = inputs.stateFiles.filter((_, i) => i !== change.file % inputs.stateFiles.length);
      return;
    case 'reread-fleet':
      inputs.registry = structuredClone(registry);
      return;
    case 'edit-fleet':
      inputs.registry = edited(structuredClone(registry), change.edit, change.pick);
      return;
    case 'clock':
      inputs.now += change.by;
  }
}

/**
 * Entities for a message, half the time: ones the fleet's messages already name (so watch lists
 * and other seats' touches meet them: duplicate-work, rule-violation), else made-up shared ones.
 */
function entitiesFor(inputs: DeriveInputs, pick: number, salt: number): string[] {
  if (pick > 3) return [];
  const named = [...new Set(inputs.inboxes.flatMap((i) => i.messages.flatMap((m) => m.entities)))];
  return [at(named, pick * 31 + salt) ?? 'client:shared', ...(pick === 3 ? ['client:shared'] : [])];
}

function kindOf(registry: FleetRegistry, seat: string): string | undefined {
  return registry.seats.find((s) => s.id === seat)?.kind;
}

function appendMessage(inputs: DeriveInputs, inbox: InboxData, fields: { id: string; from: string; re: string | null }): void {
  inbox.messages.push({
    ...fields, ts: inputs.now - H, to: inbox.seat, type: 'INFORM', subject: 's', entities: [],
    line: inbox.messages.length + inbox.acks.length + 1, offset: inbox.bytes,
  });
  inbox.bytes += 100;
}

function edited(registry: FleetRegistry, edit: 'drop-handoff' | 'retire' | 'backlog' | 'add-seat', pick: number): FleetRegistry {
  const seat = at(registry.seats, pick);
  switch (edit) {
    case 'drop-handoff':
      if (registry.handoffs.length) registry.handoffs.splice(pick % registry.handoffs.length, 1);
      break;
    case 'retire':
      if (seat) seat.status = seat.status === 'retired' ? 'active' : 'retired';
      break;
    case 'backlog':
      if (seat) seat.backlogAfterMs = seat.backlogAfterMs === null ? H : null;
      break;
    case 'add-seat':
      if (seat) registry.seats.push({ ...seat, id: `${seat.id}-x${counter++}` as typeof seat.id, name: 'New seat' });
      break;
  }
  return registry;
}

function run(inputs: DeriveInputs, revision: number): FleetSnapshot {
  return derive({ ...inputs, revision }, deriveSignals);
}

describe('derive with kept results equals derive from scratch', () => {
  it.each<Fleet>(['demo', 'teams'])('after any sequence of host changes (%s fleet)', (fleet) => {
    fc.assert(
      fc.property(fc.array(changeArb, { minLength: 1, maxLength: 25 }), (changes) => {
        const inputs = inputsOf(fleet);
        let revision = 0;
        let before = run(inputs, revision);
        for (const change of changes) {
          apply(inputs, change);
          revision++;
          const kept = run(inputs, revision);
          const scratch = run(structuredClone(inputs), revision);
          expect(kept).toEqual(scratch);
          const patch = diffSnapshots(before, kept);
          expect(patch ? applyPatch(before, patch) : { ...before, revision }).toEqual(scratch);
          before = kept;
        }
      }),
      { numRuns: 25 * RUNS },
    );
  });
});
