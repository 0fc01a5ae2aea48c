/** The warnings of a Claude Code team, each in its own terms, with thresholds that can be set. */
import { describe, expect, it } from 'vitest';
import type { RawInboxMessage, TeamTask } from '../../shared/claudeTeams/format';
import { diffInbox, TeamModel } from '../../shared/claudeTeams/teamModel';
import { teamSnapshot } from '../../shared/claudeTeams/teamSnapshot';
import { TEAM_DEFAULTS, type TeamThresholds } from '../../shared/claudeTeams/teamSignals';

const T0 = Date.parse('2026-11-29T10:00:00Z');
const MIN = 60_000;
const at = (minutes: number) => new Date(T0 + minutes * MIN).toISOString();

function team(members = ['worker-1', 'worker-2']): TeamModel {
  const model = new TeamModel('alpha');
  model.apply({ e: 'config', at: T0, config: { name: 'alpha', leadAgentId: 'team-lead@alpha', members: ['team-lead', ...members].map((name) => ({ name, agentId: `${name}@alpha`, joinedAt: T0 })) } });
  return model;
}

function send(model: TeamModel, to: string, messages: RawInboxMessage[]): void {
  const known = [...(model.inboxes.get(to)?.messages ?? [])].filter((m) => m.goneAt === null).map((m) => m.raw);
  for (const e of diffInbox(model, to, [...known, ...messages], T0)) model.apply(e);
}

const text = (from: string, body: string, minute: number, read = false): RawInboxMessage => ({ from, text: body, timestamp: at(minute), read });
const proto = (from: string, value: Record<string, unknown>, minute: number, read = false): RawInboxMessage => ({ from, text: JSON.stringify(value), timestamp: at(minute), read });
const task = (id: string, owner: string, fields: Partial<TeamTask> = {}): TeamTask => ({ id, subject: `Task ${id}`, description: '', status: 'in_progress', owner, blocks: [], blockedBy: [], ...fields });

function signals(model: TeamModel, minute: number, limits: Partial<TeamThresholds> = {}) {
  return teamSnapshot({ model, fleetKey: 'k', revision: 0, root: '/r', now: T0 + minute * MIN, thresholds: { ...TEAM_DEFAULTS, ...limits }, diagnostics: [], watcher: { status: 'watching', message: null, files: 0 }, source: { teams: [], history: null } }).signals;
}
const kinds = (list: { kind: string }[]) => list.map((s) => s.kind);

describe('team warnings', () => {
  it('messages to a non-member: nobody will read them', () => {
    const model = team();
    send(model, 'reviewer', [text('team-lead', 'please review', 1)]);
    expect(signals(model, 2)).toEqual([expect.objectContaining({ kind: 'orphan-output', message: expect.stringContaining('reviewer, who is not a member') })]);
  });

  it('unread messages past the threshold, and not idle notifications or read ones', () => {
    const model = team();
    send(model, 'worker-1', [text('team-lead', 'start', 0), proto('team-lead', { type: 'idle_notification' }, 0)]);
    expect(signals(model, 4)).toEqual([]);
    expect(signals(model, 6)).toEqual([expect.objectContaining({ kind: 'inbox-backlog', seats: ['worker-1'], numbers: expect.objectContaining({ count: 1 }) })]);
    expect(signals(model, 6, { backlogAfterMs: 10 * MIN })).toEqual([]);
    for (const e of diffInbox(model, 'worker-1', [text('team-lead', 'start', 0, true), proto('team-lead', { type: 'idle_notification' }, 0)], T0)) model.apply(e);
    expect(signals(model, 6)).toEqual([]);
  });

  it('a teammate with a task in progress and no message or task change: stale', () => {
    const model = team();
    model.apply({ e: 'task', at: T0, task: task('1', 'worker-1'), mtime: T0 });
    expect(kinds(signals(model, 9))).toEqual([]);
    expect(signals(model, 11)).toEqual([expect.objectContaining({ kind: 'stale-state', seats: ['worker-1'] })]);
    send(model, 'team-lead', [text('worker-1', 'still on it', 10, true)]);
    expect(kinds(signals(model, 11))).toEqual([]);
    expect(kinds(signals(model, 11, { staleAfterMs: 30 * MIN }))).toEqual([]);
  });

  it('a permission or plan request unanswered: pending; answered by its id: not', () => {
    const model = team();
    send(model, 'team-lead', [proto('worker-1', { type: 'permission_request', request_id: 'p1', tool_name: 'Bash' }, 0, true)]);
    expect(signals(model, 2)).toEqual([expect.objectContaining({ kind: 'pending-request', message: expect.stringContaining('permission to use Bash') })]);
    const lead = teamSnapshot({ model, fleetKey: 'k', revision: 0, root: '/r', now: T0 + 2 * MIN, thresholds: TEAM_DEFAULTS, diagnostics: [], watcher: { status: 'watching', message: null, files: 0 }, source: { teams: [], history: null } });
    expect(lead.seats.find((s) => s.id === 'worker-1')?.details).toEqual(expect.arrayContaining([expect.objectContaining({ label: 'Waiting', tone: 'warn' })]));
    send(model, 'worker-1', [proto('team-lead', { type: 'permission_response', request_id: 'p1', approve: true }, 1)]);
    expect(kinds(signals(model, 2))).not.toContain('pending-request');
  });

  it('two members on the same subject or the same files: duplicate work', () => {
    const model = team();
    model.apply({ e: 'task', at: T0, task: task('1', 'worker-1', { subject: 'Write the parser', status: 'pending' }) });
    model.apply({ e: 'task', at: T0, task: task('2', 'worker-2', { subject: 'write the parser ', status: 'pending' }) });
    expect(kinds(signals(model, 1))).toEqual(['duplicate-work']);
    const other = team();
    other.apply({ e: 'task', at: T0, task: task('1', 'worker-1', { description: 'Fix src/parser.ts', status: 'pending' }) });
    other.apply({ e: 'task', at: T0, task: task('2', 'worker-2', { description: 'Add tests in src/parser.ts', status: 'pending' }) });
    expect(signals(other, 1)).toEqual([expect.objectContaining({ kind: 'duplicate-work', message: expect.stringContaining('src/parser.ts') })]);
  });

  it('teammate-to-teammate messages outside the plan; a task dependency designs the pair', () => {
    const model = team();
    send(model, 'worker-2', [text('worker-1', 'here is the API', 1, true)]);
    expect(signals(model, 2)).toEqual([expect.objectContaining({ kind: 'undesigned-traffic', seats: ['worker-1', 'worker-2'] })]);
    model.apply({ e: 'task', at: T0 + MIN, task: task('1', 'worker-1', { status: 'completed', blocks: ['2'] }) });
    model.apply({ e: 'task', at: T0 + MIN, task: task('2', 'worker-2', { status: 'pending', blockedBy: ['1'] }) });
    expect(kinds(signals(model, 2))).toEqual([]);
  });

  it('an ended team waits for nothing: only what was structurally wrong stays', () => {
    const model = team();
    send(model, 'worker-1', [text('team-lead', 'start', 0)]);
    send(model, 'team-lead', [proto('worker-1', { type: 'plan_approval_request', requestId: 'x' }, 0)]);
    send(model, 'ghost', [text('team-lead', 'hello?', 0)]);
    model.apply({ e: 'ended', at: T0 + 30 * MIN });
    expect(kinds(signals(model, 60))).toEqual(['orphan-output']);
  });

  it('idle notifications count as traffic only when asked', () => {
    const model = team();
    send(model, 'team-lead', [proto('worker-1', { type: 'idle_notification', idleReason: 'available' }, 1, true), text('worker-1', 'done', 2, true)]);
    const snap = (includeIdleTraffic: boolean) => teamSnapshot({ model, fleetKey: 'k', revision: 0, root: '/r', now: T0 + 3 * MIN, thresholds: { ...TEAM_DEFAULTS, includeIdleTraffic }, diagnostics: [], watcher: { status: 'watching', message: null, files: 0 }, source: { teams: [], history: null } });
    expect(snap(false).traffic.find((t) => t.id === 'worker-1->team-lead')?.count).toBe(1);
    expect(snap(true).traffic.find((t) => t.id === 'worker-1->team-lead')?.count).toBe(2);
    expect(snap(false).seats.find((s) => s.id === 'team-lead')?.inbox.total).toBe(2);
  });
});

describe('a seat’s last idle notification', () => {
  const details = (model: TeamModel, seat: string) =>
    teamSnapshot({ model, fleetKey: 'k', revision: 0, root: '/r', now: T0 + 20 * MIN, thresholds: TEAM_DEFAULTS, diagnostics: [], watcher: { status: 'watching', message: null, files: 0 }, source: { teams: [], history: null } }).seats.find((s) => s.id === seat)?.details ?? [];

  it('tells "finished and reported" from "finished but did not report"', () => {
    const reported = team();
    send(reported, 'team-lead', [text('worker-1', 'Task 3 done: see the PR', 9, true), proto('worker-1', { type: 'idle_notification', idleReason: 'available', completedTaskId: '3' }, 10, true)]);
    expect(details(reported, 'worker-1')).toContainEqual({ label: 'Last idle', value: 'available, finished task #3, 10 min ago' });
    const silent = team();
    send(silent, 'team-lead', [proto('worker-1', { type: 'idle_notification', idleReason: 'available', completedTaskId: '3' }, 10, true)]);
    expect(details(silent, 'worker-1')).toContainEqual({ label: 'Last idle', value: 'available, finished task #3 but did not report, 10 min ago', tone: 'warn' });
  });
});
