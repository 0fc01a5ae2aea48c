/** Seatmap's history of Claude Code teams: append-only, survives a crash mid-write, bounded. */
import { appendFile, mkdtemp, readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseHistory, TeamHistory, teamFileName } from '../../service/sources/claudeTeams/historyStore';
import { TeamModel, type TeamEvent } from '../../shared/claudeTeams/teamModel';
import { removeDir } from '../helpers/fleetDir';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map(removeDir));
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'seatmap-history-'));
  dirs.push(dir);
  return dir;
}

const msgEvent = (n: number, at = n): TeamEvent => ({
  e: 'msg',
  at,
  inbox: 'team-lead',
  key: `m-${n}`,
  m: { from: 'worker', text: `message ${n} ${'x'.repeat(100)}`, timestamp: '2026-02-09T15:00:00.000Z', read: false },
});

describe('TeamHistory', () => {
  it('appends: earlier bytes never change, and replay gives every event back', async () => {
    const history = new TeamHistory(await tempDir(), '/home/me/.claude');
    await history.append('alpha', [msgEvent(1), msgEvent(2)]);
    const file = join(history.folder, teamFileName('alpha'));
    const before = await readFile(file, 'utf8');
    await history.append('alpha', [msgEvent(3)]);
    const after = await readFile(file, 'utf8');
    expect(after.startsWith(before)).toBe(true);
    const replay = await new TeamHistory(join(history.folder, '..', '..'), '/home/me/.claude').read('alpha');
    expect(replay.events.map((e) => (e as { key: string }).key)).toEqual(['m-1', 'm-2', 'm-3']);
    const model = new TeamModel('alpha');
    for (const event of replay.events) model.apply(event);
    expect(model.inboxes.get('team-lead')!.messages).toHaveLength(3);
  });

  it('a torn last line (a crash mid-write) is ignored, and the next append starts on a fresh line', async () => {
    const data = await tempDir();
    const history = new TeamHistory(data, '/r');
    await history.append('alpha', [msgEvent(1)]);
    const file = join(history.folder, teamFileName('alpha'));
    await appendFile(file, JSON.stringify(msgEvent(2)).slice(0, 40));
    const reopened = new TeamHistory(data, '/r');
    const replay = await reopened.read('alpha');
    expect(replay).toMatchObject({ tornTail: true, badLines: [] });
    expect(replay.events).toHaveLength(1);
    await reopened.append('alpha', [msgEvent(3)]);
    const again = await new TeamHistory(data, '/r').read('alpha');
    expect(again.events.map((e) => (e as { key: string }).key)).toEqual(['m-1', 'm-3']);
    // The torn line stays in the file (nothing is rewritten); it is a bad line now, skipped.
    expect(again.badLines).toEqual([2]);
  });

  it('a fresh instance that appends (without reading first) also starts after a torn line', async () => {
    const data = await tempDir();
    await new TeamHistory(data, '/r').append('alpha', [msgEvent(1)]);
    const h = new TeamHistory(data, '/r');
    await appendFile(join(h.folder, teamFileName('alpha')), '{"e":"msg","at":');
    await h.append('alpha', [msgEvent(2)]);
    expect((await h.read('alpha')).events).toHaveLength(2);
  });

  it('stops a team at its cap (keeping the end of the team) and drops the oldest ended teams past the total', async () => {
    const data = await tempDir();
    const history = new TeamHistory(data, '/r', { perTeamMaxBytes: 2000, totalMaxBytes: 5000 });
    const batch = (from: number) => Array.from({ length: 6 }, (_, i) => msgEvent(from + i));
    expect(await history.append('big', batch(0))).toBe(true);
    expect(await history.append('big', batch(10))).toBe(false);
    expect(history.isFull('big')).toBe(true);
    await history.append('big', [{ e: 'ended', at: 99 }]);
    expect((await history.read('big')).events.at(-1)).toMatchObject({ e: 'ended' });
    expect((await stat(join(history.folder, teamFileName('big')))).size).toBeLessThan(2100);

    await history.append('old', batch(20), new Set());
    await history.append('older-live', batch(30), new Set(['older-live']));
    // Over the total now: the oldest team that is not live goes first, live teams stay.
    await history.append('newest', batch(40), new Set(['newest', 'older-live']));
    const files = await readdir(history.folder);
    expect(files).toContain(teamFileName('older-live'));
    expect(files).toContain(teamFileName('newest'));
    expect(files).not.toContain(teamFileName('big'));
    const total = (await Promise.all(files.map(async (f) => (await stat(join(history.folder, f))).size))).reduce((a, b) => a + b, 0);
    expect(total).toBeLessThanOrEqual(5000);
  });

  it('names that are not plain file names get a safe file name, and list() gives the team name back', async () => {
    const history = new TeamHistory(await tempDir(), '/r');
    expect(teamFileName('session-1a2b3c4d')).toBe('session-1a2b3c4d.jsonl');
    expect(teamFileName('../evil')).not.toContain('/');
    await history.append('my team', [msgEvent(1)]);
    expect((await history.list()).map((s) => s.team)).toEqual(['my team']);
  });

  it('lines that are not events are skipped and counted, never thrown', () => {
    const text = `${JSON.stringify(msgEvent(1))}\n{"e":"nope","at":1}\nnot json\n${JSON.stringify(msgEvent(2))}\n`;
    const replay = parseHistory(text);
    expect(replay.events).toHaveLength(2);
    expect(replay.badLines).toEqual([2, 3]);
  });

  it('keeps each Claude root apart', async () => {
    const data = await tempDir();
    const a = new TeamHistory(data, '/one/.claude');
    const b = new TeamHistory(data, '/two/.claude');
    expect(a.folder).not.toBe(b.folder);
    await writeFile(join(data, 'unrelated'), 'x');
    expect(await b.list()).toEqual([]);
  });
});
