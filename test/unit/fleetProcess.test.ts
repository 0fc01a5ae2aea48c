/**
 * The fleet service in a real child process (service/fleetProcess/), as `seatmap serve` runs it:
 * Node `child_process.fork`, real temp fleet folders, the real watcher in the child. Calls cross
 * with validation and typed errors, patches arrive live, open failures keep their words, a child
 * killed outright fails every request with a clear message (nothing hangs), and close leaves no
 * process behind.
 */
import { appendFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError, type FleetEvent } from '../../shared/api';
import { fleetIdentity } from '../../shared/snapshot';
import { dispatchFleetCall, singleFleetAccess, type FleetRequestHandlers } from '../../service/fleetApiHandlers';
import { fleetHandleHandlers, type FleetHandle } from '../../service/fleetProcess/fleetHandle';
import { openFleetProcess, type FleetProcess } from '../../service/fleetProcess/fleetProcess';
import { forkNodeFleetChild } from '../../service/fleetProcess/nodeFleetProcess';
import { openFleetInChild } from '../../service/fleetProcess/openFleet';
import { FleetOpenError, FleetService } from '../../service/fleetService';
import { copyFixture, makeFleetDir, removeDir, waitFor } from '../helpers/fleetDir';

const dirs: string[] = [];
const fleets: FleetHandle[] = [];
afterEach(async () => {
  await Promise.all(fleets.splice(0).map((fleet) => fleet.close()));
  await Promise.all(dirs.splice(0).map(removeDir));
});

async function fixture(): Promise<string> {
  const dir = await copyFixture('small-agency');
  dirs.push(dir);
  return dir;
}

async function openChild(root: string, onCrash?: (message: string, final: boolean) => void): Promise<FleetProcess> {
  const fleet = await openFleetInChild(forkNodeFleetChild, { root, isDemo: false, simulate: false }, onCrash);
  fleets.push(fleet);
  return fleet;
}

/** The handlers a host builds over the handle (as service/browserHost.ts does). */
function hostHandlers(fleet: FleetHandle): FleetRequestHandlers {
  return {
    ...fleetHandleHandlers(singleFleetAccess(fleet)),
    getHostInfo: () => ({ host: 'browser', canOpenFolder: false, recentFleets: [], isDemo: fleet.isDemo }),
    openFleet: () => ({ opened: false }),
  };
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const message = (id: string) => `${JSON.stringify({ id, ts: new Date().toISOString(), from: 'dash', to: 'radar', type: 'INFORM', subject: `note ${id}` })}\n`;

describe('the fleet service in a child process', () => {
  it('answers calls across the boundary, validated by the host and again by the child', { timeout: 30_000 }, async () => {
    const dir = await fixture();
    const fleet = await openChild(dir);
    expect(fleet.snapshot().name).toBe('Small Agency');
    expect(fleet.pid).not.toBe(process.pid);
    const handlers = hostHandlers(fleet);

    const window = await dispatchFleetCall(handlers, 'queryInbox', [{ seat: 'radar', count: 5 }]);
    expect(window.ok).toBe(true);
    const local = await FleetService.open({ root: dir, watch: false });
    try {
      expect(window.ok && window.value).toEqual(await local.queryInbox({ seat: 'radar', count: 5 }));
    } finally {
      await local.close();
    }
    expect(await dispatchFleetCall(handlers, 'getSnapshot', [])).toEqual({ ok: true, value: fleet.snapshot() });

    // The host refuses bad arguments before they cross...
    expect(await dispatchFleetCall(handlers, 'queryInbox', [{ seat: '../etc', count: 5 }])).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    // ...and the child refuses them too, with the same typed error, if a caller skips the host's check.
    const refused = await fleet.call('queryInbox', [{ seat: '../etc', count: 5 }] as never).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ApiError);
    expect(refused).toMatchObject({ code: 'bad-request', message: expect.stringMatching(/^Bad arguments for queryInbox/) });

    // A write for the current fleet lands.
    const saved = await dispatchFleetCall(handlers, 'saveLayout', [fleetIdentity(fleet.snapshot()), { radar: { x: 3, y: 4 } }]);
    expect(saved).toEqual({ ok: true, value: null });
    expect(await fleet.call('getLayout', [])).toEqual({ radar: { x: 3, y: 4 } });
  });

  it('sends patches as the watcher in the child sees an agent append', { timeout: 30_000 }, async () => {
    const dir = await fixture();
    const fleet = await openChild(dir);
    const events: FleetEvent[] = [];
    fleet.subscribe((event) => events.push(event));
    const before = fleet.snapshot();
    await appendFile(join(dir, 'inbox', 'radar.jsonl'), message('live-1'));
    await waitFor(() => fleet.snapshot().totals.messages === before.totals.messages + 1, {
      subscribe: (wake) => fleet.subscribe(wake),
      describe: () => `the appended message in the host's copy (messages ${fleet.snapshot().totals.messages})`,
    });
    expect(events.length).toBeGreaterThan(0);
    expect(events.every((event) => event.kind === 'patch')).toBe(true);
    expect(fleet.snapshot().revision).toBeGreaterThan(before.revision);
    const found = await fleet.call('getMessage', [{ inbox: 'radar', id: 'live-1' }]);
    expect(found?.row.subject).toBe('note live-1');
  });

  it('refuses a write made against another opening of the folder with fleet-changed', { timeout: 30_000 }, async () => {
    const dir = await fixture();
    const fleet = await openChild(dir);
    const stale = { root: fleet.root, session: 'an-earlier-opening' };
    const answer = await dispatchFleetCall(hostHandlers(fleet), 'saveLayout', [stale, { radar: { x: 1, y: 1 } }]);
    expect(answer).toEqual({ ok: false, error: { code: 'fleet-changed', message: `${fleet.root} was opened again since this change was made; try again` } });
    // The child checks it too: a stale identity that reaches it is refused with the same code.
    await expect(fleet.call('runCommand', [stale, { command: { type: 'updateSeat', seat: 'radar', changes: { name: 'X' } } }])).rejects.toMatchObject({ code: 'fleet-changed' });
    expect(await fleet.call('getLayout', [])).toEqual({});
  });

  it('fails to open with the same plain words as the service in this process', { timeout: 30_000 }, async () => {
    const dir = await makeFleetDir({ 'notes.txt': 'not a fleet' });
    dirs.push(dir);
    for (const root of [join(dir, 'missing'), join(dir, 'notes.txt')]) {
      const here = await FleetService.open({ root, watch: false }).catch((error: unknown) => error);
      expect(here).toBeInstanceOf(FleetOpenError);
      const there = await openFleetInChild(forkNodeFleetChild, { root, isDemo: false, simulate: false }).catch((error: unknown) => error);
      expect(there).toBeInstanceOf(FleetOpenError);
      expect((there as Error).message).toBe((here as Error).message);
    }
    // A folder without fleet.yaml opens, and says why it shows nothing, as in this process.
    const fleet = await openChild(dir);
    expect(fleet.snapshot().fleetError?.message).toMatch(/fleet\.yaml/);
  });

  it('fails the request in flight when the child is killed, opens the fleet in a new child once, then gives up and says so', { timeout: 60_000 }, async () => {
    const dir = await fixture();
    const crashes: Array<[string, boolean]> = [];
    const fleet = await openChild(dir, (text, final) => crashes.push([text, final]));
    const first = fleet.pid!;
    const before = fleetIdentity(fleet.snapshot());
    const events: FleetEvent[] = [];
    fleet.subscribe((event) => events.push(event));
    const handlers = hostHandlers(fleet);

    // Stopped first, so the request below is certainly still unanswered when the child dies.
    process.kill(first, 'SIGSTOP');
    const inFlight = fleet.call('queryInbox', [{ seat: 'radar', view: 'inbox', start: 0, count: 5 }]).catch((error: unknown) => error);
    process.kill(first, 'SIGKILL');
    const failure = await inFlight;
    expect(failure).toBeInstanceOf(ApiError);
    expect(failure).toMatchObject({ code: 'internal', message: "Seatmap's fleet process stopped unexpectedly (stopped by SIGKILL) before answering; try again" });

    // A request made meanwhile waits for the new child and is answered by it.
    const layout = await dispatchFleetCall(handlers, 'getLayout', []);
    expect(layout).toEqual({ ok: true, value: {} });
    expect(events.some((event) => event.kind === 'reset')).toBe(true);
    expect(crashes).toEqual([["Seatmap's fleet process stopped unexpectedly (stopped by SIGKILL); it is being started again", false]]);
    const second = fleet.pid!;
    expect(second).not.toBe(first);
    expect(isRunning(first)).toBe(false);
    // It is a new opening: a write made against the old one is refused, one for the new one lands.
    expect(await dispatchFleetCall(handlers, 'saveLayout', [before, { radar: { x: 1, y: 1 } }])).toMatchObject({ ok: false, error: { code: 'fleet-changed' } });
    expect(await dispatchFleetCall(handlers, 'saveLayout', [fleetIdentity(fleet.snapshot()), { radar: { x: 2, y: 2 } }])).toEqual({ ok: true, value: null });
    await appendFile(join(dir, 'inbox', 'radar.jsonl'), message('after-restart'));
    const messages = fleet.snapshot().totals.messages;
    await waitFor(() => fleet.snapshot().totals.messages === messages + 1, { subscribe: (wake) => fleet.subscribe(wake), describe: () => 'a patch from the new child' });

    // Killed again: no second restart. Every request fails in plain words, and the window says so.
    process.kill(second, 'SIGKILL');
    await waitFor(() => crashes.length === 2, { describe: () => 'the second crash to be reported' });
    const [finalMessage, final] = crashes[1]!;
    expect(final).toBe(true);
    expect(finalMessage).toBe("Seatmap's fleet process stopped unexpectedly (stopped by SIGKILL), so changes on disk are no longer shown; open the fleet again, or restart Seatmap");
    expect(await dispatchFleetCall(handlers, 'getMessage', [{ inbox: 'radar', id: 'x' }])).toEqual({ ok: false, error: { code: 'internal', message: finalMessage } });
    expect(fleet.snapshot().watcher).toMatchObject({ status: 'error', message: finalMessage });
    expect(events.at(-1)).toMatchObject({ kind: 'patch', patch: { scalars: { watcher: { status: 'error', message: finalMessage } } } });
    expect((await dispatchFleetCall(handlers, 'getSnapshot', [])).ok).toBe(true);
    await fleet.close();
    expect(isRunning(second)).toBe(false);
  });

  it('gives up at once when restarts are off', { timeout: 30_000 }, async () => {
    const dir = await fixture();
    const fleet = await openFleetProcess({ start: forkNodeFleetChild, request: { root: dir, isDemo: false, simulate: false }, restarts: 0 });
    fleets.push(fleet);
    process.kill(fleet.pid!, 'SIGKILL');
    await waitFor(() => fleet.snapshot().watcher.status === 'error', { subscribe: (wake) => fleet.subscribe(wake), describe: () => 'the error state' });
    await expect(fleet.call('getLayout', [])).rejects.toMatchObject({ code: 'internal', message: expect.stringMatching(/stopped unexpectedly \(stopped by SIGKILL\), so changes on disk are no longer shown/) });
  });

  it('leaves no child running after close, and refuses calls after it', { timeout: 30_000 }, async () => {
    const dir = await fixture();
    const fleet = await openChild(dir);
    const pid = fleet.pid!;
    expect(isRunning(pid)).toBe(true);
    await fleet.close();
    expect(isRunning(pid)).toBe(false);
    await expect(fleet.call('getLayout', [])).rejects.toMatchObject({ code: 'internal', message: 'The fleet was closed before this request was answered' });
  });
});
