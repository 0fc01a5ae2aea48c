/**
 * What the editing forms start with and what they refuse before anything is sent. Pure,
 * so the defaults and checks are table-tested; the host's planner checks again against the file
 * and its refusal is shown the same way.
 */
import type { FleetCommand, Refusal } from '../../../shared/commands/types';
import { SEAT_ID_PATTERN } from '../../../shared/ids';
import type { HandoffView, RuleView, SeatView } from '../../../shared/snapshot';

export type SeatInfo = Pick<SeatView, 'id' | 'name' | 'kind' | 'writes' | 'status'>;

export interface ViaOption {
  value: string;
  label: string;
}

/** The routes a handoff from `sender` can take: its declared state files, then its inbox route. */
export function viaOptions(sender: Pick<SeatView, 'writes'> | undefined): ViaOption[] {
  const files = (sender?.writes ?? []).map((path) => ({ value: path, label: `${path.split('/').pop() ?? path} (${path})` }));
  return [...files, { value: 'inbox', label: 'Inbox message (the receiver’s inbox)' }];
}

export interface HandoffDraft {
  from: string;
  to: string;
  via: string;
  what: string;
}

/** A new handoff's defaults: via the sender's first state file (what it already produces), else its inbox. */
export function handoffDefaults(sender: SeatInfo | undefined, receiver: SeatInfo | undefined, from: string, to: string): HandoffDraft {
  return {
    from,
    to,
    via: sender?.writes[0] ?? 'inbox',
    what: `${sender?.name ?? from} → ${receiver?.name ?? to}`,
  };
}

const seatLabel = (seats: ReadonlyMap<string, SeatInfo>, id: string) => seats.get(id)?.name ?? id;

/** Why a handoff draft cannot be saved, in plain words; null when it can. `editing` is the id being changed. */
export function handoffProblem(
  draft: HandoffDraft,
  seats: ReadonlyMap<string, SeatInfo>,
  handoffs: readonly Pick<HandoffView, 'id' | 'from' | 'to' | 'via'>[],
  editing: string | null = null,
): string | null {
  if (draft.from === draft.to) return `A handoff connects two different seats; this one starts and ends at ${seatLabel(seats, draft.from)}.`;
  const sender = seats.get(draft.from);
  const receiver = seats.get(draft.to);
  if (!sender) return `There is no seat ${draft.from} in fleet.yaml.`;
  if (!receiver) return `There is no seat ${draft.to} in fleet.yaml.`;
  if (sender.status === 'retired') return `${sender.name} is retired; it hands nothing off any more.`;
  if (receiver.status === 'retired') return `${receiver.name} is retired; it receives nothing any more.`;
  if (draft.via !== 'inbox' && !sender.writes.includes(draft.via)) {
    return `${sender.name} does not write ${draft.via}; choose its inbox or one of its state files.`;
  }
  const duplicate = handoffs.some((h) => h.id !== editing && h.from === draft.from && h.to === draft.to && h.via === draft.via);
  if (duplicate) return `${sender.name} already hands off to ${receiver.name} via ${draft.via}.`;
  if (draft.what.trim() === '') return 'Say what the handoff carries.';
  return null;
}

/** The `updateHandoff` for an edited handoff, or null when nothing changed. */
export function handoffUpdate(original: Pick<HandoffView, 'id' | 'from' | 'to' | 'via' | 'what'>, draft: HandoffDraft): FleetCommand | null {
  const changes: { from?: string; to?: string; via?: string; what?: string } = {};
  if (draft.from !== original.from) changes.from = draft.from;
  if (draft.to !== original.to) changes.to = draft.to;
  if (draft.via !== original.via) changes.via = draft.via;
  if (draft.what.trim() !== original.what) changes.what = draft.what.trim();
  return Object.keys(changes).length > 0 ? { type: 'updateHandoff', id: original.id, changes } : null;
}

/** Swaps sender and receiver; the route must then be one the new sender has, so it falls back to its inbox. */
export function reverseDraft(draft: HandoffDraft, seats: ReadonlyMap<string, SeatInfo>): HandoffDraft {
  const newSender = seats.get(draft.to);
  const via = draft.via === 'inbox' || !newSender?.writes.includes(draft.via) ? (draft.via === 'inbox' ? 'inbox' : (newSender?.writes[0] ?? 'inbox')) : draft.via;
  return { ...draft, from: draft.to, to: draft.from, via };
}

export interface RuleDraft {
  winner: string;
  over: string;
  when: string;
  /** '' for none. */
  watchlist: string;
}

/** Why a rule draft cannot be saved; null when it can. */
export function ruleProblem(draft: RuleDraft, seats: ReadonlyMap<string, SeatInfo>, rules: readonly Pick<RuleView, 'id' | 'winner' | 'over' | 'when'>[], editing: string | null = null): string | null {
  if (!draft.winner || !draft.over) return 'Choose the seat that wins and the seat it wins over.';
  if (draft.winner === draft.over) return 'A rule settles a conflict between two different seats.';
  if (!seats.has(draft.winner)) return `There is no seat ${draft.winner} in fleet.yaml.`;
  if (!seats.has(draft.over)) return `There is no seat ${draft.over} in fleet.yaml.`;
  if (draft.when.trim() === '') return 'Say when the rule applies (for example “Client is on the retention watch list”).';
  const duplicate = rules.some((r) => r.id !== editing && r.winner === draft.winner && r.over === draft.over && r.when.trim() === draft.when.trim());
  if (duplicate) return 'This rule already exists.';
  return null;
}

export function ruleCommand(draft: RuleDraft): FleetCommand {
  return { type: 'addRule', winner: draft.winner, over: draft.over, when: draft.when.trim(), ...(draft.watchlist ? { watchlist: draft.watchlist } : {}) };
}

/** The `updateRule` for an edited rule, or null when nothing changed. */
export function ruleUpdate(original: Pick<RuleView, 'id' | 'winner' | 'over' | 'when' | 'watchlist'>, draft: RuleDraft): FleetCommand | null {
  const changes: { winner?: string; over?: string; when?: string; watchlist?: string | null } = {};
  if (draft.winner !== original.winner) changes.winner = draft.winner;
  if (draft.over !== original.over) changes.over = draft.over;
  if (draft.when.trim() !== original.when) changes.when = draft.when.trim();
  const watchlist = draft.watchlist || null;
  if (watchlist !== (original.watchlist ?? null)) changes.watchlist = watchlist;
  return Object.keys(changes).length > 0 ? { type: 'updateRule', id: original.id, changes } : null;
}

/** Why a new seat id cannot be used; null when it can. Checked as the user types. */
export function seatIdProblem(id: string, existing: ReadonlySet<string> | ReadonlyMap<string, unknown>): string | null {
  if (id === '') return 'Give the seat an id.';
  if (!SEAT_ID_PATTERN.test(id)) {
    if (id.length > 64) return 'At most 64 characters.';
    if (/[A-Z]/.test(id)) return 'Lowercase only: the id names the seat’s files.';
    return 'Use lowercase letters, digits, - and _, starting with a letter or digit.';
  }
  if (existing.has(id)) return `A seat ${id} already exists.`;
  return null;
}

/** A suggested id from a name ("Echo Mail" → "echo-mail"), for the add-seat form. */
export function idFromName(name: string): string {
  return name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/^[-_]+|-+$/g, '')
    .slice(0, 64);
}

/** "a, b,  c" → ["a","b","c"]: domains typed as one comma-separated line, blanks and repeats dropped. */
export function parseList(text: string): string[] {
  const seen = new Set<string>();
  for (const part of text.split(',')) {
    const item = part.trim();
    if (item) seen.add(item);
  }
  return [...seen];
}

export interface SeatDraft {
  name: string;
  owner: string;
  role: string;
  owns: string;
  notOwns: string;
}

export function seatDraft(seat: Pick<SeatView, 'name' | 'owner' | 'role' | 'owns' | 'notOwns'>): SeatDraft {
  return { name: seat.name, owner: seat.owner ?? '', role: seat.role, owns: seat.owns.join(', '), notOwns: seat.notOwns.join(', ') };
}

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((item, i) => item === b[i]);

/** The `updateSeat` for an edited seat (an emptied field removes its key), or null when nothing changed. */
export function seatUpdate(seatId: string, original: Pick<SeatView, 'name' | 'owner' | 'role' | 'owns' | 'notOwns'>, draft: SeatDraft): FleetCommand | null {
  const changes: { name?: string; owner?: string | null; role?: string | null; owns?: string[] | null; notOwns?: string[] | null } = {};
  const name = draft.name.trim();
  if (name !== original.name) changes.name = name;
  const owner = draft.owner.trim();
  if (owner !== (original.owner ?? '')) changes.owner = owner || null;
  const role = draft.role.trim();
  if (role !== original.role.trim()) changes.role = role || null;
  const owns = parseList(draft.owns);
  if (!sameList(owns, original.owns)) changes.owns = owns.length > 0 ? owns : null;
  const notOwns = parseList(draft.notOwns);
  if (!sameList(notOwns, original.notOwns)) changes.notOwns = notOwns.length > 0 ? notOwns : null;
  return Object.keys(changes).length > 0 ? { type: 'updateSeat', seat: seatId, changes } : null;
}

export function seatProblem(draft: SeatDraft): string | null {
  if (draft.name.trim() === '') return 'A seat needs a name.';
  if (/[\r\n]/.test(draft.name) || /[\r\n]/.test(draft.owner)) return 'Name and owner are one line each.';
  return null;
}

/** A refusal in plain words, ending with what happened to the file. */
export function describeRefusal(refusal: Refusal): string {
  const message = refusal.message.trim().replace(/\.$/, '');
  if (refusal.code === 'broken-file') return `fleet.yaml does not parse${refusal.line ? ` at line ${refusal.line}` : ''}; fix it to edit again. Nothing was written.`;
  // The file system refused a step: the message itself says what is on disk (not always "nothing").
  if (refusal.code === 'write-failed') return `${message.charAt(0).toUpperCase()}${message.slice(1)}.`;
  if (refusal.code === 'conflict') return `fleet.yaml changed on disk meanwhile: ${message}.${/nothing was written/i.test(message) ? '' : ' Nothing was written.'}`;
  return `${message.charAt(0).toUpperCase()}${message.slice(1)}.${/nothing was written/i.test(message) ? '' : ' Nothing was written.'}`;
}

/** The editing banner's words for a fleet.yaml that does not parse. */
export function editingDisabledText(error: { file?: string; line?: number | null; severity?: string; message?: string } | null): string {
  if (!error) return '';
  // A read-only source (docs/sources.md) says why in its own words.
  if (error.severity === 'info' && error.message) return error.message;
  const file = error.file && error.file !== '' ? error.file.split('/').pop() : 'fleet.yaml';
  return error.line ? `${file} line ${error.line} does not parse; fix it to edit again.` : `${file} does not parse; fix it to edit again.`;
}
