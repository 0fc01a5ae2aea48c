/**
 * A Claude Code team as a FleetSnapshot: the same snapshot the fleet format produces, so the
 * renderer draws it without knowing where it came from (docs/sources.md).
 * - Seats: each member (agent type, model, colour, folder; the lead marked), the person at the
 *   keyboard as a human seat who owns the lead, members who left as retired seats, and names that
 *   only have an inbox file as seats that are "not a member" (`undeclared`).
 * - Handoffs: the plan (shared/claudeTeams/plan.ts). Traffic: the messages, without idle
 *   notifications unless asked for.
 * - Each seat's work as details: tasks, its last idle notification, requests waiting.
 */
import { derive, summarizeInbox } from '../derive';
import { diagnostic, type Diagnostic } from '../diagnostics';
import { handoffId, type SeatId } from '../ids';
import { FORMAT_DEFAULTS, type FleetRegistry, type HandoffDecl, type SeatDecl } from '../registry';
import type { FleetSnapshot, SeatDetail, SourceInfo, WatcherState } from '../snapshot';
import { formatSpan } from '../duration';
import { isInternalTask } from './format';
import { teamPlan } from './plan';
import { HUMAN_SEAT, type TeamModel } from './teamModel';
import { pendingRequests, teamSignals, type PendingRequest, type TeamThresholds } from './teamSignals';

export interface TeamSnapshotInput {
  model: TeamModel;
  fleetKey: string;
  revision: number;
  /** The folder shown in the title bar. */
  root: string;
  now: number;
  thresholds: TeamThresholds;
  diagnostics: Diagnostic[];
  watcher: WatcherState;
  source: Pick<SourceInfo, 'teams' | 'history'>;
}

const READ_ONLY = 'Claude Code owns these files: Seatmap only reads them (and keeps its own history elsewhere).';
export const TEAM_READ_ONLY = READ_ONLY;

function seatDecl(id: string, fields: Partial<SeatDecl>): SeatDecl {
  return {
    id: id as SeatId,
    name: id,
    kind: 'agent',
    owner: null,
    role: '',
    owns: [],
    notOwns: [],
    writes: [],
    reads: [],
    status: 'active',
    retiredAt: null,
    reason: null,
    successors: null,
    staleAfterMs: null,
    backlogAfterMs: null,
    line: 0,
    ...fields,
  };
}

export function teamRegistry(model: TeamModel, thresholds: TeamThresholds): FleetRegistry {
  const lead = model.leadName;
  const leadSeat = lead ? model.seatOf(lead) : null;
  const seats: SeatDecl[] = [
    seatDecl(HUMAN_SEAT, { name: 'You', kind: 'human', role: 'At the keyboard: runs the lead session' }),
  ];
  for (const record of model.members.values()) {
    const m = record.member;
    const isLead = record.name === lead;
    seats.push(seatDecl(record.seat, {
      name: record.name,
      owner: isLead ? HUMAN_SEAT : leadSeat,
      role: [...new Set([isLead ? 'team-lead' : null, m.agentType, m.model].filter((part): part is string => Boolean(part)))].join(' · '),
      status: record.leftAt === null ? 'active' : 'retired',
      retiredAt: record.leftAt === null ? null : new Date(record.leftAt).toISOString(),
      reason: record.leftAt === null ? null : 'Removed from the team (config.json)',
    }));
  }
  const handoffs: HandoffDecl[] = teamPlan(model).map((link, index) => ({
    id: handoffId(link.from, link.to, 'inbox'),
    from: link.from as SeatId,
    to: link.to as SeatId,
    via: 'inbox',
    what: link.reasons.join('; '),
    index,
    line: 0,
  }));
  const { includeIdleTraffic: _idle, requestAfterMs: _request, ...defaults } = thresholds;
  return { version: 1, name: model.config?.name ?? model.team, defaults: { ...FORMAT_DEFAULTS, ...defaults }, seats, handoffs, rules: [] };
}

/** A teammate's report this long before its idle notification still counts as reporting the finished task. */
const REPORT_WINDOW_MS = 5 * 60_000;

const taskLabel: Record<string, string> = { pending: 'to do', in_progress: 'in progress', completed: 'done', deleted: 'deleted' };

/** A seat's work and facts, as labelled lines for the seat panel. */
function seatDetails(model: TeamModel, name: string, now: number, pending: PendingRequest[]): SeatDetail[] {
  const details: SeatDetail[] = [];
  const record = model.members.get(name);
  if (record) {
    const m = record.member;
    if (name === model.leadName) details.push({ label: 'Role', value: 'Team lead (run by you)' });
    if (m.agentType) details.push({ label: 'Agent type', value: m.agentType });
    if (m.model) details.push({ label: 'Model', value: m.model });
    if (m.color) details.push({ label: 'Colour', value: m.color });
    if (m.cwd) details.push({ label: 'Folder', value: m.cwd });
    if (m.backendType) details.push({ label: 'Runs', value: m.backendType });
    if (record.leftAt !== null) details.push({ label: 'Left', value: new Date(record.leftAt).toISOString(), tone: 'muted' });
  } else {
    details.push({ label: 'Member', value: 'Not a member: messages here are never read', tone: 'warn' });
  }
  for (const task of model.tasks.values()) {
    if (task.goneAt !== null || task.task.owner !== name || isInternalTask(task.task)) continue;
    const t = task.task;
    const state = taskLabel[t.status] ?? t.status;
    const doing = t.status === 'in_progress' && t.activeForm ? ` — ${t.activeForm}` : '';
    const deps = t.blockedBy.length ? ` (blocked by #${t.blockedBy.join(', #')})` : '';
    details.push({ label: `Task #${t.id}`, value: `${state}: ${t.subject}${doing}${deps}` });
  }
  const lastIdle = model.stats.lastIdle.get(name);
  if (lastIdle) {
    const reason = lastIdle.decoded.idleReason ?? 'idle';
    const done = lastIdle.decoded.completedTaskId;
    // Finished a task and went idle with no message shortly before: the lead may never hear of it.
    const unreported = done !== null && (model.stats.lastReport.get(name) ?? -Infinity) < lastIdle.ts - REPORT_WINDOW_MS;
    const finished = done ? `, finished task #${done}${unreported ? ' but did not report' : ''}` : '';
    details.push({ label: 'Last idle', value: `${reason}${finished}, ${formatSpan(Math.max(0, now - lastIdle.ts))} ago`, ...(unreported ? { tone: 'warn' as const } : {}) });
  }
  for (const { message, kind } of pending) {
    if (message.raw.from !== name) continue;
    const what = kind === 'permission_request' ? 'Permission request' : kind === 'plan_approval_request' ? 'Plan approval request' : 'Shutdown request';
    details.push({ label: 'Waiting', value: `${what} to ${message.inbox}, ${formatSpan(Math.max(0, now - message.ts))}`, tone: 'warn' });
  }
  for (const { message, kind } of pending) {
    if (message.inbox !== name || kind !== 'shutdown_request') continue;
    details.push({ label: 'Asked to shut down', value: `by ${message.raw.from}, ${formatSpan(Math.max(0, now - message.ts))} ago`, tone: 'warn' });
  }
  return details;
}

export function teamSnapshot(input: TeamSnapshotInput): FleetSnapshot {
  const { model, thresholds, now } = input;
  const registry = teamRegistry(model, thresholds);
  const designed = new Set(registry.handoffs.map((h) => `${h.from}->${h.to}`));
  const logs = [...model.inboxes.values()];
  const snapshot = derive(
    {
      fleetKey: input.fleetKey,
      revision: input.revision,
      root: input.root,
      now,
      registry,
      registryDiagnostics: [],
      fleetError: null,
      fleetHash: null,
      inboxes: logs.map((log) => (thresholds.includeIdleTraffic ? log.all : log.traffic)),
      stateFiles: [],
      activity: [],
      fileDiagnostics: [],
      watcher: input.watcher,
    },
    () => teamSignals(model, now, thresholds, designed),
  );
  const bySeat = new Map(logs.map((log) => [log.seat, log]));
  const nameOf = new Map<string, string>();
  for (const record of model.members.values()) nameOf.set(record.seat, record.name);
  for (const log of logs) nameOf.set(log.seat, log.name);
  const pending = pendingRequests(model);
  // derive keeps its records across calls (shared/memo.ts): edit copies, never a kept record.
  snapshot.seats = snapshot.seats.map((seat) => ({ ...seat }));
  for (const seat of snapshot.seats) {
    const log = bySeat.get(seat.id);
    // Seat counts cover every message, idle notifications included; only the graph's traffic leaves them out.
    if (log) seat.inbox = summarizeInbox(log.all);
    const name = nameOf.get(seat.id);
    if (name) seat.details = seatDetails(model, name, now, pending);
    if (seat.undeclared) seat.name = nameOf.get(seat.id) ?? seat.name;
  }
  snapshot.diagnostics = input.diagnostics;
  snapshot.totals = { messages: logs.reduce((n, log) => n + log.messages.length, 0), inboxBytes: logs.reduce((n, log) => n + log.all.bytes, 0) };
  // Editing is off for the whole source, the way a broken fleet.yaml turns it off, with the reason.
  snapshot.fleetError = diagnostic(`teams/${model.team}/config.json`, 'info', READ_ONLY);
  snapshot.source = {
    kind: 'claude-team',
    readOnly: READ_ONLY,
    undeclaredLabel: 'Not a member',
    team: model.team,
    ended: model.endedAt !== null,
    ...input.source,
  };
  if (model.endedAt !== null) snapshot.name = `${snapshot.name} (ended)`;
  return snapshot;
}
