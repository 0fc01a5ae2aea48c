/**
 * The desktop app's fleet session (electron/fleetSession.ts) on real fleet folders with the real
 * watcher: open, switch, close, and requests in flight across a switch. A write lands in the
 * fleet it was made against, or nowhere; never in the fleet opened meanwhile.
 */
import { appendFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FleetSession } from '../../electron/fleetSession';
import { fleetHandleHandlers } from '../../service/fleetProcess/fleetHandle';
import { FleetOpenError } from '../../service/fleetService';
import type { FleetEvent } from '../../shared/api';
import type { FleetCommand } from '../../shared/commands/types';
import { fleetIdentity } from '../../shared/snapshot';
import { copyFixture, removeDir, waitFor } from '../helpers/fleetDir';

const dirs: string[] = [];
const sessions: FleetSession[] = [];
afterEach(async () => {
  await Promise.all(sessions.splice(0).map((session) => session.close()));
  await Promise.all(dirs.splice(0).map(removeDir));
});

async function fixture(name: string): Promise<string> {
  const dir = await copyFixture(name);
  dirs.push(dir);
  return dir;
}

function session() {
  const events: FleetEvent[] = [];
  const fleets = new FleetSession({ onEvent: (event) => events.push(event) });
  sessions.push(fleets);
  return { fleets, events, resets: () => events.filter((e) => e.kind === 'reset').length };
}

const readLayout = (dir: string) => readFile(join(dir, '.seatmap', 'layout.json'), 'utf8').then(JSON.parse, () => null);
const rename: FleetCommand = { type: 'updateSeat', seat: 'radar', changes: { name: 'Renamed Radar' } };

function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

describe('FleetSession', () => {
  it('opens, switches (announcing each with a reset), and keeps the current fleet when another cannot be opened', async () => {
    const a = await fixture('small-agency');
    const b = await fixture('healthy');
    const { fleets, resets } = session();
    expect(fleets.service()).toBeNull();
    await expect(fleets.use(null, (s) => s.root)).rejects.toMatchObject({ code: 'internal', message: 'No fleet is open yet' });

    await fleets.open({ kind: 'folder', path: a });
    expect(fleets.service()?.snapshot().name).toBe('Small Agency');
    expect(resets()).toBe(1);
    await fleets.open({ kind: 'folder', path: b });
    expect(fleets.service()?.snapshot().name).toBe('Healthy Fleet');
    expect(resets()).toBe(2);

    await expect(fleets.open({ kind: 'folder', path: join(b, 'no-such-folder') })).rejects.toBeInstanceOf(FleetOpenError);
    expect(fleets.service()?.snapshot().name).toBe('Healthy Fleet');
    expect(resets()).toBe(2);
  });

  it('refuses a save or an edit made against the previous fleet after a switch, and writes nothing anywhere', async () => {
    const a = await fixture('small-agency');
    const b = await fixture('small-agency');
    const { fleets } = session();
    const handlers = fleetHandleHandlers(fleets);
    const first = fleetIdentity((await fleets.open({ kind: 'folder', path: a })).snapshot());
    const second = fleetIdentity((await fleets.open({ kind: 'folder', path: b })).snapshot());
    const yamlA = await readFile(join(a, 'fleet.yaml'), 'utf8');
    const yamlB = await readFile(join(b, 'fleet.yaml'), 'utf8');

    await expect(handlers.saveLayout(first, { radar: { x: 1, y: 1 } })).rejects.toMatchObject({ code: 'fleet-changed' });
    // Same fleet.yaml text in both folders: without the identity the edit would apply to b as is.
    await expect(handlers.runCommand(first, { command: rename })).rejects.toMatchObject({ code: 'fleet-changed' });
    expect(await readLayout(a)).toBeNull();
    expect(await readLayout(b)).toBeNull();
    expect(await readFile(join(a, 'fleet.yaml'), 'utf8')).toBe(yamlA);
    expect(await readFile(join(b, 'fleet.yaml'), 'utf8')).toBe(yamlB);

    // The same folder opened again is another session: requests from the old one are refused too.
    await fleets.open({ kind: 'folder', path: b });
    await expect(handlers.saveLayout(second, { radar: { x: 2, y: 2 } })).rejects.toMatchObject({ code: 'fleet-changed', message: expect.stringMatching(/opened again/) });
    const third = fleetIdentity(fleets.service()!.snapshot());
    await handlers.saveLayout(third, { radar: { x: 3, y: 3 } });
    expect(await readLayout(b)).toEqual({ radar: { x: 3, y: 3 } });
  });

  it('lets a request that started before a switch finish on its own fleet before that fleet is closed', async () => {
    const a = await fixture('small-agency');
    const b = await fixture('healthy');
    const { fleets, resets } = session();
    const first = fleetIdentity((await fleets.open({ kind: 'folder', path: a })).snapshot());

    const started = gate();
    const release = gate();
    let switched = false;
    let switchedWhileRunning: boolean | null = null;
    const inFlight = fleets.use(first, async (service) => {
      started.open();
      await release.opened;
      // The old fleet is still open and watching: a message appended to it now is seen.
      const before = service.snapshot().totals.messages;
      await appendFile(join(a, 'inbox', 'radar.jsonl'), `${JSON.stringify({ id: 'late', ts: new Date().toISOString(), from: 'dash', to: 'radar', type: 'INFORM' })}\n`);
      await waitFor(() => service.snapshot().totals.messages > before, { describe: () => 'the old fleet to see the new message' });
      await service.call('saveLayout', [first, { radar: { x: 7, y: 8 } }]);
      switchedWhileRunning = switched;
      return service.root;
    });
    await started.opened;

    const switching = fleets.open({ kind: 'folder', path: b }).then(() => (switched = true));
    // The new fleet is current at once: new writes naming the old one are refused...
    await waitFor(() => fleets.service()?.snapshot().name === 'Healthy Fleet', { describe: () => 'the switch to b' });
    await expect(fleets.use(first, () => 'ran')).rejects.toMatchObject({ code: 'fleet-changed' });
    // ...but the old fleet stays open, and the switch unfinished, until the request is done.
    release.open();
    expect(await inFlight).toBe(a);
    expect(switchedWhileRunning).toBe(false);
    expect(resets()).toBe(1);
    await switching;
    expect(resets()).toBe(2);
    expect(await readLayout(a)).toEqual({ radar: { x: 7, y: 8 } });
    expect(await readLayout(b)).toBeNull();
  });

  it('close waits for requests in flight, then refuses new ones', async () => {
    const a = await fixture('small-agency');
    const { fleets } = session();
    const identity = fleetIdentity((await fleets.open({ kind: 'folder', path: a })).snapshot());
    const release = gate();
    let closed = false;
    let closedWhileRunning: boolean | null = null;
    const inFlight = fleets.use(identity, async (service) => {
      await release.opened;
      const before = service.snapshot().totals.messages;
      await appendFile(join(a, 'inbox', 'radar.jsonl'), `${JSON.stringify({ id: 'late', ts: new Date().toISOString(), from: 'dash', to: 'radar', type: 'INFORM' })}\n`);
      await waitFor(() => service.snapshot().totals.messages > before, { describe: () => 'the fleet to see the new message while quitting' });
      await service.call('saveLayout', [identity, { dash: { x: 1, y: 2 } }]);
      closedWhileRunning = closed;
    });
    const closing = fleets.close().then(() => (closed = true));
    release.open();
    await inFlight;
    await closing;
    expect(closedWhileRunning).toBe(false);
    expect(await readLayout(a)).toEqual({ dash: { x: 1, y: 2 } });
    expect(fleets.service()).toBeNull();
    await expect(fleets.use(null, (s) => s.root)).rejects.toMatchObject({ message: 'Seatmap is quitting' });
    await expect(fleets.open({ kind: 'folder', path: a })).rejects.toThrow(/quitting/);
  });
});
