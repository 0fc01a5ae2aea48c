/**
 * Every real capture in test/fixtures/claude-teams (see its SOURCES.md) opens through the source:
 * every member is a seat, every inbox message is in its seat's inbox view, protocol messages are
 * decoded, the self-assigned task and the non-member inboxes are handled, and a `session-<hex>`
 * team opens like a named one.
 */
import { cp, mkdtemp, readdir, readFile, rename } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ClaudeTeamsSource } from '../../service/sources/claudeTeams/claudeTeamsSource';
import { openFleetSource } from '../../service/sources';
import { runCheck } from '../../service/cli/check';
import { FIXTURES, removeDir } from '../helpers/fleetDir';

const CAPTURES = join(FIXTURES, 'claude-teams');
const NOW = Date.parse('2026-02-09T15:20:00Z');
const sources: ClaudeTeamsSource[] = [];
const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(sources.splice(0).map((s) => s.close()));
  await Promise.all(dirs.splice(0).map(removeDir));
});

async function open(root: string, team: string | null = null) {
  const source = await ClaudeTeamsSource.open({ root, team, dataDir: null, watch: false, now: () => NOW });
  sources.push(source);
  return source;
}

async function rawInboxes(root: string, team: string): Promise<Map<string, Array<{ from: string; text: string }>>> {
  const dir = join(root, 'teams', team, 'inboxes');
  const out = new Map<string, Array<{ from: string; text: string }>>();
  for (const file of await readdir(dir)) out.set(file.replace(/\.json$/, ''), JSON.parse(await readFile(join(dir, file), 'utf8')));
  return out;
}

const captures = ['analysis-team-live', 'analysis-team-final', 'humble-chasing-goose', 'moonlit-chasing-meerkat', 'js-testing-research'];

describe.each(captures)('capture %s', (capture) => {
  it('accounts for every member and every inbox message, with protocol messages decoded', async () => {
    const root = join(CAPTURES, capture);
    const [team] = await readdir(join(root, 'teams'));
    const source = await open(root);
    const snapshot = source.snapshot();
    expect(snapshot.source).toMatchObject({ kind: 'claude-team', team, readOnly: expect.stringContaining('Claude Code owns') });
    const config = JSON.parse(await readFile(join(root, 'teams', team!, 'config.json'), 'utf8')) as { members: Array<{ name: string; agentType?: string }>; leadAgentId: string };
    const seatNames = new Map(snapshot.seats.map((s) => [s.name, s]));
    for (const member of config.members) {
      const seat = seatNames.get(member.name);
      expect(seat, member.name).toBeDefined();
      expect(seat!.undeclared).toBe(false);
      if (member.agentType) expect(seat!.details?.some((d) => d.value === member.agentType)).toBe(true);
    }
    // The lead is owned by the human at the keyboard.
    const lead = config.leadAgentId.split('@')[0]!;
    expect(seatNames.get(lead)?.owner).toBe('you');
    expect(snapshot.seats.find((s) => s.id === 'you')?.kind).toBe('human');

    const inboxes = await rawInboxes(root, team!);
    let total = 0;
    for (const [name, messages] of inboxes) {
      total += messages.length;
      const seat = seatNames.get(name);
      expect(seat, `seat for inbox ${name}`).toBeDefined();
      if (!config.members.some((m) => m.name === name)) expect(seat!.undeclared).toBe(true);
      const all = await source.queryInbox({ seat: seat!.id, count: 500 });
      expect(all.types.length).toBeGreaterThan(0);
      // Every message is a row (idle runs collapse in the plain view: count their runs).
      const rows = all.rows.reduce((n, r) => n + (r.run ?? 1), 0);
      expect(rows, `rows of ${name}`).toBe(messages.length);
      for (const row of all.rows) {
        const isProtocol = row.type !== 'message';
        expect(Boolean(row.chip), `${name} ${row.type}`).toBe(isProtocol);
        expect(row.subject.startsWith('{')).toBe(false);
      }
    }
    expect(snapshot.totals.messages).toBe(total);
  });
});

describe('capture specifics', () => {
  it('analysis-team-final: teammates removed at shutdown have inboxes nobody reads', async () => {
    const source = await open(join(CAPTURES, 'analysis-team-final'));
    const snapshot = source.snapshot();
    const orphans = snapshot.signals.filter((s) => s.kind === 'orphan-output').map((s) => s.seats.at(-1));
    expect(orphans.sort()).toEqual(['config-analyst', 'lifecycle-analyst', 'message-analyst', 'task-analyst']);
    expect(snapshot.seats.find((s) => s.id === 'config-analyst')?.details?.[0]).toMatchObject({ label: 'Member', tone: 'warn' });
    // A warning's example opens its message (the warnings panel asks by inbox and line).
    const signal = snapshot.signals.find((s) => s.kind === 'orphan-output' && s.exampleInbox === 'config-analyst')!;
    const row = source.messageAtLine({ inbox: signal.exampleInbox!, line: signal.numbers.line! });
    expect(row).toMatchObject({ inbox: 'config-analyst', chip: 'shutdown requested' });
  });

  it('analysis-team-live: the self-assigned task is shown, drawn as no edge, and never waits', async () => {
    const source = await open(join(CAPTURES, 'analysis-team-live'));
    const snapshot = source.snapshot();
    const inbox = await source.queryInbox({ seat: 'task-analyst' });
    expect(inbox.rows[0]).toMatchObject({ from: 'task-analyst', chip: 'task #1 assigned', acked: false });
    expect(snapshot.handoffs.some((h) => h.from === h.to)).toBe(false);
    expect(snapshot.traffic.some((t) => t.from === t.to)).toBe(false);
    expect(snapshot.signals.some((s) => s.kind === 'inbox-backlog' && s.seats.includes('task-analyst'))).toBe(false);
    // The lead's spawn of each teammate is the plan; task assignments are part of it.
    expect(snapshot.handoffs.find((h) => h.id === 'team-lead->config-analyst@inbox')?.what).toContain('task #2');
  });

  it('js-testing-research: permission requests answered by id are not pending; internal tasks are not work', async () => {
    const source = await open(join(CAPTURES, 'js-testing-research'));
    const snapshot = source.snapshot();
    expect(snapshot.signals.filter((s) => s.kind === 'pending-request')).toEqual([]);
    const lead = await source.queryInbox({ seat: 'team-lead', count: 50 });
    expect(lead.rows.map((r) => r.chip).filter(Boolean)).toEqual(expect.arrayContaining(['permission requested', 'shutdown approved']));
    expect(snapshot.seats.find((s) => s.id === 'unit-testing-researcher')?.details?.some((d) => d.label.startsWith('Task #'))).toBe(false);
    const detail = await source.getMessage({ inbox: 'team-lead', id: lead.rows.find((r) => r.chip === 'permission requested')!.id });
    expect(detail?.body).toContain('"tool_name": "WebSearch"');
  });

  it('idle notifications: counted on seats, left out of the graph traffic, collapsed into runs', async () => {
    const source = await open(join(CAPTURES, 'analysis-team-final'));
    const snapshot = source.snapshot();
    expect(snapshot.seats.find((s) => s.id === 'team-lead')?.inbox.total).toBe(16);
    const traffic = snapshot.traffic.filter((t) => t.to === 'team-lead').reduce((n, t) => n + t.count, 0);
    expect(traffic).toBe(16 - 8);
    const rows = (await source.queryInbox({ seat: 'team-lead', count: 100 })).rows;
    expect(rows.some((r) => (r.run ?? 1) > 1 && r.chip?.startsWith('idle ×'))).toBe(true);
    const idleOnly = await source.queryInbox({ seat: 'team-lead', types: ['idle_notification'], count: 100 });
    expect(idleOnly.total).toBe(8);
  });

  it('a session-<hex> team opens by its folder, like a named one', async () => {
    const root = await mkdtemp(join(tmpdir(), 'seatmap-session-'));
    dirs.push(root);
    await cp(join(CAPTURES, 'moonlit-chasing-meerkat'), root, { recursive: true });
    await rename(join(root, 'teams', 'moonlit-chasing-meerkat'), join(root, 'teams', 'session-1a2b3c4d'));
    const source = await openFleetSource({ root: join(root, 'teams', 'session-1a2b3c4d'), watch: false, dataDir: null, now: () => NOW });
    try {
      expect(source.snapshot().source?.team).toBe('session-1a2b3c4d');
      expect(source.snapshot().seats.map((s) => s.id)).toEqual(expect.arrayContaining(['team-lead', 'doc-writer-1', 'doc-writer-2', 'doc-writer-3', 'you']));
      expect(source.snapshot().root).toBe(join(root, 'teams', 'session-1a2b3c4d'));
    } finally {
      await source.close();
    }
  });

  it('seatmap check: the same contract and exit codes on a team folder and a whole root', async () => {
    const team = await runCheck(join(CAPTURES, 'analysis-team-final', 'teams', 'analysis-team'), { json: true, now: NOW });
    expect(team.exitCode).toBe(0);
    const report = JSON.parse(team.stdout) as { fleet: { seats: number; messages: number }; signals: Array<{ kind: string }> };
    expect(report.fleet).toMatchObject({ messages: 26 });
    expect(report.signals.map((s) => s.kind)).toContain('orphan-output');
    const root = await runCheck(join(CAPTURES, 'js-testing-research'), { json: false, now: NOW });
    expect(root.exitCode).toBe(0);
    expect(root.stdout).toContain('js-testing-research');
    const missing = await runCheck(join(CAPTURES, 'js-testing-research', 'teams', 'nope'), { json: false, now: NOW });
    expect(missing.exitCode).toBe(2);
  });
});

describe('the source seam', () => {
  it('one entry point opens either kind of folder; nothing is ever written inside the Claude folder', async () => {
    const { FleetService } = await import('../../service/fleetService');
    const { lstat } = await import('node:fs/promises');
    const fleet = await openFleetSource({ root: join(FIXTURES, 'healthy'), watch: false });
    try {
      expect(fleet).toBeInstanceOf(FleetService);
      expect(fleet.snapshot().source ?? null).toBeNull();
    } finally {
      await fleet.close();
    }

    const root = await mkdtemp(join(tmpdir(), 'seatmap-untouched-'));
    const dataDir = await mkdtemp(join(tmpdir(), 'seatmap-data-'));
    dirs.push(root, dataDir);
    await cp(join(CAPTURES, 'js-testing-research'), root, { recursive: true });
    const tree = async (dir: string, prefix = ''): Promise<string[]> => {
      const out: string[] = [];
      for (const entry of await readdir(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        const info = await lstat(path);
        out.push(`${prefix}${entry.name}:${info.size}:${info.mtimeMs}`);
        if (entry.isDirectory()) out.push(...(await tree(path, `${prefix}${entry.name}/`)));
      }
      return out.sort();
    };
    const before = await tree(root);
    const source = await openFleetSource({ root, dataDir, now: () => NOW });
    try {
      expect(source).toBeInstanceOf(ClaudeTeamsSource);
      await source.saveLayout({ 'team-lead': { x: 1, y: 2 } });
      expect(await source.getLayout()).toEqual({ 'team-lead': { x: 1, y: 2 } });
      const refused = await source.runCommand({ command: { kind: 'seat.add', id: 'x', name: 'x' } as never });
      expect(refused).toMatchObject({ ok: false, refusal: { message: expect.stringContaining('Claude Code owns') } });
      await source.settled();
    } finally {
      await source.close();
    }
    expect(await tree(root)).toEqual(before);
    expect((await readdir(dataDir)).length).toBeGreaterThan(0);
  });
});
