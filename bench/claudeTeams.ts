/**
 * Claude Code teams (docs/sources.md): a team of 20 members whose inbox arrays hold 5,000
 * messages each, read live through the real source and watcher. Printed beside floors measured in
 * the same run: JSON.parse of one inbox file (what any reader of a rewritten array must pay).
 * "Proportional to the file, not the history": the same rewritten array applied to a team that
 * kept 5,000 messages of history and to one that kept 50,000 (Claude Code pruned the rest).
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import type { RawInboxMessage } from '../shared/claudeTeams/format';
import { parseInbox } from '../shared/claudeTeams/format';
import { diffInbox, TeamModel } from '../shared/claudeTeams/teamModel';
import { teamSnapshot } from '../shared/claudeTeams/teamSnapshot';
import { TEAM_DEFAULTS } from '../shared/claudeTeams/teamSignals';
import { ClaudeTeamsSource } from '../service/sources/claudeTeams/claudeTeamsSource';

const MEMBERS = 20;
const PER_INBOX = Number(process.env.BENCH_TEAM_MESSAGES ?? 5_000);
const T0 = Date.parse('2026-11-29T09:00:00Z');

function ms(start: number): number {
  return performance.now() - start;
}

function row(name: string, value: number, floor?: number): void {
  const ratio = floor ? `  (${(value / floor).toFixed(2)}× the floor)` : '';
  console.log(`  ${name.padEnd(46)} ${value.toFixed(1).padStart(9)} ms${ratio}`);
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1]!;
const names = Array.from({ length: MEMBERS }, (_, i) => (i === 0 ? 'team-lead' : `worker-${i}`));

function inbox(to: string, count: number, offset = 0): RawInboxMessage[] {
  return Array.from({ length: count }, (_, k) => {
    const i = k + offset;
    const from = names[(i * 7 + 1) % MEMBERS] === to ? 'team-lead' : names[(i * 7 + 1) % MEMBERS]!;
    const timestamp = new Date(T0 + i * 1000).toISOString();
    const text = i % 5 === 0
      ? JSON.stringify({ type: 'idle_notification', from, timestamp, idleReason: 'available' })
      : i % 11 === 0
        ? JSON.stringify({ type: 'task_assignment', taskId: String(i), subject: `Task ${i}`, description: 'Do the thing', assignedBy: from, timestamp })
        : `Progress report ${i} from ${from}: finished step ${i % 17}, next is step ${(i % 17) + 1}. Files touched: src/module${i % 40}.ts`;
    return { from, text, summary: `report ${i}`, timestamp, read: i % 3 !== 0, color: 'blue' };
  });
}

export async function benchClaudeTeams(): Promise<void> {
  const root = await mkdtemp(join(tmpdir(), 'seatmap-bench-claude-'));
  const dataDir = await mkdtemp(join(tmpdir(), 'seatmap-bench-data-'));
  const team = join(root, 'teams', 'bench-team');
  await mkdir(join(team, 'inboxes'), { recursive: true });
  await writeFile(join(team, 'config.json'), JSON.stringify({ name: 'bench-team', leadAgentId: 'team-lead@bench-team', members: names.map((name) => ({ name, agentId: `${name}@bench-team`, agentType: 'general-purpose', model: 'haiku', joinedAt: T0, cwd: '/work' })) }));
  let bytes = 0;
  for (const name of names) {
    const text = JSON.stringify(inbox(name, PER_INBOX), null, 2);
    bytes += text.length;
    await writeFile(join(team, 'inboxes', `${name}.json`), text);
  }
  console.log(`\nClaude Code team: ${MEMBERS} members, ${PER_INBOX.toLocaleString('en')} messages in each inbox array (${(bytes / 1048576).toFixed(1)} MB), live through the real watcher`);

  // Floor: parsing one inbox file, which any reader of a rewritten array must do.
  const oneFile = join(team, 'inboxes', 'worker-1.json');
  const fileText = await readFile(oneFile, 'utf8');
  const floors: number[] = [];
  for (let i = 0; i < 5; i++) {
    const start = performance.now();
    JSON.parse(fileText);
    floors.push(ms(start));
  }
  const floor = median(floors);
  row('floor: JSON.parse of one inbox file', floor);

  let start = performance.now();
  const source = await ClaudeTeamsSource.open({ root, dataDir, rederiveEveryMs: 600_000, reconcileEveryMs: 600_000 });
  row('open (read all, record history, first snapshot)', ms(start));

  // One message more in one inbox, rewritten whole in place, until the snapshot shows it.
  const times: number[] = [];
  for (let round = 0; round < 8; round++) {
    const name = names[1 + (round % (MEMBERS - 1))]!;
    const messages = [...inbox(name, PER_INBOX), ...inbox(name, round + 1, 100_000 + round * 10)];
    const before = source.snapshot().totals.messages;
    const arrived = new Promise<void>((resolve) => {
      const off = source.subscribe(() => {
        if (source.snapshot().totals.messages > before) {
          off();
          resolve();
        }
      });
    });
    start = performance.now();
    await writeFile(join(team, 'inboxes', `${name}.json`), JSON.stringify(messages, null, 2));
    await arrived;
    times.push(ms(start));
  }
  row('one array rewritten: write → patch (median)', median(times), floor);
  await source.close();

  // The same rewrite against little and much history kept: parse, diff, apply, then the snapshot
  // (warm, as in a running source). Both should cost the same: what the file holds, not the history.
  const fresh = inbox('worker-1', PER_INBOX);
  const snap = (model: TeamModel, revision: number) =>
    teamSnapshot({ model, fleetKey: 'k', revision, root: '/', now: T0 + 3_600_000, thresholds: TEAM_DEFAULTS, diagnostics: [], watcher: { status: 'watching', message: null, files: 0 }, source: { teams: [], history: null } });
  for (const kept of [PER_INBOX, PER_INBOX * 10]) {
    const model = new TeamModel('bench');
    model.apply({ e: 'config', at: 0, config: { name: 'bench', leadAgentId: 'team-lead@bench', members: names.map((name) => ({ name, agentId: `${name}@bench` })) } });
    // History: `kept` messages seen; all but the current array were pruned by Claude Code since.
    for (const e of diffInbox(model, 'worker-1', inbox('worker-1', kept - PER_INBOX, 500_000), 1)) model.apply(e);
    for (const e of diffInbox(model, 'worker-1', fresh, 2)) model.apply(e);
    snap(model, 1);
    const diffTimes: number[] = [];
    const snapTimes: number[] = [];
    for (let i = 0; i < 7; i++) {
      const nextText = JSON.stringify([...fresh, ...inbox('worker-1', i + 1, 900_000)]);
      let t = performance.now();
      const parsed = parseInbox(nextText);
      if (parsed.ok) for (const e of diffInbox(model, 'worker-1', parsed.value.messages, 3 + i)) model.apply(e);
      diffTimes.push(ms(t));
      t = performance.now();
      snap(model, 2 + i);
      snapTimes.push(ms(t));
    }
    row(`rewrite, ${kept.toLocaleString('en')} kept: parse + diff (median)`, median(diffTimes), floor);
    row(`rewrite, ${kept.toLocaleString('en')} kept: snapshot after (median)`, median(snapTimes));
  }
  await rm(root, { recursive: true, force: true });
  await rm(dataDir, { recursive: true, force: true });
}

// `node bin/run-ts.mjs bench/claudeTeams.ts` runs this part alone.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await benchClaudeTeams();
