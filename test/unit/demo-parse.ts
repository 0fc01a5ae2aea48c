/**
 * Test-side reading of a generated fleet, in memory: the files parsed with the project's own
 * pure line and state parsers into the facts `deriveSignals` works from. (Used by the demo tests
 * only; the host reads from disk with service/fleetFiles.ts.)
 */
import type { GeneratedFile } from '../../shared/demo';
import type { FleetPath } from '../../shared/ids';
import { parseActivityLine, parseInboxLine } from '../../shared/inboxLine';
import { parseFleetYaml } from '../../shared/parseFleet';
import type { ActivityData, InboxData, StateFileRecord } from '../../shared/records';
import type { SignalInput } from '../../shared/signals/context';
import { readStateContent } from '../../shared/stateTime';

export function toSignalInput(files: readonly GeneratedFile[], now: number): SignalInput & { problems: string[] } {
  const problems: string[] = [];
  const fleet = files.find((f) => f.path === 'fleet.yaml');
  if (!fleet) throw new Error('no fleet.yaml');
  const parsed = parseFleetYaml(fleet.content);
  if (!parsed.ok) throw new Error(parsed.error.message);
  for (const d of parsed.diagnostics) problems.push(`fleet.yaml:${d.line}: ${d.message}`);
  const inboxes: InboxData[] = [];
  const activity: ActivityData[] = [];
  const stateFiles: StateFileRecord[] = [];
  for (const file of files) {
    const lines = file.content.split('\n');
    const inbox = /^inbox\/([^/]+)\.jsonl$/.exec(file.path);
    if (inbox) {
      const data: InboxData = { seat: inbox[1]!, path: file.path as FleetPath, messages: [], acks: [], problems: [], bytes: file.content.length };
      lines.forEach((text, i) => {
        const line = parseInboxLine(text, i + 1, 0);
        if (line.kind === 'message') data.messages.push(line.message);
        else if (line.kind === 'ack') data.acks.push(line.ack);
        else if (line.kind === 'problem') problems.push(`${file.path}:${i + 1}: ${line.problem}`);
      });
      inboxes.push(data);
    }
    const seatActivity = /^activity\/([^/]+)\.jsonl$/.exec(file.path);
    if (seatActivity) {
      const data: ActivityData = { seat: seatActivity[1]!, path: file.path as FleetPath, entries: [], problems: [] };
      lines.forEach((text, i) => {
        const entry = parseActivityLine(text, data.seat, i + 1);
        if (entry && 'entity' in entry) data.entries.push(entry);
        else if (entry) problems.push(`${file.path}:${i + 1}: ${entry.problem}`);
      });
      activity.push(data);
    }
    const state = /^state\/([^/]+)\/.+$/.exec(file.path);
    if (state) {
      const content = readStateContent(file.path, file.content);
      const mtime = file.mtime ?? now;
      stateFiles.push({
        path: file.path as FleetPath, seat: state[1]!, time: content.time ?? mtime, timeSource: content.source ?? 'mtime',
        mtime, size: file.content.length, hash: '', entities: content.entities,
      });
    }
  }
  return { registry: parsed.registry, inboxes, stateFiles, activity, now, problems };
}
