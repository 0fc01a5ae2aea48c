/** Where things live in a fleet directory (docs/fleet-format.md), as a pure classifier of relative paths. */
import { isSeatId } from './ids';

export type FleetFile =
  | { kind: 'fleet' }
  | { kind: 'inbox'; seat: string }
  | { kind: 'activity'; seat: string }
  | { kind: 'state'; seat: string }
  | { kind: 'other' };

/** Seatmap's own folder and names of temp/lock files that writers leave around: never read. */
export const OWN_FOLDER = '.seatmap';

/** Temp files of atomic writes (ours and common editors' / agents'), lock files, editor backups. */
export function isTransientName(name: string): boolean {
  return (
    /\.seatmap-tmp-[a-z0-9]+$/.test(name) ||
    /\.tmp(-[A-Za-z0-9]+)?$/.test(name) ||
    name.endsWith('.lock') ||
    name.endsWith('~') ||
    name.endsWith('.swp') ||
    name.endsWith('.swx') ||
    name.startsWith('.#') ||
    name === '.DS_Store' ||
    name === '4913' // vim's write test file
  );
}

/** Folders whose contents Seatmap never reads. */
export function isIgnoredFolder(name: string): boolean {
  return name === OWN_FOLDER || name === '.git' || name === 'node_modules';
}

/** Classifies a fleet-relative path with forward slashes. */
export function classifyFleetPath(relPath: string): FleetFile {
  const parts = relPath.split('/');
  if (parts.some((part) => isIgnoredFolder(part)) || isTransientName(parts[parts.length - 1] ?? '')) return { kind: 'other' };
  if (parts.length === 1 && parts[0] === 'fleet.yaml') return { kind: 'fleet' };
  if (parts.length === 2 && (parts[0] === 'inbox' || parts[0] === 'activity')) {
    const match = /^(.+)\.jsonl$/.exec(parts[1] ?? '');
    if (match && isSeatId(match[1])) return { kind: parts[0], seat: match[1] };
    return { kind: 'other' };
  }
  if (parts.length >= 3 && parts[0] === 'state' && isSeatId(parts[1])) return { kind: 'state', seat: parts[1] };
  return { kind: 'other' };
}
