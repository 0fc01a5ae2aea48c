/**
 * The command runner on real temp folders: writes land, history
 * keeps the replaced bytes, a no-op writes nothing, a stale base is re-planned or refused, a broken
 * or symlinked fleet.yaml is refused; and a race against a second real process rewriting fleet.yaml.
 */
import { spawn } from 'node:child_process';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { chmod, mkdir, readFile, readdir, stat, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { hashText, runFleetCommand, type RunResult } from '../../service/commandRunner';
import { listHistory, pruneHistory } from '../../service/fleetHistory';
import type { FleetCommand } from '../../shared/commands/types';
import { parseFleetYaml } from '../../shared/parseFleet';
import { FIXTURES, makeFleetDir, removeDir } from '../helpers/fleetDir';

const agency = readFileSync(join(FIXTURES, 'commands', 'agency.yaml'), 'utf8');
const dirs: string[] = [];

async function fleetWith(text: string): Promise<string> {
  const dir = await makeFleetDir({ 'fleet.yaml': text });
  dirs.push(dir);
  return dir;
}

afterEach(async () => {
  await Promise.all(dirs.splice(0).map(removeDir));
});

const historyOf = (root: string) => listHistory(join(root, '.seatmap', 'history'));
const addDirkRadar: FleetCommand = { type: 'addHandoff', from: 'dirk', to: 'radar', via: 'inbox', what: 'Deals closed today' };

describe('runFleetCommand', () => {
  it('writes the planned text and keeps the replaced bytes in .seatmap/history', async () => {
    const root = await fleetWith(agency);
    const result = await runFleetCommand(root, addDirkRadar, { baseHash: hashText(agency) });
    expect(result).toMatchObject({ ok: true, changed: true, rebased: false, inverse: { type: 'removeHandoff', id: 'dirk->radar@inbox' } });
    const after = await readFile(join(root, 'fleet.yaml'), 'utf8');
    expect(after).toContain('  - from: dirk\n    to: radar\n    via: inbox\n    what: Deals closed today\n');
    if (result.ok) expect(result.hash).toBe(hashText(after));
    const history = await historyOf(root);
    expect(history).toHaveLength(1);
    expect(history[0]).toMatch(new RegExp(`^\\d{4}-\\d\\d-\\d\\dT\\d\\d-\\d\\d-\\d\\d\\.\\d{3}Z-${hashText(agency).slice(0, 8)}\\.yaml$`));
    expect(await readFile(join(root, '.seatmap', 'history', history[0] ?? ''), 'utf8')).toBe(agency);
    // No temp file is left behind.
    expect((await readdir(root)).filter((name) => name.includes('seatmap-tmp'))).toEqual([]);
  });

  it('keeps the file mode', async () => {
    const root = await fleetWith(agency);
    await chmod(join(root, 'fleet.yaml'), 0o640);
    await runFleetCommand(root, addDirkRadar);
    expect((await stat(join(root, 'fleet.yaml'))).mode & 0o777).toBe(0o640);
  });

  it('writes nothing for a no-op: same inode, same mtime, no history entry', async () => {
    const root = await fleetWith(agency);
    const before = await stat(join(root, 'fleet.yaml'));
    const result = await runFleetCommand(root, { type: 'updateSeat', seat: 'radar', changes: { name: 'Radar' } });
    expect(result).toMatchObject({ ok: true, changed: false, hash: hashText(agency) });
    const after = await stat(join(root, 'fleet.yaml'));
    expect([after.ino, after.mtimeMs]).toEqual([before.ino, before.mtimeMs]);
    expect(await historyOf(root)).toEqual([]);
  });

  it('re-plans a command on a fleet.yaml changed since its base when it still applies', async () => {
    const root = await fleetWith(agency);
    const base = hashText(agency);
    const external = agency.replace('name: "Sneeze It"', 'name: "Sneeze It Ltd" # renamed by hand');
    await writeFile(join(root, 'fleet.yaml'), external);
    const result = await runFleetCommand(root, addDirkRadar, { baseHash: base });
    expect(result).toMatchObject({ ok: true, changed: true, rebased: true });
    const after = await readFile(join(root, 'fleet.yaml'), 'utf8');
    expect(after).toContain('name: "Sneeze It Ltd" # renamed by hand');
    expect(after).toContain('what: Deals closed today');
    expect(await readFile(join(root, '.seatmap', 'history', (await historyOf(root))[0] ?? ''), 'utf8')).toBe(external);
  });

  it('refuses as a conflict when the change on disk removed what the command edits, and writes nothing', async () => {
    const root = await fleetWith(agency);
    const base = hashText(agency);
    const external = agency.replace("  - from: pulse\n    to: dirk\n    via: inbox\n    what: 'Clients on the retention watch list'\n    priority: high                    # unknown key\n", '');
    expect(external).not.toBe(agency);
    await writeFile(join(root, 'fleet.yaml'), external);
    const result = await runFleetCommand(root, { type: 'updateHandoff', id: 'pulse->dirk@inbox', changes: { what: 'x' } }, { baseHash: base });
    expect(result).toMatchObject({ ok: false, refusal: { code: 'conflict', message: expect.stringMatching(/changed since this edit was made.*no longer in fleet.yaml/) } });
    expect(await readFile(join(root, 'fleet.yaml'), 'utf8')).toBe(external);
    expect(await historyOf(root)).toEqual([]);
  });

  it('re-plans when fleet.yaml changes between the plan and the swap (rename and in-place writers)', async () => {
    for (const how of ['rename', 'in-place'] as const) {
      const root = await fleetWith(agency);
      const fleet = join(root, 'fleet.yaml');
      const external = `${agency}# added by an editor (${how})\n`;
      let fired = false;
      const result = await runFleetCommand(root, addDirkRadar, {
        beforeSwap: () => {
          if (fired) return;
          fired = true;
          if (how === 'rename') {
            writeFileSync(`${fleet}.editor-tmp`, external);
            renameSync(`${fleet}.editor-tmp`, fleet);
          } else writeFileSync(fleet, external);
        },
      });
      expect(result).toMatchObject({ ok: true, changed: true, rebased: true });
      const after = await readFile(fleet, 'utf8');
      expect(after).toContain(`# added by an editor (${how})`);
      expect(after).toContain('what: Deals closed today');
    }
  });

  it('refuses when fleet.yaml changes between the plan and the swap so that the command no longer applies', async () => {
    const root = await fleetWith(agency);
    const fleet = join(root, 'fleet.yaml');
    const external = agency.replace('  dirk:\n', '  dirk-old:\n').replace('to: dirk', 'to: dirk-old').replace('over: dirk', 'over: dirk-old');
    const result = await runFleetCommand(root, addDirkRadar, {
      beforeSwap: () => writeFileSync(fleet, external),
    });
    expect(result).toMatchObject({ ok: false, refusal: { code: 'invalid', message: expect.stringMatching(/no seat dirk/) } });
    expect(await readFile(fleet, 'utf8')).toBe(external);
  });

  it('refuses a broken fleet.yaml with its line, and a symlinked one', async () => {
    const broken = agency.replace('    owner: maria\n    role: "Sales', '    owner: [maria\n    role: "Sales');
    const root = await fleetWith(broken);
    const result = await runFleetCommand(root, addDirkRadar);
    expect(result).toMatchObject({ ok: false, refusal: { code: 'broken-file' } });
    if (!result.ok) expect(result.refusal.line).toBeGreaterThan(30);
    expect(await readFile(join(root, 'fleet.yaml'), 'utf8')).toBe(broken);

    const outside = await fleetWith(agency);
    const linked = await makeFleetDir();
    dirs.push(linked);
    await symlink(join(outside, 'fleet.yaml'), join(linked, 'fleet.yaml'));
    expect(await runFleetCommand(linked, addDirkRadar)).toMatchObject({ ok: false, refusal: { code: 'broken-file', message: expect.stringMatching(/symbolic link/) } });
    expect(await readFile(join(outside, 'fleet.yaml'), 'utf8')).toBe(agency);
  });

  it('runs concurrent commands on one root one at a time, losing none', async () => {
    const root = await fleetWith(agency);
    const ids = Array.from({ length: 12 }, (_, i) => `seat-${i}`);
    const results = await Promise.all(ids.map((id) => runFleetCommand(root, { type: 'addSeat', id, name: id, kind: 'agent' })));
    expect(results.every((r) => r.ok && r.changed && !r.rebased)).toBe(true);
    const parsed = parseFleetYaml(await readFile(join(root, 'fleet.yaml'), 'utf8'));
    expect(parsed.ok && ids.every((id) => parsed.registry.seats.some((s) => s.id === id))).toBe(true);
    expect(await historyOf(root)).toHaveLength(12);
  });

  it('prunes history to the newest entries', async () => {
    const root = await fleetWith(agency);
    const dir = join(root, '.seatmap', 'history');
    await runFleetCommand(root, addDirkRadar);
    await mkdir(dir, { recursive: true });
    for (let i = 0; i < 5; i++) await writeFile(join(dir, `2020-01-01T00-00-0${i}.000Z-0000000${i}.yaml`), `old ${i}`);
    await pruneHistory(dir, 3);
    const left = await listHistory(dir);
    expect(left).toHaveLength(3);
    expect(left[0]).toBe('2020-01-01T00-00-03.000Z-00000003.yaml');
  });
});

/**
 * A second real process rewrites fleet.yaml as fast as it can while the runner applies 50 commands.
 * Its rewrites alternate between temp file + swap and an in-place rewrite (open, read, truncate,
 * write) and each adds one uniquely numbered comment line. The writer itself never loses an update
 * (its temp-file swap moves the old file aside and links the new one, like ours; its in-place
 * rewrite reads and writes the same inode), so any loss would be the runner's.
 */
const EXTERNAL_WRITER = `
const fs = require('node:fs');
const crypto = require('node:crypto');
const [fleet, stopFile, max] = process.argv.slice(1);
const hash = (b) => crypto.createHash('sha256').update(b).digest('hex');
let written = 0;
function rewriteByRename(line) {
  for (;;) {
    let base;
    try { base = fs.readFileSync(fleet); } catch { continue; }
    const temp = fleet + '.ext-tmp';
    fs.writeFileSync(temp, Buffer.concat([base, Buffer.from(line)]));
    const aside = fleet + '.ext-aside';
    try { fs.renameSync(fleet, aside); } catch { fs.rmSync(temp, { force: true }); continue; }
    if (hash(fs.readFileSync(aside)) !== hash(base)) {
      try { fs.linkSync(aside, fleet); fs.unlinkSync(aside); } catch {}
      fs.rmSync(temp, { force: true });
      continue;
    }
    try { fs.linkSync(temp, fleet); } catch { fs.rmSync(temp, { force: true }); continue; }
    fs.unlinkSync(temp);
    fs.unlinkSync(aside);
    return;
  }
}
function rewriteInPlace(line) {
  for (;;) {
    let fd;
    try { fd = fs.openSync(fleet, 'r+'); } catch { continue; }
    const base = fs.readFileSync(fd);
    const next = Buffer.concat([base, Buffer.from(line)]);
    fs.ftruncateSync(fd, 0);
    fs.writeSync(fd, next, 0, next.length, 0);
    fs.closeSync(fd);
    return;
  }
}
function step() {
  if (written >= Number(max) || fs.existsSync(stopFile)) { process.stdout.write(String(written)); return; }
  const line = '# external-' + written + '\\n';
  if (written % 2 === 0) rewriteByRename(line); else rewriteInPlace(line);
  written++;
  setTimeout(step, 2); // a rewrite every few milliseconds: far busier than any editor or agent

}
step();
`;

describe('runFleetCommand racing another process', () => {
  it('loses neither the external rewrites nor the app edits', async () => {
    const seats = Array.from({ length: 8 }, (_, i) => `s${i}`);
    const text = `# race fixture\nversion: 1\nname: Race\nseats:\n${seats.map((s) => `  ${s}: { name: ${s.toUpperCase()}, kind: agent, owner: lee }`).join('\n')}\nhandoffs:\n  - from: s0\n    to: s7\n    via: inbox\n    what: seed\n`;
    const root = await fleetWith(text);
    const fleet = join(root, 'fleet.yaml');
    const stopFile = join(root, 'stop');
    const child = spawn(process.execPath, ['-e', EXTERNAL_WRITER, fleet, stopFile, '600'], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));

    // The writer's swap leaves fleet.yaml missing for microseconds and its in-place rewrite empty: look again.
    const readNow = async (): Promise<string> => {
      for (;;) {
        const text = await readFile(fleet, 'utf8').catch(() => '');
        if (text.startsWith('# race fixture')) return text;
        await new Promise((r) => setImmediate(r));
      }
    };
    const commands: FleetCommand[] = [];
    const results: RunResult[] = [];
    let externalCount = 0;
    try {
      // Wait (by content, not time) until the writer is running.
      while (!(await readNow()).includes('# external-1\n')) await new Promise((r) => setImmediate(r));

    for (let k = 0; k < 40; k++) {
      const from = seats[k % 8] ?? 's0';
      const to = seats[(k + 1 + Math.floor(k / 8)) % 8] ?? 's1';
      commands.push({ type: 'addHandoff', from, to, via: 'inbox', what: `app-${k}` });
    }
    for (let k = 0; k < 10; k++) {
      const add = commands[k] as Extract<FleetCommand, { type: 'addHandoff' }>;
      commands.push({ type: 'updateHandoff', id: `${add.from}->${add.to}@inbox`, changes: { what: `app-${k}-updated` } });
    }
    let baseHash = hashText(await readNow());
    for (const command of commands) {
      const result = await runFleetCommand(root, command, { baseHash });
      results.push(result);
      if (result.ok) baseHash = result.hash;
    }
    await writeFile(stopFile, '');
    expect(await exited).toBe(0);
    externalCount = Number(out);
    } finally {
      if (child.exitCode === null) child.kill();
    }

    const final = await readFile(fleet, 'utf8');
    const parsed = parseFleetYaml(final);
    expect(parsed.ok).toBe(true);
    // Every external rewrite is there.
    const missingExternal = Array.from({ length: externalCount }, (_, i) => `# external-${i}\n`).filter((line) => !final.includes(line));
    expect(missingExternal).toEqual([]);
    // Every app edit is there, or was reported as a conflict.
    const whats = parsed.ok ? parsed.registry.handoffs.map((h) => h.what) : [];
    const lost: string[] = [];
    commands.forEach((command, k) => {
      const result = results[k];
      if (!result?.ok) {
        expect(result?.refusal.code, result?.refusal.message).toBe('conflict');
        return;
      }
      const expected = command.type === 'addHandoff' ? (k < 10 ? `app-${k}-updated` : `app-${k}`) : `app-${k - 40}-updated`;
      if (!whats.includes(expected)) lost.push(expected);
    });
    expect(lost).toEqual([]);
    const succeeded = results.filter((r) => r.ok).length;
    console.info(`race: ${succeeded}/${commands.length} app edits written, ${commands.length - succeeded} refused as conflicts, ${externalCount} external rewrites`);
    expect(succeeded).toBeGreaterThanOrEqual(25);
    // The race really happened: the writer ran throughout, and the runner had to re-plan.
    expect(externalCount).toBeGreaterThan(20);
    expect(results.some((r) => r.ok && r.rebased)).toBe(true);
    // Temp files and asides are all gone.
    expect((await readdir(root)).filter((n) => n !== 'fleet.yaml' && n !== 'stop' && n !== '.seatmap')).toEqual([]);
  }, 60_000);
});
