/**
 * A Claude Code team driven live by a separate writer process, the way Claude Code writes it
 * (test/helpers/claudeTeamWriter.mjs), read by the real source with the real watcher: the graph
 * and the inbox follow; a half-written inbox keeps the last good read and, if it stays broken,
 * shows a diagnostic; the deleted team is still openable from Seatmap's history with every
 * message it showed.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtemp, readdir, realpath } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { applyPatch } from '../../shared/patch';
import type { FleetSnapshot } from '../../shared/snapshot';
import { ClaudeTeamsSource } from '../../service/sources/claudeTeams/claudeTeamsSource';
import { removeDir, waitFor } from '../helpers/fleetDir';

const WRITER = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'helpers', 'claudeTeamWriter.mjs');
const T0 = Date.parse('2026-11-29T10:00:00Z');
const iso = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();

const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

/** The writer process; `send` resolves when it has done the command. */
function startWriter() {
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, [WRITER], { stdio: 'pipe' });
  let buffer = '';
  const waiting: Array<(line: string) => void> = [];
  child.stdout.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    let nl;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      waiting.shift()?.(line);
    }
  });
  cleanup.push(async () => {
    child.stdin.end();
    await new Promise((r) => child.once('exit', r));
  });
  return (cmd: Record<string, unknown>) =>
    new Promise<void>((resolvePromise, reject) => {
      waiting.push((line) => (line.startsWith('ok') ? resolvePromise() : reject(new Error(line))));
      child.stdin.write(`${JSON.stringify(cmd)}\n`);
    });
}

const member = (name: string, extra: Record<string, unknown> = {}) => ({ agentId: `${name}@alpha`, name, agentType: 'general-purpose', model: 'haiku', joinedAt: T0, cwd: '/work/project', tmuxPaneId: 'in-process', ...extra });
const config = (members: ReturnType<typeof member>[]) => ({ name: 'alpha', leadAgentId: 'team-lead@alpha', createdAt: T0, members: [member('team-lead', { agentType: 'team-lead' }), ...members] });
const text = (from: string, body: string, minute: number, read = false) => ({ from, text: body, summary: body.slice(0, 30), timestamp: iso(minute), read });
const protocol = (from: string, value: Record<string, unknown>, minute: number, read = false) => ({ from, text: JSON.stringify(value), timestamp: iso(minute), read });

async function openLive(root: string, dataDir: string, clock: () => number) {
  const source = await ClaudeTeamsSource.open({ root, dataDir, now: clock, retries: 3, retryDelayMs: 25, rederiveEveryMs: 60_000, reconcileEveryMs: 60_000 });
  cleanup.push(() => source.close());
  let view = source.snapshot();
  source.subscribe((event) => {
    view = event.kind === 'patch' && event.patch.fleetKey === view.fleetKey ? applyPatch(view, event.patch) : source.snapshot();
  });
  const until = <T>(check: (s: FleetSnapshot) => T, what: string) => waitFor(() => check(view), { subscribe: (wake) => source.subscribe(wake), describe: () => what, timeoutMs: 15_000 });
  return { source, view: () => view, until };
}

describe('a Claude Code team, live', () => {
  it('follows a writer that rewrites whole arrays, breaks files mid-write, changes members and tasks, then deletes the team', async () => {
    const root = await realpath(await mkdtemp(join(tmpdir(), 'seatmap-claude-live-')));
    const dataDir = await mkdtemp(join(tmpdir(), 'seatmap-data-'));
    cleanup.push(() => removeDir(root), () => removeDir(dataDir));
    const team = join(root, 'teams', 'alpha');
    const inbox = (name: string) => join(team, 'inboxes', `${name}.json`);
    const task = (id: string) => join(root, 'tasks', 'alpha', `${id}.json`);
    const send = startWriter();
    const clock = { now: T0 + 3 * 60_000 };

    const assignment = protocol('team-lead', { type: 'task_assignment', taskId: '1', subject: 'Write the parser' }, 1);
    await send({ op: 'write', path: join(team, 'config.json'), json: config([member('worker-1', { color: 'blue' })]) });
    await send({ op: 'write', path: inbox('worker-1'), json: [assignment] });
    await send({ op: 'lock', path: `${inbox('worker-1')}.lock` });
    await send({ op: 'write', path: inbox('team-lead'), json: [] });
    await send({ op: 'write', path: task('1'), json: { id: '1', subject: 'Write the parser', description: 'src/parser.ts', activeForm: 'Writing the parser', status: 'in_progress', owner: 'worker-1', blocks: [], blockedBy: [] } });

    const { source, view, until } = await openLive(root, dataDir, () => clock.now);
    expect(view().seats.map((s) => s.id).sort()).toEqual(['team-lead', 'worker-1', 'you']);
    expect(view().seats.find((s) => s.id === 'worker-1')?.details).toEqual(expect.arrayContaining([{ label: 'Task #1', value: 'in progress: Write the parser — Writing the parser' }]));
    expect(view().handoffs.map((h) => h.id)).toContain('team-lead->worker-1@inbox');

    // A message arrives: the lead's inbox rewritten in place with the whole array.
    const report = text('worker-1', 'Parser done, see src/parser.ts', 2);
    await send({ op: 'inplace', path: inbox('team-lead'), json: [report] });
    await until((s) => s.traffic.find((t) => t.id === 'worker-1->team-lead')?.count === 1, 'the report to show as traffic');
    expect(view().seats.find((s) => s.id === 'team-lead')?.inbox.unread).toBe(1);

    // Read flags flip (the array rewritten again): nothing new, one fewer unread.
    await send({ op: 'inplace', path: inbox('team-lead'), json: [{ ...report, read: true }] });
    await until((s) => s.seats.find((x) => x.id === 'team-lead')?.inbox.unread === 0, 'the lead to have read the report');
    expect(view().totals.messages).toBe(2);

    // Idle notifications arrive: counted on the seat, not as traffic.
    const idle1 = protocol('worker-1', { type: 'idle_notification', from: 'worker-1', idleReason: 'available', completedTaskId: '1' }, 3);
    const idle2 = protocol('worker-1', { type: 'idle_notification', from: 'worker-1', idleReason: 'available' }, 3.5);
    await send({ op: 'inplace', path: inbox('team-lead'), json: [{ ...report, read: true }, idle1, idle2] });
    await until((s) => s.seats.find((x) => x.id === 'team-lead')?.inbox.total === 3, 'the idle notifications');
    expect(view().traffic.find((t) => t.id === 'worker-1->team-lead')?.count).toBe(1);
    const leadRows = (await source.queryInbox({ seat: 'team-lead' })).rows;
    expect(leadRows.map((r) => r.chip ?? null)).toEqual(['idle ×2', null]);

    // A half-written inbox: the last good read stays; a file that stays broken gets a diagnostic.
    const reply = text('team-lead', 'Thanks, now the tests please', 4);
    await send({ op: 'half', path: inbox('worker-1'), json: [assignment, reply] });
    await until((s) => s.diagnostics.some((d) => d.file === 'teams/alpha/inboxes/worker-1.json'), 'a diagnostic for the broken inbox');
    expect(view().seats.find((s) => s.id === 'worker-1')?.inbox.total).toBe(1);
    await send({ op: 'inplace', path: inbox('worker-1'), json: [assignment, reply] });
    await until((s) => s.seats.find((x) => x.id === 'worker-1')?.inbox.total === 2 && s.diagnostics.length === 0, 'the inbox to read again');

    // A teammate joins and leaves.
    await send({ op: 'write', path: join(team, 'config.json'), json: config([member('worker-1', { color: 'blue' }), member('worker-2', { color: 'green' })]) });
    await until((s) => s.seats.some((x) => x.id === 'worker-2' && x.status === 'active'), 'worker-2 to join');
    await send({ op: 'write', path: join(team, 'config.json'), json: config([member('worker-1', { color: 'blue' })]) });
    await until((s) => s.seats.find((x) => x.id === 'worker-2')?.status === 'retired', 'worker-2 to leave');

    // A task file rewritten.
    await send({ op: 'inplace', path: task('1'), json: { id: '1', subject: 'Write the parser', description: '', status: 'completed', owner: 'worker-1', blocks: [], blockedBy: [] } });
    await until((s) => s.seats.find((x) => x.id === 'worker-1')?.details?.some((d) => d.value === 'done: Write the parser'), 'the task to be done');

    // Claude Code prunes the lead's delivered messages: Seatmap keeps them, marked.
    await send({ op: 'inplace', path: inbox('team-lead'), json: [] });
    // (Pruning changes no count on the graph, so the wait is on the inbox view itself.)
    let marked = false;
    await waitFor(
      () => {
        void source.queryInbox({ seat: 'team-lead' }).then((w) => (marked = w.rows.length === 2 && w.rows.every((r) => r.note === "no longer in Claude's file")));
        return marked;
      },
      { describe: () => 'the pruned messages to be marked', subscribe: (wake) => source.subscribe(wake) },
    );
    expect(view().seats.find((s) => s.id === 'team-lead')?.inbox.total).toBe(3);

    // The team ends: Claude Code deletes its folder.
    await send({ op: 'rm', path: team });
    await send({ op: 'rm', path: join(root, 'tasks', 'alpha') });
    await until((s) => s.source?.ended === true, 'the team to end');
    expect(view().seats.length).toBeGreaterThan(0);
    await source.close();

    // Opened again later, from history only: every message it showed is there.
    expect((await readdir(join(root, 'teams'))).length).toBe(0);
    const again = await ClaudeTeamsSource.open({ root, dataDir, now: () => clock.now, watch: false });
    cleanup.push(() => again.close());
    expect(again.teams()).toEqual([expect.objectContaining({ name: 'alpha', live: false, messages: 5 })]);
    expect(await again.openTeam('alpha')).toEqual({ opened: true });
    const lead = await again.queryInbox({ seat: 'team-lead', types: ['message', 'idle_notification'] });
    expect(lead.total).toBe(3);
    const worker = await again.queryInbox({ seat: 'worker-1' });
    expect(worker.rows.map((r) => r.chip ?? r.subject)).toEqual(['Thanks, now the tests please', 'task #1 assigned']);
    expect(again.snapshot().source).toMatchObject({ ended: true, history: { folder: expect.stringContaining(dataDir) } });
  }, 60_000);
});
