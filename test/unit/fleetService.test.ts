import { appendFile, mkdir, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { FleetEvent } from '../../shared/api';
import { applyPatch } from '../../shared/patch';
import type { FleetSnapshot } from '../../shared/snapshot';
import { FleetOpenError, FleetService } from '../../service/fleetService';
import { copyFixture, makeFleetDir, removeDir, waitFor } from '../helpers/fleetDir';

const services: FleetService[] = [];
const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(services.splice(0).map((s) => s.close()));
  await Promise.all(dirs.splice(0).map(removeDir));
});

async function open(dir: string, now = () => Date.parse('2026-11-20T12:00:00Z'), rederiveEveryMs?: number) {
  dirs.push(dir);
  const service = await FleetService.open({ root: dir, now, ...(rederiveEveryMs === undefined ? {} : { rederiveEveryMs }) });
  services.push(service);
  // A renderer's view: the first snapshot plus every patch, applied in order.
  let view = service.snapshot();
  const events: FleetEvent[] = [];
  service.subscribe((event) => {
    events.push(event);
    if (event.kind === 'patch') view = applyPatch(view, event.patch);
  });
  const until = <T>(check: (s: FleetSnapshot) => T, what: string) =>
    waitFor(() => check(view), { subscribe: (wake) => service.subscribe(wake), describe: () => what });
  return { service, view: () => view, events, until };
}

const message = (id: string, from: string, to: string) => `${JSON.stringify({ id, ts: '2026-11-20T11:00:00Z', from, to, type: 'INFORM', subject: id, body: 'b' })}\n`;

describe('FleetService on a real folder with a real watcher', () => {
  it('loads a fixture fleet', async () => {
    const { view } = await open(await copyFixture('small-agency'));
    const snapshot = view();
    expect(snapshot.name).toBe('Small Agency');
    expect(snapshot.seats.map((s) => s.id)).toEqual(['dash', 'david', 'dirk', 'pulse', 'radar']);
    expect(snapshot.handoffs).toHaveLength(3);
    expect(snapshot.traffic.map((t) => [t.id, t.count, t.designed])).toEqual([['dirk->radar', 1, false], ['pulse->dirk', 2, true]]);
    expect(snapshot.stateFiles.map((f) => [f.id, f.timeSource])).toEqual([
      ['state/dash/anomalies.json', 'updatedAt'],
      ['state/pulse/watchlist.json', 'updatedAt'],
      ['state/radar/briefing.md', 'front-matter'],
    ]);
    expect(snapshot.fleetError).toBeNull();
  });

  it('publishes an appended message as a patch that changes only that seat and pair', async () => {
    const { until, events } = await open(await copyFixture('small-agency'));
    const dir = dirs[0]!;
    await appendFile(join(dir, 'inbox/dirk.jsonl'), message('m-9', 'pulse', 'dirk'));
    const snapshot = await until((s) => s.traffic.find((t) => t.id === 'pulse->dirk' && t.count === 3) && s, 'pulse->dirk to count 3');
    expect(snapshot.seats.find((s) => s.id === 'dirk')?.inbox.total).toBe(3);
    const patch = events.find((e) => e.kind === 'patch');
    expect(patch?.kind === 'patch' && patch.patch.collections.seats?.upsert.map((s) => s.id)).toEqual(['dirk']);
  });

  it('derives a file change at the last tick\'s clock: ages elsewhere do not move, so the patch carries only the change', async () => {
    const start = Date.parse('2026-11-20T12:00:00Z');
    let clock = start;
    const { until, events, view } = await open(await copyFixture('small-agency'), () => clock, 60_000);
    const aged = view().signals.filter((s) => s.numbers.ageMs !== undefined);
    expect(aged.length).toBeGreaterThan(0);
    clock += 30_000;
    await appendFile(join(dirs[0]!, 'inbox/dirk.jsonl'), message('m-9', 'pulse', 'dirk'));
    const snapshot = await until((s) => s.traffic.find((t) => t.id === 'pulse->dirk' && t.count === 3) && s, 'pulse->dirk to count 3');
    expect(snapshot.now).toBe(start);
    expect(snapshot.signals.filter((s) => s.numbers.ageMs !== undefined)).toEqual(aged);
    const upserted = events.flatMap((e) => (e.kind === 'patch' ? (e.patch.collections.signals?.upsert ?? []) : []));
    expect(upserted.filter((s) => s.numbers.ageMs !== undefined)).toEqual([]);
  });

  it('re-judges ages on the re-derive timer', async () => {
    const start = Date.parse('2026-11-20T12:00:00Z');
    let clock = start;
    const { until, view } = await open(await copyFixture('small-agency'), () => clock, 20);
    const signal = view().signals.find((s) => s.numbers.ageMs !== undefined)!;
    clock += 3_600_000;
    const later = await until((s) => s.signals.find((x) => x.id === signal.id && x.numbers.ageMs === signal.numbers.ageMs! + 3_600_000), 'the age an hour on');
    expect(later).toBeTruthy();
    expect(view().now).toBe(clock);
  });

  it('keeps a half-written line back until it is finished', async () => {
    const { until, view, service } = await open(await copyFixture('small-agency'));
    const inbox = join(dirs[0]!, 'inbox/radar.jsonl');
    const line = message('m-half', 'dirk', 'radar');
    await appendFile(inbox, line.slice(0, 20));
    await service.settled();
    await appendFile(inbox, line.slice(20));
    await until((s) => s.traffic.find((t) => t.id === 'dirk->radar')?.count === 2, 'the finished line');
    expect(view().diagnostics.filter((d) => d.file === 'inbox/radar.jsonl')).toEqual([]);
  });

  it('reports a broken line with file and line and keeps reading the rest', async () => {
    const { until } = await open(await copyFixture('small-agency'));
    await appendFile(join(dirs[0]!, 'inbox/radar.jsonl'), `{"id":"x", nope\n${message('m-7', 'dirk', 'radar')}`);
    const snapshot = await until((s) => s.traffic.find((t) => t.id === 'dirk->radar')?.count === 2 && s, 'the line after the broken one');
    expect(snapshot.diagnostics).toContainEqual(expect.objectContaining({ file: 'inbox/radar.jsonl', line: 2, message: expect.stringMatching(/Line 2 skipped: not valid JSON/) }));
  });

  it('adds a seat written to fleet.yaml, and keeps the last good graph when fleet.yaml breaks', async () => {
    const { until } = await open(await copyFixture('small-agency'));
    const fleet = join(dirs[0]!, 'fleet.yaml');
    const { readFile } = await import('node:fs/promises');
    const text = await readFile(fleet, 'utf8');
    await writeFile(fleet, text.replace('seats:\n', 'seats:\n  echo: { name: Echo, kind: agent, owner: david }\n'));
    await until((s) => s.seats.some((seat) => seat.id === 'echo'), 'the new seat');
    await writeFile(fleet, `${text}\n  broken: [\n`);
    const broken = await until((s) => s.fleetError && s, 'the parse error');
    expect(broken.fleetError).toMatchObject({ file: 'fleet.yaml', severity: 'error' });
    expect(broken.fleetError?.line).toBeGreaterThan(50);
    expect(broken.seats.some((seat) => seat.id === 'echo')).toBe(true);
    await writeFile(fleet, text);
    const fixed = await until((s) => !s.fleetError && !s.seats.some((seat) => seat.id === 'echo') && s, 'the fixed file');
    expect(fixed.seats).toHaveLength(5);
  });

  it('notices state files rewritten atomically, new, and removed', async () => {
    const { until } = await open(await copyFixture('small-agency'));
    const dir = dirs[0]!;
    await writeFile(join(dir, 'state/dash/.anomalies.json.tmp-1'), '{"updatedAt":"2026-11-20T11:59:00Z"}');
    await rename(join(dir, 'state/dash/.anomalies.json.tmp-1'), join(dir, 'state/dash/anomalies.json'));
    await until((s) => s.stateFiles.find((f) => f.id === 'state/dash/anomalies.json')?.time === Date.parse('2026-11-20T11:59:00Z'), 'the new updatedAt');
    await mkdir(join(dir, 'state/dirk'), { recursive: true });
    await writeFile(join(dir, 'state/dirk/pipeline.md'), '# Pipeline');
    await until((s) => s.stateFiles.some((f) => f.id === 'state/dirk/pipeline.md'), 'the new state file');
    await rm(join(dir, 'state/dirk/pipeline.md'));
    await until((s) => !s.stateFiles.some((f) => f.id === 'state/dirk/pipeline.md'), 'the removed state file');
  });

  it('does not follow symlinks out of the fleet, and says so', async () => {
    const outside = await makeFleetDir({ 'secret.json': '{"updatedAt":"2026-11-20T00:00:00Z"}' });
    dirs.push(outside);
    const dir = await copyFixture('small-agency');
    await symlink(join(outside, 'secret.json'), join(dir, 'state/dash/link.json'));
    const { view } = await open(dir);
    expect(view().stateFiles.some((f) => f.id === 'state/dash/link.json')).toBe(false);
    expect(view().diagnostics).toContainEqual(expect.objectContaining({ file: 'state/dash/link.json', message: expect.stringMatching(/symbolic link/) }));
  });

  it('reports binary and missing fleet.yaml clearly', async () => {
    const { view, until } = await open(await makeFleetDir({ 'fleet.yaml': 'version: 1\nseats:\n  a: {}\n' }));
    expect(view().seats).toHaveLength(1);
    await writeFile(join(dirs[0]!, 'fleet.yaml'), Buffer.from([0, 1, 2, 3]));
    await until((s) => s.fleetError?.message.includes('binary'), 'the binary error');
    await rm(join(dirs[0]!, 'fleet.yaml'));
    await until((s) => s.fleetError?.message.includes('missing'), 'the missing error');
    expect(view().seats).toHaveLength(1);
  });

  it('shows the watcher error when the fleet folder is deleted', async () => {
    const { until } = await open(await copyFixture('small-agency'));
    await rm(dirs[0]!, { recursive: true, force: true });
    const snapshot = await until((s) => s.watcher.status === 'error' && s, 'the watcher error');
    expect(snapshot.watcher.message).toMatch(/deleted or moved/);
  });

  it('saves the layout in .seatmap/layout.json and reads it back', async () => {
    const { service } = await open(await copyFixture('small-agency'));
    await service.saveLayout({ radar: { x: 10, y: 20 } });
    expect(await service.getLayout()).toEqual({ radar: { x: 10, y: 20 } });
    await expect(service.saveLayout({ 'Bad Id': { x: 1, y: 2 } })).rejects.toThrow();
  });

  it('applies an edit to fleet.yaml and shows it in the next snapshot, keeping comments', async () => {
    const { service, view } = await open(await copyFixture('small-agency'));
    const base = view().fleetHash!;
    expect(base).toMatch(/^[0-9a-f]{64}$/);
    const result = await service.runCommand({ command: { type: 'addHandoff', from: 'dirk', to: 'radar', via: 'inbox', what: 'Pipeline numbers' }, baseHash: base });
    expect(result).toMatchObject({ ok: true, changed: true, rebased: false });
    expect(service.snapshot().handoffs.some((h) => h.id === 'dirk->radar@inbox')).toBe(true);
    expect(service.snapshot().traffic.find((t) => t.id === 'dirk->radar')?.designed).toBe(true);
    const { readFile } = await import('node:fs/promises');
    expect(await readFile(join(dirs[0]!, 'fleet.yaml'), 'utf8')).toContain('# A small hand-written fleet for tests');
    if (!result.ok) return;
    expect(await service.runCommand({ command: result.inverse })).toMatchObject({ ok: true, changed: true });
    expect(service.snapshot().handoffs.some((h) => h.id === 'dirk->radar@inbox')).toBe(false);
    // The file never looked missing to anyone watching while it was swapped.
    expect(view().fleetError).toBeNull();
  });

  it('refuses an edit while fleet.yaml is broken, with its line', async () => {
    const { service, until } = await open(await copyFixture('small-agency'));
    await writeFile(join(dirs[0]!, 'fleet.yaml'), 'version: 1\nseats:\n  a: {name: x]\n');
    await until((s) => s.fleetError, 'the parse error');
    const result = await service.runCommand({ command: { type: 'removeRule', id: 'pulse>dirk#0' } });
    expect(result).toMatchObject({ ok: false, refusal: { code: 'broken-file', line: 3 } });
  });

  it('refuses a folder that does not exist', async () => {
    await expect(FleetService.open({ root: '/nonexistent/fleet', watch: false })).rejects.toBeInstanceOf(FleetOpenError);
  });
});
