/**
 * What one appended inbox message costs the service once it is read: derive + signals + the
 * snapshot diff, on a generated team fleet (bench/teamFleet.ts) at the clock of the last re-derive
 * tick, as the fleet service runs them (docs/architecture.md, "One direction of flow"). Printed beside two
 * figures measured in the same run: parsing that one line (the message's own cost) and a derive
 * from scratch of the whole fleet (what every append cost when nothing was kept). The first ratio
 * staying flat as seats grow is "proportional to the message, not to the fleet".
 */
import { derive } from '../shared/derive';
import type { DeriveInputs } from '../shared/deriveInputs';
import type { GeneratedFile } from '../shared/demo/fleetFiles';
import type { FleetPath } from '../shared/ids';
import { parseInboxLine } from '../shared/inboxLine';
import { parseFleetYaml } from '../shared/parseFleet';
import { diffSnapshots } from '../shared/patch';
import type { InboxData, StateFileRecord } from '../shared/records';
import { deriveSignals } from '../shared/signals';
import { readStateContent } from '../shared/stateTime';
import { generateTeamFleet } from './teamFleet';

/** Generated files parsed in memory into derive's inputs (no disk: this measures derive). */
export function parsedInputs(files: GeneratedFile[], now: number): DeriveInputs {
  const parsed = parseFleetYaml(files.find((f) => f.path === 'fleet.yaml')!.content);
  if (!parsed.ok) throw new Error(parsed.error.message);
  const inboxes: InboxData[] = [];
  const stateFiles: StateFileRecord[] = [];
  for (const file of files) {
    const inbox = /^inbox\/([^/]+)\.jsonl$/.exec(file.path);
    if (inbox) {
      const data: InboxData = { seat: inbox[1]!, path: file.path as FleetPath, messages: [], acks: [], problems: [], bytes: file.content.length };
      file.content.split('\n').forEach((text, i) => {
        const line = parseInboxLine(text, i + 1, 0);
        if (line.kind === 'message') data.messages.push(line.message);
        else if (line.kind === 'ack') data.acks.push(line.ack);
      });
      inboxes.push(data);
    }
    const state = /^state\/([^/]+)\/.+$/.exec(file.path);
    if (state) {
      const content = readStateContent(file.path, file.content);
      const mtime = file.mtime ?? now;
      stateFiles.push({ path: file.path as FleetPath, seat: state[1]!, time: content.time ?? mtime, timeSource: content.source ?? 'mtime', mtime, size: file.content.length, hash: '', entities: content.entities });
    }
  }
  return {
    fleetKey: 'bench', revision: 0, root: '/bench', now, registry: parsed.registry, registryDiagnostics: parsed.diagnostics, fleetError: null, fleetHash: null,
    inboxes, stateFiles, activity: [], fileDiagnostics: [], watcher: { status: 'watching', message: null, files: files.length },
  };
}

const PARSE_REPEATS = 200;

export interface AppendCost {
  seats: number;
  messages: number;
  /** Medians, in ms of CPU time. */
  parseLineMs: number;
  appendMs: number;
  scratchMs: number;
  /** Records in the patch one append produced. */
  patchRecords: number;
}

/**
 * CPU time of this process in ms: on a machine shared with other jobs, time waiting for a core is
 * not the service's cost, and wall time swings with it.
 */
function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

function median(samples: number[]): number {
  return [...samples].sort((a, b) => a - b)[samples.length >> 1]!;
}

export function appendCost(seats: number, appends = 120, warmUp = 20): AppendCost {
  const now = Date.parse('2026-11-20T12:00:00Z');
  const fleet = generateTeamFleet({ seats, messages: seats * 100, now });
  const inputs = parsedInputs(fleet.files, now);
  const inbox = inputs.inboxes.find((i) => i.seat === fleet.appendTo.to)!;
  let before = derive(inputs, deriveSignals);
  const parse: number[] = [];
  const append: number[] = [];
  let patchRecords = 0;
  for (let i = 0; i < appends; i++) {
    const text = JSON.stringify({ id: `bench-${i}`, ts: new Date(now - 1000 + i).toISOString(), from: fleet.appendTo.from, to: fleet.appendTo.to, type: 'INFORM', subject: 'bench', body: 'x' });
    // The line alone is too quick for the clock: parsed many times, per parse.
    let start = cpuMs();
    for (let r = 0; r < PARSE_REPEATS - 1; r++) parseInboxLine(text, inbox.messages.length + inbox.acks.length + 1, inbox.bytes);
    const line = parseInboxLine(text, inbox.messages.length + inbox.acks.length + 1, inbox.bytes);
    if (i >= warmUp) parse.push((cpuMs() - start) / PARSE_REPEATS);
    if (line.kind !== 'message') throw new Error('the bench line did not parse');
    inbox.messages.push(line.message);
    inbox.bytes += text.length + 1;
    start = cpuMs();
    const after = derive({ ...inputs, revision: i + 1 }, deriveSignals);
    const patch = diffSnapshots(before, after, ['now']);
    if (i >= warmUp) append.push(cpuMs() - start);
    patchRecords = Object.values(patch?.collections ?? {}).reduce((sum, part) => sum + part.upsert.length + part.remove.length, 0);
    before = after;
  }
  const scratch: number[] = [];
  for (let i = 0; i < 5; i++) {
    // New arrays and objects: nothing kept from earlier derives applies.
    const fresh = structuredClone(inputs);
    const start = cpuMs();
    derive(fresh, deriveSignals);
    scratch.push(cpuMs() - start);
  }
  const messages = inputs.inboxes.reduce((sum, data) => sum + data.messages.length, 0);
  return { seats, messages, parseLineMs: median(parse), appendMs: median(append), scratchMs: median(scratch), patchRecords };
}
