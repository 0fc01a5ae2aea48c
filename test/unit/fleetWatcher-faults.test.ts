/**
 * The watcher under injected faults: real chokidar watchers on real temp folders, with errors
 * emitted into them through the watcher's factory (the OS running out of watches during the first
 * scan, any other error later). Opening never hangs, the state says what happened, and after a
 * restart the real watcher reports changes again.
 */
import { watch, type ChokidarOptions, type FSWatcher } from 'chokidar';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FleetService } from '../../service/fleetService';
import { FleetWatcher, type WatchFactory } from '../../service/fleetWatcher';
import type { WatcherState } from '../../shared/snapshot';
import { watcherText } from '../../renderer/src/chrome/watcherText';
import { makeFleetDir, removeDir, waitFor } from '../helpers/fleetDir';

const FLEET = 'version: 1\nname: Faults\nseats:\n  a: { name: A, kind: agent, owner: lee }\n';
const dirs: string[] = [];
const closers: Array<() => Promise<void>> = [];

afterEach(async () => {
  for (const close of closers.splice(0)) await close();
  await Promise.all(dirs.splice(0).map(removeDir));
});

async function fleetDir(): Promise<string> {
  const dir = await makeFleetDir({ 'fleet.yaml': FLEET, 'inbox/a.jsonl': '' });
  dirs.push(dir);
  return dir;
}

function errnoError(code: string, message: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: ${message}`), { code });
}

/**
 * A factory of real chokidar watchers that emits `faults[n]` into the n-th watcher it creates:
 * 'scan' errors arrive during the first scan (before `ready`), 'later' ones right after `ready`.
 */
function faultyFactory(faults: Array<{ when: 'scan' | 'later'; error: Error } | null>) {
  const made: Array<{ options: ChokidarOptions; watcher: FSWatcher }> = [];
  const factory: WatchFactory = (root, options) => {
    const watcher = watch(root, options);
    const fault = faults[made.length];
    made.push({ options, watcher });
    if (fault?.when === 'scan') process.nextTick(() => watcher.emit('error', fault.error));
    if (fault?.when === 'later') watcher.once('ready', () => setImmediate(() => watcher.emit('error', fault.error)));
    return watcher;
  };
  return { factory, made };
}

describe('FleetWatcher with injected faults', () => {
  it('falls back to polling when the OS runs out of watches during the first scan, and start() returns', async () => {
    for (const code of ['ENOSPC', 'EMFILE']) {
      const root = await fleetDir();
      const { factory, made } = faultyFactory([{ when: 'scan', error: errnoError(code, 'System limit for number of file watchers reached') }]);
      const states: WatcherState[] = [];
      const watcher = new FleetWatcher(root, { onPath: () => undefined, onRescan: () => undefined, onState: (s) => states.push(s) }, { factory });
      closers.push(() => watcher.close());
      await watcher.start();
      expect(made.map((m) => m.options.usePolling)).toEqual([false, true]);
      const last = states[states.length - 1];
      expect(last?.status).toBe('polling');
      expect(watcherText(last?.status ?? '', last?.message ?? null)).toBe(
        `Polling: The system ran out of ${code === 'EMFILE' ? 'open files' : 'file watches'}, so Seatmap checks the fleet for changes every second`,
      );
    }
  });

  it('restarts after another error, says so in the pill, and the new real watcher reports changes', async () => {
    const root = await fleetDir();
    const { factory, made } = faultyFactory([{ when: 'later', error: errnoError('EIO', 'i/o error') }]);
    const states: WatcherState[] = [];
    const paths: string[] = [];
    let rescans = 0;
    const watcher = new FleetWatcher(
      root,
      { onPath: (p) => paths.push(p), onRescan: () => rescans++, onState: (s) => states.push(s) },
      { factory, retryDelaysMs: [20] },
    );
    closers.push(() => watcher.close());
    await watcher.start();
    const texts = () => states.map((s) => watcherText(s.status, s.message));
    await waitFor(() => states.some((s) => s.status === 'watching' && s.message), { describe: () => `recovery; states: ${texts().join(' | ')}` });
    expect(made).toHaveLength(2);
    expect(texts()).toEqual([
      'Starting…',
      'Live',
      'Watcher error: The file watcher failed (EIO: i/o error); restarting it in 1 s',
      'Restarting the file watcher after an error (EIO: i/o error)',
      'Live · recovered after an error (EIO: i/o error)',
    ]);
    // Changes missed while no watcher ran are looked for: once for the error, once after the restart.
    expect(rescans).toBe(2);
    await writeFile(join(root, 'inbox', 'a.jsonl'), '{"id":"m1"}\n');
    await waitFor(() => paths.includes('inbox/a.jsonl'), { describe: () => 'the restarted watcher to see a change' });
  });

  it('keeps retrying with growing delays while the error repeats, and never leaves start() waiting', async () => {
    const root = await fleetDir();
    const boom = () => ({ when: 'scan' as const, error: errnoError('EIO', 'i/o error') });
    const { factory, made } = faultyFactory([boom(), boom(), null]);
    const states: WatcherState[] = [];
    const watcher = new FleetWatcher(root, { onPath: () => undefined, onRescan: () => undefined, onState: (s) => states.push(s) }, { factory, retryDelaysMs: [10, 1500] });
    closers.push(() => watcher.close());
    await watcher.start();
    await waitFor(() => states.some((s) => s.status === 'watching'), { describe: () => 'the third watcher to come up' });
    expect(made).toHaveLength(3);
    expect(states.filter((s) => s.status === 'error').map((s) => s.message)).toEqual([
      'The file watcher failed (EIO: i/o error); restarting it in 1 s',
      'The file watcher failed (EIO: i/o error); restarting it in 2 s',
    ]);
  });

  it('gives up waiting for a first scan that never finishes, and still reports changes', async () => {
    const root = await fleetDir();
    const paths: string[] = [];
    // A real watcher whose `ready` never reaches FleetWatcher. The test still notes when chokidar's
    // own first scan is over: a file written during that scan counts as initial and is not
    // reported (ignoreInitial), which on a loaded machine would make this test a race.
    let scanDone = false;
    const factory: WatchFactory = (path, options) => {
      const watcher = watch(path, options);
      const emitter = watcher as unknown as { emit: (event: string, ...args: unknown[]) => boolean };
      const emit = emitter.emit.bind(watcher);
      emitter.emit = (event, ...args) => {
        if (event !== 'ready') return emit(event, ...args);
        scanDone = true;
        return true;
      };
      return watcher;
    };
    const watcher = new FleetWatcher(root, { onPath: (p) => paths.push(p), onRescan: () => undefined, onState: () => undefined }, { factory, readyTimeoutMs: 50 });
    closers.push(() => watcher.close());
    await watcher.start();
    await waitFor(() => scanDone, { describe: () => "chokidar's own first scan" });
    await writeFile(join(root, 'inbox', 'a.jsonl'), '{"id":"m1"}\n');
    await waitFor(() => paths.includes('inbox/a.jsonl'), { describe: () => 'a change seen by the watcher' });
  });
});

describe('FleetService with a faulty watcher', () => {
  it('opens when the OS runs out of watches during the first scan, shows polling, and closes', async () => {
    const root = await fleetDir();
    const { factory } = faultyFactory([{ when: 'scan', error: errnoError('ENOSPC', 'System limit for number of file watchers reached') }]);
    const service = await FleetService.open({ root, watcher: { factory } });
    closers.push(() => service.close());
    await waitFor(() => service.snapshot().watcher.status === 'polling', { subscribe: (wake) => service.subscribe(wake), describe: () => 'the polling state' });
    expect(service.snapshot().watcher.message).toMatch(/ran out of file watches/);
  });

  it('recovers from a watcher error and reads what changed while it was down', async () => {
    const root = await fleetDir();
    const { factory, made } = faultyFactory([{ when: 'later', error: errnoError('EIO', 'i/o error') }]);
    const service = await FleetService.open({ root, watcher: { factory, retryDelaysMs: [200] } });
    closers.push(() => service.close());
    const until = <T>(check: () => T, what: string) => waitFor(check, { subscribe: (wake) => service.subscribe(wake), describe: () => `${what}; watcher ${JSON.stringify(service.snapshot().watcher)}` });
    await until(() => service.snapshot().watcher.status === 'error' || made.length > 1, 'the injected error');
    await writeFile(join(root, 'inbox', 'a.jsonl'), '{"id":"m1","from":"a","to":"a","ts":"2026-01-01T00:00:00Z","body":"hi"}\n');
    await until(() => service.snapshot().watcher.status === 'watching' && service.snapshot().watcher.message, 'the recovery');
    expect(service.snapshot().watcher.message).toBe('recovered after an error (EIO: i/o error)');
    await until(() => service.snapshot().totals.messages === 1, 'the message written while the watcher was down');
  });

  it('watches a deleted fleet folder again once it is back', async () => {
    const root = await fleetDir();
    const { factory, made } = faultyFactory([]);
    const service = await FleetService.open({ root, missingFolderCheckMs: 50, watcher: { factory } });
    closers.push(() => service.close());
    const until = <T>(check: () => T, what: string) =>
      waitFor(check, { subscribe: (wake) => service.subscribe(wake), describe: () => `${what}; watcher ${JSON.stringify(service.snapshot().watcher)}` });
    await until(() => service.snapshot().watcher.status === 'watching', 'the first watcher');
    await rm(root, { recursive: true, force: true });
    await until(() => service.snapshot().watcher.message?.includes('deleted or moved'), 'the deleted-folder state');
    await mkdir(join(root, 'inbox'), { recursive: true });
    await writeFile(join(root, 'fleet.yaml'), FLEET);
    await until(() => service.snapshot().watcher.status === 'watching', 'the watcher on the folder that is back');
    // A watcher on the deleted folder may or may not notice the new one (it depends on how fast it
    // came back): a new watcher is started on it.
    expect(made).toHaveLength(2);
    await service.settled();
    // The periodic rescan runs once a minute: a watcher reports this.
    await writeFile(join(root, 'inbox', 'a.jsonl'), '{"id":"m1","from":"a","to":"a","ts":"2026-01-01T00:00:00Z","body":"hi"}\n');
    await until(() => service.snapshot().totals.messages === 1, 'the message written into the folder that is back');
  });
});
