/**
 * planRetire: (fleet.yaml text, what was read from disk, a request) → the exact change of a retire
 * or merge, or a refusal with a reason. Pure. The same plan feeds the impact view, the preview,
 * the CLI's output, and the transaction (which writes `afterText` and forwards `forward`).
 */
import { isSeatId } from '../ids';
import { parseFleetYaml } from '../parseFleet';
import type { FleetRegistry, HandoffDecl, RuleDecl, SeatDecl } from '../registry';
import { command, EditRefused, addWrite, markRetired, registryOf, seatList, setSeatField, type SuccessorMap } from './fleetEdit';
import { computeImpact, unackedMessages, type ImpactInput } from './impact';
import { unifiedDiff } from './lineDiff';
import { DROP, type ImpactItem, type RetirePlanResult, type RetireRefusal, type RetireRefusalCode, type RetireRequest } from './types';

export interface PlanInput extends Omit<ImpactInput, 'registry'> {
  /** fleet.yaml as it is now, and its hash. */
  text: string;
  hash: string;
}

function refused(code: RetireRefusalCode, message: string): RetirePlanResult {
  return { ok: false, refusal: { code, message } };
}

const seatName = (registry: FleetRegistry, id: string) => registry.seats.find((s) => s.id === id)?.name ?? id;

/** Where a moved state file goes: the successor's own folder, never over a file it already writes. */
export function movedPath(path: string, from: string, to: string, taken: ReadonlySet<string>): string {
  const rest = path.startsWith(`state/${from}/`) ? path.slice(`state/${from}/`.length) : (path.split('/').pop() ?? path);
  const plain = `state/${to}/${rest}`;
  return taken.has(plain) ? `state/${to}/${from}-${rest}` : plain;
}

/** Follows retired seats' `successors.inbox` (or a plain successor) from `start`; true when it reaches `target`. */
function leadsTo(registry: FleetRegistry, start: string, target: string): boolean {
  const seen = new Set<string>();
  let at: string | null = start;
  while (at && !seen.has(at)) {
    if (at === target) return true;
    seen.add(at);
    const seat = registry.seats.find((s) => s.id === at);
    if (!seat || seat.status !== 'retired') return false;
    at = successorOf(seat.successors);
  }
  return false;
}

/** The seat a retired seat's inbox stream went to, as written in `successors`. */
export function successorOf(value: unknown): string | null {
  if (typeof value === 'string') return isSeatId(value) ? value : null;
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const record = value as Record<string, unknown>;
    for (const key of ['inbox', 'mergedInto', 'seat']) if (typeof record[key] === 'string' && isSeatId(record[key])) return record[key];
  }
  return null;
}

/** Resolves a `--move` key given bare (`ad-analytics`) to the item it names. */
export function resolveMoveKey(items: ImpactItem[], key: string): string | null {
  if (items.some((i) => i.key === key)) return key;
  for (const prefix of ['domain:', 'handoff:', 'file:', 'rule:', 'owner:']) if (items.some((i) => i.key === prefix + key)) return prefix + key;
  return null;
}

export function planRetire(input: PlanInput, request: RetireRequest): RetirePlanResult {
  const parsed = parseFleetYaml(input.text);
  if (!parsed.ok) return refused('broken-file', `${parsed.error.message}${parsed.error.line ? ` (line ${parsed.error.line})` : ''}; fix fleet.yaml first`);
  if (request.baseHash && request.baseHash !== input.hash) {
    return refused('changed', 'fleet.yaml changed since this plan was made; look at the new plan and apply again');
  }
  const registry = parsed.registry;
  const verb = request.mode === 'merge' ? 'merge' : 'retire';
  if (!isSeatId(request.seat)) return refused('unknown-seat', `${JSON.stringify(request.seat)} is not a valid seat id`);
  const seat = registry.seats.find((s) => s.id === request.seat);
  if (!seat) return refused('unknown-seat', `There is no seat ${request.seat} in fleet.yaml`);
  if (seat.status === 'retired') return refused('already-retired', `${seat.name} (${seat.id}) is already retired`);
  const targetCheck = checkTarget(registry, seat, request.to, request.mode === 'merge' ? 'merge into' : 'successor');
  if (targetCheck) return { ok: false, refusal: targetCheck };
  const to = request.to;

  const impact = computeImpact({ ...input, registry }, seat.id);
  if (!impact) return refused('unknown-seat', `There is no seat ${request.seat} in fleet.yaml`);
  const items = defaultItems(registry, seat, to, request.mode, input);
  // The user's choices.
  const explicit = new Set<string>();
  for (const [rawKey, target] of Object.entries(request.moves ?? {})) {
    const key = resolveMoveKey(items, rawKey);
    if (!key) return refused('bad-move', `${seat.name} has nothing called ${JSON.stringify(rawKey)} to move (domains: ${seat.owns.join(', ') || 'none'})`);
    const item = items.find((i) => i.key === key) as ImpactItem;
    if (target === DROP) {
      if (!item.canDrop) return refused('bad-move', `${item.label} cannot be dropped: ${item.kind === 'domain' ? `${seat.name} is the last owner of ${key.slice(7)}; give it to a seat` : 'give it to a seat'}`);
    } else {
      const bad = checkTarget(registry, seat, target, `${key} →`);
      if (bad) return { ok: false, refusal: bad };
    }
    item.target = target;
    explicit.add(key);
  }
  // A handoff through a state file follows the file unless the user chose for it explicitly.
  for (const item of items) {
    if (item.kind !== 'handoff' || item.target === DROP) continue;
    const h = registry.handoffs.find((x) => `handoff:${x.id}` === item.key) as HandoffDecl;
    if (h.from !== seat.id || h.via === 'inbox') continue;
    const file = items.find((i) => i.key === `file:${h.via}`);
    if (!file) continue;
    if (!explicit.has(item.key)) item.target = h.to === file.target ? DROP : file.target;
    else if (item.target !== file.target) {
      return refused('bad-move', `The handoff ${h.id} goes via ${h.via}, which moves to ${file.target}; give the handoff to ${file.target} too, or drop it`);
    }
  }
  for (const item of items) {
    if (item.kind !== 'domain' || item.target === DROP) continue;
    const target = registry.seats.find((s) => s.id === item.target) as SeatDecl;
    const domain = item.key.slice('domain:'.length);
    if (target.notOwns.includes(domain)) return refused('bad-move', `${target.name} says it does not own ${domain} (notOwns); give ${domain} to another seat`);
  }

  const inboxTo = items.find((i) => i.key === 'inbox')?.target ?? to;
  const notes: string[] = [];
  let afterText: string;
  try {
    afterText = editFleet(input, registry, seat, items, request, notes);
  } catch (error) {
    if (error instanceof EditRefused) return refused('unsafe', `Seatmap cannot make this edit safely in this fleet.yaml (${error.message}); nothing was written`);
    throw error;
  }
  const unacked = unackedMessages(input.inboxes.find((i) => i.seat === seat.id));
  const forward = unacked.map((m) => ({ id: m.id, from: m.from, ts: m.ts, subject: m.subject, to: inboxTo }));
  const inboxExists = input.inboxes.some((i) => i.seat === seat.id);
  const reason = request.reason?.trim() || (request.mode === 'merge' ? `Merged into ${seatName(registry, to)}` : '');
  return {
    ok: true,
    plan: {
      mode: request.mode,
      seat: seat.id,
      items,
      impact,
      inboxTo,
      reason,
      baseHash: input.hash,
      beforeText: input.text,
      afterText,
      diff: unifiedDiff(input.text, afterText),
      forward,
      archive: inboxExists ? [`inbox/${seat.id}.jsonl`] : [],
      agentChanges: agentChanges(registry, seat, items, inboxTo, impact.senders.map((s) => s.seat), input, verb),
      notes,
      noop: afterText === input.text && forward.length === 0 && !inboxExists,
    },
  };
}

function checkTarget(registry: FleetRegistry, seat: SeatDecl, target: string, role: string): RetireRefusal | null {
  if (!isSeatId(target)) return { code: 'successor-missing', message: `${role} ${JSON.stringify(target)} is not a valid seat id` };
  if (target === seat.id) return { code: 'cycle', message: `${seat.name} cannot be its own successor` };
  const decl = registry.seats.find((s) => s.id === target);
  if (!decl) return { code: 'successor-missing', message: `${role} ${target}: there is no seat ${target} in fleet.yaml` };
  if (decl.status === 'retired') {
    if (leadsTo(registry, target, seat.id)) return { code: 'cycle', message: `${decl.name} was retired into ${seat.name}; merging back would make a cycle` };
    return { code: 'successor-retired', message: `${role} ${decl.name} (${target}) is retired; pick an active seat` };
  }
  return null;
}

function defaultItems(registry: FleetRegistry, seat: SeatDecl, to: string, mode: RetireRequest['mode'], input: PlanInput): ImpactItem[] {
  const items: ImpactItem[] = [];
  const name = (id: string) => seatName(registry, id);
  const active = registry.seats.filter((s) => s.status !== 'retired' && s.id !== seat.id);
  for (const domain of seat.owns) {
    const owner = active.find((s) => s.owns.includes(domain));
    const suggestion = mode === 'retire' && owner ? { target: owner.id, why: `${owner.name} already owns ${domain}` } : { target: to, why: mode === 'merge' ? `merged into ${name(to)}` : `the successor` };
    items.push({ key: `domain:${domain}`, kind: 'domain', label: `owns ${domain}`, target: suggestion.target, suggestion, canDrop: Boolean(owner), seats: owner ? [owner.id] : [] });
  }
  const files = new Set(seat.writes.map((w) => w.path as string));
  for (const f of input.stateFiles) if (f.seat === seat.id) files.add(f.path);
  for (const path of [...files].sort()) {
    items.push({ key: `file:${path}`, kind: 'file', label: `writes ${path}`, target: to, suggestion: { target: to, why: mode === 'merge' ? `merged into ${name(to)}` : 'the successor' }, canDrop: false, seats: [] });
  }
  for (const h of registry.handoffs) {
    if (h.from !== seat.id && h.to !== seat.id) continue;
    const other = h.from === seat.id ? h.to : h.from;
    const label = h.from === seat.id ? `hands ${h.what || 'work'} to ${name(h.to)} via ${h.via}` : `receives ${h.what || 'work'} from ${name(h.from)} via ${h.via}`;
    const suggestion = other === to ? { target: DROP, why: `${name(to)} would hand it to itself` } : { target: to, why: mode === 'merge' ? `merged into ${name(to)}` : 'the successor' };
    items.push({ key: `handoff:${h.id}`, kind: 'handoff', label, target: suggestion.target, suggestion, canDrop: true, seats: [other] });
  }
  for (const r of registry.rules) {
    if (r.winner !== seat.id && r.over !== seat.id) continue;
    const other = r.winner === seat.id ? r.over : r.winner;
    const label = r.winner === seat.id ? `wins over ${name(r.over)} when ${r.when}` : `loses to ${name(r.winner)} when ${r.when}`;
    const takesDomain = mode === 'retire' && seat.owns.some((d) => active.find((s) => s.owns.includes(d))?.id === other);
    const suggestion =
      other === to
        ? { target: DROP, why: `${name(to)} would win over itself` }
        : takesDomain
          ? { target: DROP, why: `${name(other)} takes over the contested domain` }
          : { target: to, why: mode === 'merge' ? `merged into ${name(to)}` : 'the successor' };
    items.push({ key: `rule:${r.id}`, kind: 'rule', label, target: suggestion.target, suggestion, canDrop: true, seats: [other] });
  }
  for (const owned of registry.seats.filter((s) => s.owner === seat.id && s.id !== seat.id && s.status !== 'retired')) {
    items.push({ key: `owner:${owned.id}`, kind: 'owner', label: `is the accountable owner of ${owned.name}`, target: to, suggestion: { target: to, why: 'the successor' }, canDrop: false, seats: [owned.id] });
  }
  items.push({ key: 'inbox', kind: 'inbox', label: 'receives messages (its inbox stream and unacknowledged messages)', target: to, suggestion: { target: to, why: mode === 'merge' ? `merged into ${name(to)}` : 'the successor' }, canDrop: false, seats: [] });
  return items;
}

function targetOf(items: ImpactItem[], key: string): string | undefined {
  return items.find((i) => i.key === key)?.target;
}

/** The new fleet.yaml text: each step a small edit that must read back as intended. */
function editFleet(input: PlanInput, registry: FleetRegistry, seat: SeatDecl, items: ImpactItem[], request: RetireRequest, notes: string[]): string {
  let text = input.text;
  const A = seat.id;
  const name = (id: string) => seatName(registry, id);
  // 1. Files: the successor writes the moved file in its own folder; readers are pointed at it.
  const moved = new Map<string, string>();
  for (const item of items.filter((i) => i.kind === 'file')) {
    const path = item.key.slice('file:'.length);
    const current = registryOf(text);
    const target = current.seats.find((s) => s.id === item.target) as SeatDecl;
    const newPath = movedPath(path, A, item.target, new Set(target.writes.map((w) => w.path)));
    moved.set(path, newPath);
    if (!seat.writes.some((w) => w.path === path)) continue; // on disk only: nothing declared to move
    text = addWrite(text, item.target, newPath);
    for (const reader of current.seats.filter((s) => s.id !== A && s.reads.includes(path as never))) {
      const reads = seatList(text, reader.id, 'reads') ?? [];
      text = setSeatField(text, reader.id, 'reads', reads.map((p) => (p === path ? newPath : p)));
    }
  }
  // 2. Merge: the target also reads what the merged seat read.
  if (request.mode === 'merge' && seat.reads.length) {
    const current = registryOf(text);
    const target = current.seats.find((s) => s.id === request.to) as SeatDecl;
    const own = new Set(target.writes.map((w) => w.path as string));
    const reads = seatList(text, target.id, 'reads') ?? [];
    const extra = seat.reads.map((p) => moved.get(p) ?? p).filter((p) => !reads.includes(p) && !own.has(p));
    if (extra.length) text = setSeatField(text, target.id, 'reads', [...reads, ...extra]);
  }
  // 3. Domains.
  const gains = new Map<string, string[]>();
  for (const item of items.filter((i) => i.kind === 'domain' && i.target !== DROP)) {
    gains.set(item.target, [...(gains.get(item.target) ?? []), item.key.slice('domain:'.length)]);
  }
  for (const [target, domains] of gains) {
    const current = registryOf(text).seats.find((s) => s.id === target) as SeatDecl;
    const owns = [...current.owns, ...domains.filter((d) => !current.owns.includes(d))];
    if (owns.length !== current.owns.length) text = command(text, { type: 'updateSeat', seat: target, changes: { owns } });
  }
  for (const item of items.filter((i) => i.kind === 'domain' && i.target === DROP)) notes.push(`${item.key.slice(7)} stays with its other owner; ${name(A)} no longer owns it`);
  // 4. Handoffs, last first so earlier positions do not move.
  const handoffs = [...registry.handoffs].filter((h) => h.from === A || h.to === A).sort((a, b) => b.index - a.index);
  for (const h of handoffs) text = rewireHandoff(text, h, A, targetOf(items, `handoff:${h.id}`) ?? DROP, moved, notes, name);
  // 5. Rules, last first; watchlists of moved files follow the file.
  const rules = [...registry.rules].filter((r) => r.winner === A || r.over === A || (r.watchlist && moved.has(r.watchlist))).sort((a, b) => b.index - a.index);
  for (const r of rules) text = rewireRule(text, r, A, targetOf(items, `rule:${r.id}`) ?? null, moved, notes, name);
  // 6. Seats this one was the accountable owner of.
  for (const item of items.filter((i) => i.kind === 'owner')) {
    text = command(text, { type: 'updateSeat', seat: item.key.slice('owner:'.length), changes: { owner: item.target } });
  }
  // 7. The seat itself: retired, with where everything went.
  const successors: SuccessorMap = [];
  const section = (kind: string) => items.filter((i) => i.kind === kind).map((i) => [i.key.slice(kind.length + 1), i.target === DROP ? 'dropped' : i.target] as [string, string]);
  if (request.mode === 'merge') successors.push(['mergedInto', request.to]);
  for (const [key, kind] of [['domains', 'domain'], ['handoffs', 'handoff'], ['rules', 'rule'], ['files', 'file']] as const) {
    const pairs = section(kind);
    if (pairs.length) successors.push([key, pairs]);
  }
  successors.push(['inbox', targetOf(items, 'inbox') ?? request.to]);
  const reason = request.reason?.trim() || (request.mode === 'merge' ? `Merged into ${name(request.to)}` : '');
  text = markRetired(text, A, new Date(input.now).toISOString().replace(/\.\d{3}Z$/, 'Z'), reason, successors);
  const after = registryOf(text);
  const left = [...after.handoffs.filter((h) => h.from === A || h.to === A).map((h) => h.id), ...after.rules.filter((r) => r.winner === A || r.over === A).map((r) => r.id)];
  if (left.length) throw new EditRefused(`${left.join(', ')} still name ${A}`);
  return text;
}

function rewireHandoff(text: string, h: HandoffDecl, A: string, target: string, moved: Map<string, string>, notes: string[], name: (id: string) => string): string {
  const remove = () => command(text, { type: 'removeHandoff', id: h.id });
  if (target === DROP) {
    notes.push(`Dropped the handoff ${name(h.from)} → ${name(h.to)} (${h.what || h.via})`);
    return remove();
  }
  const from = h.from === A ? target : h.from;
  const to = h.to === A ? target : h.to;
  const via = h.via !== 'inbox' && h.from === A ? (moved.get(h.via) ?? h.via) : h.via;
  if (from === to) {
    notes.push(`Dropped the handoff ${name(h.from)} → ${name(h.to)}: ${name(from)} would hand it to itself`);
    return remove();
  }
  const id = `${from}->${to}@${via}`;
  if (registryOf(text).handoffs.some((x) => x.id === id)) {
    notes.push(`Dropped the handoff ${name(h.from)} → ${name(h.to)}: ${name(from)} → ${name(to)} via ${via} already exists`);
    return remove();
  }
  const changes: { from?: string; to?: string; via?: string } = {};
  if (from !== h.from) changes.from = from;
  if (to !== h.to) changes.to = to;
  if (via !== h.via) changes.via = via;
  return command(text, { type: 'updateHandoff', id: h.id, changes });
}

function rewireRule(text: string, r: RuleDecl, A: string, target: string | null, moved: Map<string, string>, notes: string[], name: (id: string) => string): string {
  const remove = () => command(text, { type: 'removeRule', id: r.id });
  const involves = r.winner === A || r.over === A;
  if (involves && (target === DROP || target === null)) {
    notes.push(`Dropped the rule ${name(r.winner)} wins over ${name(r.over)} (${r.when})`);
    return remove();
  }
  const winner = r.winner === A ? (target as string) : r.winner;
  const over = r.over === A ? (target as string) : r.over;
  if (winner === over) {
    notes.push(`Dropped the rule ${name(r.winner)} wins over ${name(r.over)}: ${name(winner)} would win over itself`);
    return remove();
  }
  if (registryOf(text).rules.some((x) => x.index !== r.index && x.winner === winner && x.over === over && x.when === r.when)) {
    notes.push(`Dropped the rule ${name(r.winner)} wins over ${name(r.over)}: the same rule exists for ${name(winner)} over ${name(over)}`);
    return remove();
  }
  const changes: { winner?: string; over?: string; watchlist?: string } = {};
  if (winner !== r.winner) changes.winner = winner;
  if (over !== r.over) changes.over = over;
  if (r.watchlist && moved.has(r.watchlist)) changes.watchlist = moved.get(r.watchlist) as string;
  if (Object.keys(changes).length === 0) return text;
  return command(text, { type: 'updateRule', id: r.id, changes });
}

function agentChanges(registry: FleetRegistry, seat: SeatDecl, items: ImpactItem[], inboxTo: string, senders: string[], input: PlanInput, verb: string): string[] {
  const name = (id: string) => seatName(registry, id);
  const lines: string[] = [];
  if (seat.kind === 'agent') lines.push(`Stop ${seat.name}'s agent: the seat is ${verb === 'merge' ? `merged into ${name(inboxTo)}` : 'retired'}.`);
  const sendTo = new Set(senders);
  for (const h of registry.handoffs) if (h.to === seat.id && h.via === 'inbox') sendTo.add(h.from);
  sendTo.delete(seat.id);
  for (const s of [...sendTo].sort()) {
    if (s === inboxTo) continue;
    lines.push(`${name(s)} sends to inbox/${seat.id}.jsonl: send to ${name(inboxTo)} (inbox/${inboxTo}.jsonl) instead.`);
  }
  const taken = new Map<string, Set<string>>();
  for (const item of items.filter((i) => i.kind === 'file')) {
    const path = item.key.slice('file:'.length);
    const target = registry.seats.find((s) => s.id === item.target) as SeatDecl;
    const set = taken.get(target.id) ?? new Set(target.writes.map((w) => w.path as string));
    taken.set(target.id, set);
    const newPath = movedPath(path, seat.id, item.target, set);
    lines.push(`${name(item.target)} writes ${newPath} (what ${seat.name} wrote to ${path}).`);
    const readers = new Set<string>();
    for (const s of registry.seats) if (s.status !== 'retired' && s.id !== seat.id && s.reads.includes(path as never)) readers.add(s.id);
    for (const h of registry.handoffs) if (h.via === path && h.to !== seat.id) readers.add(h.to);
    for (const r of registry.rules) if (r.watchlist === path && r.winner !== seat.id) readers.add(r.winner);
    for (const reader of [...readers].sort()) if (reader !== item.target) lines.push(`${name(reader)} reads ${path}: point it at ${newPath}.`);
  }
  for (const item of items.filter((i) => i.kind === 'domain' && i.target !== DROP)) {
    const target = registry.seats.find((s) => s.id === item.target) as SeatDecl;
    const domain = item.key.slice('domain:'.length);
    if (!target.owns.includes(domain)) lines.push(`${target.name} now owns ${domain}: add it to ${target.name}'s mandate.`);
  }
  for (const item of items.filter((i) => i.kind === 'handoff' && i.target !== DROP)) {
    const h = registry.handoffs.find((x) => `handoff:${x.id}` === item.key) as HandoffDecl;
    if (h.from === seat.id && h.to !== item.target) lines.push(`${name(item.target)} now hands ${h.what || 'this work'} to ${name(h.to)}.`);
    if (h.to === seat.id && h.from !== item.target) lines.push(`${name(h.from)} now hands ${h.what || 'this work'} to ${name(item.target)} instead of ${seat.name}.`);
  }
  void input;
  return lines;
}
