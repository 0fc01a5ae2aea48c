/** Which source reads a folder: the fleet format, a Claude Code root, or one of its teams. */
import { mkdir, mkdtemp, realpath, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { claudeRoot, detectSource } from '../../service/sources/detect';
import { removeDir } from '../helpers/fleetDir';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map(removeDir));
});

async function tree(files: Record<string, string>, folders: string[] = []): Promise<string> {
  const dir = await realpath(await mkdtemp(join(tmpdir(), 'seatmap-detect-')));
  dirs.push(dir);
  for (const folder of folders) await mkdir(join(dir, folder), { recursive: true });
  for (const [rel, text] of Object.entries(files)) {
    await mkdir(join(dir, rel, '..'), { recursive: true });
    await writeFile(join(dir, rel), text);
  }
  return dir;
}

describe('detectSource', () => {
  it('a folder with fleet.yaml is the fleet format, even with a teams folder beside it', async () => {
    const dir = await tree({ 'fleet.yaml': 'version: 1\n' }, ['teams']);
    expect(await detectSource(dir)).toEqual({ kind: 'fleet', root: dir });
  });

  it('a folder with teams/ is a Claude Code root', async () => {
    const dir = await tree({}, ['teams/alpha/inboxes']);
    expect(await detectSource(dir)).toEqual({ kind: 'claude', root: dir, team: null });
  });

  it('the teams folder itself opens its root', async () => {
    const dir = await tree({}, ['teams/alpha/inboxes']);
    expect(await detectSource(join(dir, 'teams'))).toEqual({ kind: 'claude', root: dir, team: null });
  });

  it('teams/<team> opens that team (named or session-<hex>)', async () => {
    const dir = await tree({ 'teams/alpha/config.json': '{}' }, ['teams/session-1a2b3c4d/inboxes']);
    expect(await detectSource(join(dir, 'teams', 'alpha'))).toEqual({ kind: 'claude', root: dir, team: 'alpha' });
    expect(await detectSource(join(dir, 'teams', 'session-1a2b3c4d'))).toEqual({ kind: 'claude', root: dir, team: 'session-1a2b3c4d' });
  });

  it('anything else (and a missing folder) is left to the fleet format, which explains what is wrong', async () => {
    const dir = await tree({ 'notes.txt': 'x' });
    expect(await detectSource(dir)).toEqual({ kind: 'fleet', root: dir });
    expect((await detectSource(join(dir, 'missing'))).kind).toBe('fleet');
  });

  it('the root is $CLAUDE_CONFIG_DIR when set, else ~/.claude', () => {
    expect(claudeRoot({ CLAUDE_CONFIG_DIR: '/x/claude' })).toBe('/x/claude');
    expect(claudeRoot({})).toMatch(/\.claude$/);
  });
});
