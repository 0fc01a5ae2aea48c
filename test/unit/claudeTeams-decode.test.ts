/** Decoding Claude Code team files: protocol messages in `text` (the table), and the file schemas. */
import { describe, expect, it } from 'vitest';
import { decodeMessage } from '../../shared/claudeTeams/protocol';
import { parseConfig, parseInbox, parseTask, isInternalTask } from '../../shared/claudeTeams/format';

const p = (value: unknown) => JSON.stringify(value);

describe('protocol messages decode to a kind and a chip', () => {
  const table: Array<[string, string, string, string]> = [
    // [text, kind, chip, subject contains]
    [p({ type: 'idle_notification', from: 'a', idleReason: 'available' }), 'idle_notification', 'idle', 'idle: available'],
    [p({ type: 'idle_notification', idleReason: 'available', completedTaskId: '3' }), 'idle_notification', 'idle', 'finished task #3'],
    [p({ type: 'task_assignment', taskId: '6', subject: 'Write docs' }), 'task_assignment', 'task #6 assigned', 'task #6 assigned: Write docs'],
    [p({ type: 'task_completed', taskId: 7 }), 'task_completed', 'task #7 completed', 'task #7 completed'],
    [p({ type: 'shutdown_request', requestId: 'r1', reason: 'done' }), 'shutdown_request', 'shutdown requested', 'shutdown requested: done'],
    [p({ type: 'shutdown_approved', requestId: 'r1' }), 'shutdown_approved', 'shutdown approved', 'shutdown approved'],
    [p({ type: 'shutdown_response', request_id: 'r1', approve: false, reason: 'busy' }), 'shutdown_response', 'shutdown rejected', 'busy'],
    [p({ type: 'plan_approval_request', requestId: 'p1', planFilePath: 'plan.md' }), 'plan_approval_request', 'plan approval requested', 'plan.md'],
    [p({ type: 'plan_approval_response', requestId: 'p1', approved: true }), 'plan_approval_response', 'plan approved', 'plan approved'],
    [p({ type: 'permission_request', request_id: 'x', tool_name: 'WebSearch', description: 'search' }), 'permission_request', 'permission requested', 'for WebSearch'],
    [p({ type: 'permission_response', request_id: 'x', approve: true }), 'permission_response', 'permission granted', 'permission granted (x)'],
    [p({ type: 'permission_response', request_id: 'x', approve: false }), 'permission_response', 'permission denied', 'denied'],
    [p({ type: 'join_request', proposedName: 'newbie' }), 'join_request', 'join requested', 'by newbie'],
    [p({ type: 'brand_new_thing', x: 1 }), 'protocol', 'brand new thing', 'brand new thing'],
  ];
  it.each(table)('%s', (text, kind, chip, subject) => {
    const decoded = decodeMessage(text);
    expect(decoded.kind).toBe(kind);
    expect(decoded.chip).toBe(chip);
    expect(decoded.subject).toContain(subject);
    expect(decoded.subject).not.toContain('{');
  });

  it('keeps the fields the views and warnings use, snake_case or camelCase', () => {
    expect(decodeMessage(p({ type: 'permission_request', request_id: 'perm-1', tool_name: 'Bash' }))).toMatchObject({ requestId: 'perm-1', toolName: 'Bash' });
    expect(decodeMessage(p({ type: 'idle_notification', idleReason: 'interrupted', completedTaskId: '2' }))).toMatchObject({ idleReason: 'interrupted', completedTaskId: '2' });
    expect(decodeMessage(p({ type: 'task_assignment', taskId: '6' })).taskId).toBe('6');
  });

  it('plain text (and JSON that is no protocol message) is a message with its summary as subject', () => {
    expect(decodeMessage('Task #1 complete. Long text…', 'Task 1 done')).toMatchObject({ kind: 'message', chip: null, subject: 'Task 1 done' });
    expect(decodeMessage('{"not":"typed"}')).toMatchObject({ kind: 'message', chip: null });
    expect(decodeMessage('{broken json')).toMatchObject({ kind: 'message' });
    expect(decodeMessage('[1,2]')).toMatchObject({ kind: 'message' });
  });
});

describe('file schemas', () => {
  it('config.json keeps unknown keys, on the team and on members', () => {
    const parsed = parseConfig(p({ name: 't', leadAgentId: 'team-lead@t', members: [{ name: 'team-lead', agentId: 'team-lead@t', futureKey: 1 }], extra: { a: 1 } }));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect((parsed.value as Record<string, unknown>).extra).toEqual({ a: 1 });
    expect((parsed.value.members[0] as Record<string, unknown>).futureKey).toBe(1);
  });

  it('an empty or half-written file is an error to retry, never a throw', () => {
    expect(parseInbox('')).toMatchObject({ ok: false });
    expect(parseInbox('[{"from":"a","text":"hi","timestamp":"2026-01-01T00:00:00Z","read":fal')).toMatchObject({ ok: false });
    expect(parseConfig('{"members": 3}')).toMatchObject({ ok: false });
  });

  it('an inbox keeps every good entry and counts the ones that do not fit', () => {
    const parsed = parseInbox(p([{ from: 'a', text: 'hi', timestamp: '2026-01-01T00:00:00Z', read: false, msg_id: 'm1', type: 'message', msgV: 2 }, { nope: true }]));
    expect(parsed).toMatchObject({ ok: true, value: { skipped: 1 } });
    if (parsed.ok) expect(parsed.value.messages[0]).toMatchObject({ msg_id: 'm1', msgV: 2 });
  });

  it('tasks: ids as strings, internal bookkeeping tasks told apart', () => {
    const parsed = parseTask(p({ id: 3, subject: 's', description: 'd', status: 'in_progress', blocks: [4], blockedBy: [], metadata: { _internal: true } }));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.value.id).toBe('3');
    expect(parsed.value.blocks).toEqual(['4']);
    expect(isInternalTask(parsed.value)).toBe(true);
  });
});

describe('team thresholds from the command line', () => {
  it('reads minutes, hours and the idle-traffic switch; refuses what it does not know', async () => {
    const { parseTeamLimits, TEAM_DEFAULTS } = await import('../../shared/claudeTeams/teamSignals');
    expect(parseTeamLimits('stale=20m, backlog=1h,request=2m,idle-traffic')).toEqual({ ok: true, value: { staleAfterMs: 1_200_000, backlogAfterMs: 3_600_000, requestAfterMs: 120_000, includeIdleTraffic: true } });
    expect(parseTeamLimits('')).toEqual({ ok: true, value: {} });
    expect(parseTeamLimits('stale=soon')).toMatchObject({ ok: false });
    expect(parseTeamLimits('speed=1m')).toMatchObject({ ok: false });
    expect(TEAM_DEFAULTS.staleAfterMs).toBe(600_000);
  });
});
