/**
 * The desktop app end to end. Two parts:
 * - "desktop app (Electron)": launches the built app (out/main/main.js) in real Electron and checks
 *   what a user and a hostile page can and cannot do: the demo opening, Open Folder through the
 *   menu, a second launch handing its folder to the first, the hostile-body corpus
 *   (test/fixtures/hostileBodies.ts) in the desktop window, window.open and navigation denied,
 *   no Node in the page, the CSP enforced, writes refused for a fleet that is no longer open.
 *   It needs Electron's binary; where that is missing, each test prints why and is skipped.
 * - "desktop host without the binary": the built preload run in a stand-in sandbox (only
 *   `electron` can be required), round-tripped through the renderer's decoder.
 * The Electron host's plain-Node logic is unit-tested in test/unit/electron-*.test.ts.
 *
 * How to run the Electron part (it has never run on the machines this was written on: Electron's
 * binary cannot be downloaded there):
 * - on a machine with network, a normal `npm install` (the binary is fetched on first use; run
 *   `node -e "require('electron')"` once, or `npm start`, to fetch it), or
 * - with an unpacked Electron 45 at hand: `export ELECTRON_OVERRIDE_DIST_PATH=/path/to/electron-dir`
 *   (the folder that holds the `electron` executable),
 * then `npm run build && npx playwright test test/e2e/electron.spec.ts` (on Linux without a
 * display, prefix `xvfb-run -a`). service/electronBinary.ts finds the binary the same way.
 * Electron is never required here: that would try to download it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFile, mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runInNewContext } from 'node:vm';
import { _electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';
import { bridgeTransport, fleetApiOver } from '../../renderer/src/api/fleetApiClient';
import { HostError } from '../../renderer/src/api/hostConnection';
import { findElectronBinary } from '../../service/electronBinary';
import type { CallResult, FleetEvent, HostBridge } from '../../shared/api';
import { HOSTILE_BODIES } from '../fixtures/hostileBodies';
import { readEveryHostileBody } from './hostileReading';
import { copyFixture, removeDir } from '../helpers/fleetDir';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const MAIN_JS = join(REPO, 'out', 'main', 'main.js');
const PRELOAD_CJS = join(REPO, 'out', 'preload', 'preload.cjs');
const APP_ORIGIN = 'app://seatmap/';

const electronBinary = findElectronBinary(REPO);
/** Chromium refuses to start sandboxed as root (CI containers); the app's own sandboxing stays on. */
const CHROMIUM_ARGS = process.getuid?.() === 0 ? ['--no-sandbox'] : [];

const line = (fields: Record<string, unknown>) => `${JSON.stringify({ ts: new Date().toISOString(), type: 'INFORM', ...fields })}\n`;

/** What the page sees as `window.seatmap`, for page.evaluate callbacks. */
type PageScope = typeof globalThis & { seatmap: HostBridge; __pwned?: unknown };

test.describe('desktop app (Electron)', () => {
  const apps: ElectronApplication[] = [];
  const children: ChildProcess[] = [];
  const dirs: string[] = [];

  test.beforeEach(() => {
    if (!electronBinary.available) {
      const reason = `Electron binary not installed: ${electronBinary.reason}. See the comment at the top of this file.`;
      console.log(`Skipped: ${reason}`);
      test.skip(true, reason);
    }
  });

  test.afterEach(async () => {
    // A second launch that did not hand over and quit (the lock failed) must not outlive the test.
    for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill();
    await Promise.all(apps.splice(0).map((app) => app.close().catch(() => undefined)));
    await Promise.all(dirs.splice(0).map(removeDir));
  });

  async function fixture(name: string): Promise<string> {
    const dir = await copyFixture(name);
    dirs.push(dir);
    return dir;
  }

  async function userDataDir(): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), 'seatmap-e2e-userdata-'));
    dirs.push(dir);
    return dir;
  }

  /** Launches the built app on `fleetDir` (the demo when null); resolves with the app and its window, painted. */
  async function launch(fleetDir: string | null, userData?: string): Promise<{ electron: ElectronApplication; page: Page }> {
    if (!electronBinary.available) throw new Error('unreachable: skipped above');
    const electron = await _electron.launch({
      executablePath: electronBinary.path,
      args: [...CHROMIUM_ARGS, MAIN_JS, ...(fleetDir ? [fleetDir] : [])],
      cwd: REPO,
      env: { ...process.env, SEATMAP_USER_DATA_DIR: userData ?? (await userDataDir()) },
    });
    apps.push(electron);
    const page = await electron.firstWindow();
    await expect(page).toHaveURL(/^app:\/\/seatmap\//);
    await expect(page.locator('[data-testid^="seat-"]').first()).toBeVisible({ timeout: 30_000 });
    return { electron, page };
  }

  const windowCount = (electron: ElectronApplication) => electron.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length);
  const windowTitle = (electron: ElectronApplication) => electron.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]?.getTitle() ?? '');

  test('with no folder, the live demo fleet opens', async () => {
    const { electron, page } = await launch(null);
    await expect(page.getByTestId('fleet-name')).toContainText('Demo');
    await expect.poll(() => windowTitle(electron)).toMatch(/^Live demo: /);
    const info = await page.evaluate(() => (globalThis as PageScope).seatmap.call('getHostInfo', []));
    expect(info).toMatchObject({ ok: true, value: { host: 'electron', canOpenFolder: true, isDemo: true } });
  });

  test('opens the folder from the command line and shows every seat', async () => {
    const dir = await fixture('small-agency');
    const { electron, page } = await launch(dir);
    for (const seat of ['radar', 'dash', 'pulse', 'dirk']) await expect(page.getByTestId(`seat-${seat}`)).toBeVisible();
    await expect(page.getByTestId('fleet-name')).toHaveText('Small Agency');
    await expect.poll(() => windowTitle(electron)).toBe('Small Agency — Seatmap');
  });

  test('File → Open Folder… opens the chosen folder and lists it under Open Recent', async () => {
    const first = await fixture('small-agency');
    const second = await fixture('healthy');
    const { electron, page } = await launch(first);
    // The OS dialog can't be driven; main's dialog answers with the second folder instead.
    await electron.evaluate(({ dialog }, chosen) => {
      dialog.showOpenDialog = (async () => ({ canceled: false, filePaths: [chosen] })) as typeof dialog.showOpenDialog;
    }, second);
    await electron.evaluate(({ Menu }) => {
      const file = Menu.getApplicationMenu()?.items.find((item) => item.label === 'File');
      const open = file?.submenu?.items.find((item) => item.label === 'Open Folder…');
      if (!open) throw new Error('File → Open Folder… is missing');
      open.click();
    });
    await expect(page.getByTestId('fleet-name')).toHaveText('Healthy Fleet');
    // Contains, not equals: the app shows the real path (on macOS /private/var/… for /var/…).
    await expect(page.getByTestId('fleet-root')).toContainText(second);
    const recent = await electron.evaluate(({ Menu }) => {
      const file = Menu.getApplicationMenu()?.items.find((item) => item.label === 'File');
      const openRecent = file?.submenu?.items.find((item) => item.label === 'Open Recent');
      return openRecent?.submenu?.items.map((item) => item.label) ?? [];
    });
    expect(recent[0]).toContain(second);
    expect(recent.some((label) => label.includes(first))).toBe(true);
  });

  test('a second launch with a folder hands it to the running app and exits', async () => {
    if (!electronBinary.available) throw new Error('unreachable: skipped above');
    const first = await fixture('small-agency');
    const second = await fixture('healthy');
    const userData = await userDataDir();
    const { electron, page } = await launch(first, userData);
    // Same userData folder = same single-instance lock.
    const child = spawn(electronBinary.path, [...CHROMIUM_ARGS, MAIN_JS, second], {
      cwd: REPO,
      env: { ...process.env, SEATMAP_USER_DATA_DIR: userData },
      stdio: 'ignore',
    });
    children.push(child);
    const exitCode = await new Promise<number | null>((done, fail) => {
      child.once('error', fail);
      child.once('exit', (code) => done(code));
    });
    expect(exitCode).toBe(0);
    await expect(page.getByTestId('fleet-name')).toHaveText('Healthy Fleet');
    expect(await windowCount(electron)).toBe(1);
  });

  test('the page has no Node: only the call bridge, and no require, process or ipcRenderer', async () => {
    const dir = await fixture('small-agency');
    const { page } = await launch(dir);
    const reach = await page.evaluate(() => {
      const scope = globalThis as unknown as Record<string, unknown> & { seatmap: Record<string, unknown> };
      return {
        bridge: Object.keys(scope.seatmap).sort(),
        require: typeof scope.require,
        process: typeof scope.process,
        module: typeof scope.module,
        Buffer: typeof scope.Buffer,
        electron: typeof scope.electron,
        ipcRenderer: typeof scope.ipcRenderer,
        // The bridge's functions are contextBridge copies: no way back to the preload's world.
        callSource: String(scope.seatmap.call),
      };
    });
    expect(reach).toMatchObject({ bridge: ['call', 'onFleetEvent'], require: 'undefined', process: 'undefined', module: 'undefined', Buffer: 'undefined', electron: 'undefined', ipcRenderer: 'undefined' });
    expect(reach.callSource).not.toContain('ipcRenderer');
  });

  test('bad requests and writes for a fleet that is no longer open come back as typed errors in words', async () => {
    const dir = await fixture('small-agency');
    const { page } = await launch(dir);
    // The app saves elk's first layout of the fleet by itself; the refused saves below must leave it as it is.
    const layoutFile = join(dir, '.seatmap', 'layout.json');
    await expect.poll(() => readFile(layoutFile, 'utf8').then(() => true, () => false), { timeout: 20_000 }).toBe(true);
    const savedByApp = await readFile(layoutFile, 'utf8');
    const answers = await page.evaluate(async () => {
      const { seatmap } = globalThis as PageScope;
      const snapshot = (await seatmap.call('getSnapshot', [])) as { ok: true; value: { root: string; fleetKey: string } };
      const stale = { root: snapshot.value.root, session: 'an-earlier-opening' };
      return {
        unknown: await seatmap.call('deleteEverything', []),
        badLayout: await seatmap.call('saveLayout', [{ root: snapshot.value.root, session: snapshot.value.fleetKey }, { '../escape': { x: 1, y: 2 } }]),
        noIdentity: await seatmap.call('saveLayout', [{ radar: { x: 1, y: 2 } }]),
        notInRecent: await seatmap.call('openFleet', [{ path: '/etc' }]),
        staleSave: await seatmap.call('saveLayout', [stale, { radar: { x: 1, y: 2 } }]),
      };
    });
    for (const key of ['unknown', 'badLayout', 'noIdentity', 'notInRecent'] as const) {
      expect(answers[key], key).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    }
    expect(answers.staleSave).toMatchObject({ ok: false, error: { code: 'fleet-changed', message: expect.stringMatching(/opened again since this change was made/) } });
    expect(await readFile(layoutFile, 'utf8')).toBe(savedByApp);
  });

  test('the CSP the app:// handler sends is enforced: no inline script, no eval, nothing remote, no escaping the folder', async () => {
    const dir = await fixture('small-agency');
    const { page } = await launch(dir);
    const outcome = await page.evaluate(async () => {
      const scope = globalThis as PageScope;
      const index = await fetch('/index.html');
      const escape = await fetch('/%2e%2e/%2e%2e/package.json');
      const encodedSlash = await fetch('/assets/..%2f..%2fpackage.json');
      const { document } = globalThis as unknown as { document: { createElement(tag: string): { textContent: string }; body: { append(node: unknown): void } } };
      const script = document.createElement('script');
      script.textContent = 'window.__pwned = "inline"';
      document.body.append(script);
      let evalRan = true;
      try {
        (0, eval)('1');
      } catch {
        evalRan = false;
      }
      const remote = await fetch('https://example.com/').then(
        () => 'loaded',
        () => 'blocked',
      );
      return { csp: index.headers.get('content-security-policy') ?? '', escape: escape.status, encodedSlash: encodedSlash.status, pwned: scope.__pwned ?? null, evalRan, remote };
    });
    expect(outcome).toMatchObject({ escape: 404, encodedSlash: 404, pwned: null, evalRan: false, remote: 'blocked' });
    expect(outcome.csp).toContain("script-src 'self'");
  });

  test('window.open and navigation are denied: one window, same document', async () => {
    const dir = await fixture('small-agency');
    const { electron, page } = await launch(dir);
    const opened = await page.evaluate(() => (globalThis as unknown as { open(url: string, target: string): unknown }).open('https://example.com/', '_blank') === null);
    expect(opened).toBe(true);
    await electron.evaluate(({ BrowserWindow }) => {
      const contents = BrowserWindow.getAllWindows()[0]?.webContents;
      (globalThis as Record<string, unknown>).navigationAttempt = new Promise((done) => contents?.once('will-navigate', (event) => done(event.url)));
    });
    await page.evaluate(() => {
      const scope = globalThis as unknown as { stillHere: boolean; location: { href: string } };
      scope.stillHere = true;
      scope.location.href = 'http://example.invalid/';
    });
    expect(await electron.evaluate(() => (globalThis as Record<string, unknown>).navigationAttempt)).toBe('http://example.invalid/');
    expect(await page.evaluate(() => (globalThis as unknown as { stillHere?: boolean }).stillHere)).toBe(true);
    await expect(page).toHaveURL(/^app:\/\/seatmap\//);
    expect(await windowCount(electron)).toBe(1);
  });

  test('hostile message bodies run nothing, load nothing remote and navigate nowhere in the desktop window', async () => {
    test.setTimeout(120_000);
    const dir = await fixture('small-agency');
    const lines = HOSTILE_BODIES.map((item, i) => line({ id: `h-${i}`, from: 'dash', to: 'radar', subject: item.name, body: item.body })).join('');
    await appendFile(join(dir, 'inbox/radar.jsonl'), lines);
    const { electron, page } = await launch(dir);
    const foreign: string[] = [];
    page.on('request', (request) => {
      if (!request.url().startsWith(APP_ORIGIN)) foreign.push(request.url());
    });
    const appUrl = page.url();
    await page.getByTestId('seat-radar').click();
    const panel = page.getByTestId('seat-panel');
    await expect(panel).toBeVisible();
    await readEveryHostileBody(page);
    await expect(panel).toBeVisible();
    expect(await page.evaluate(() => (globalThis as PageScope).__pwned)).toBeUndefined();
    expect(page.url()).toBe(appUrl);
    expect(foreign).toEqual([]);
    expect(await windowCount(electron)).toBe(1);
    expect(await page.locator('script:not([src]), iframe, object, embed, form, base, meta[http-equiv]').count()).toBe(0);
  });
});

test.describe('desktop host without the binary', () => {
  test('the built preload needs only electron and bridges calls and events, nothing more', async () => {
    const source = await readFile(PRELOAD_CJS, 'utf8').catch(() => null);
    test.skip(source === null, 'out/preload/preload.cjs missing: run `npm run build` first');
    const required: string[] = [];
    const exposed: Record<string, Record<string, unknown>> = {};
    const invoked: { channel: string; args: unknown[] }[] = [];
    const listeners = new Map<string, Set<(...args: unknown[]) => void>>();
    let answer: CallResult = { ok: true, value: null };
    // A stand-in for the sandboxed preload's world: `require` knows `electron` and nothing else.
    const electron = {
      contextBridge: {
        exposeInMainWorld: (key: string, value: Record<string, unknown>) => {
          exposed[key] = value;
        },
      },
      ipcRenderer: {
        invoke: async (channel: string, ...args: unknown[]) => {
          invoked.push({ channel, args });
          return answer;
        },
        on: (channel: string, listener: (...args: unknown[]) => void) => {
          if (!listeners.has(channel)) listeners.set(channel, new Set());
          listeners.get(channel)?.add(listener);
        },
        removeListener: (channel: string, listener: (...args: unknown[]) => void) => {
          listeners.get(channel)?.delete(listener);
        },
      },
    };
    const sandboxRequire = (name: string) => {
      required.push(name);
      if (name !== 'electron') throw new Error(`Cannot find module '${name}' (a sandboxed preload can only require electron)`);
      return electron;
    };
    const module = { exports: {} };
    runInNewContext(source ?? '', { require: sandboxRequire, module, exports: module.exports, Promise, Error, TypeError, JSON, Array, String }, { filename: PRELOAD_CJS });

    expect(required).toEqual(['electron']);
    expect(Object.keys(exposed)).toEqual(['seatmap']);
    const bridge = exposed.seatmap as unknown as HostBridge;
    expect(Object.keys(bridge).sort()).toEqual(['call', 'onFleetEvent']);

    // The renderer's FleetApi over this very preload: every call is one invoke of (method, args).
    const api = fleetApiOver(bridgeTransport(bridge));
    const fleet = { root: '/fleet', session: 'one' };
    await api.saveLayout(fleet, { radar: { x: 1, y: 2 } });
    expect(invoked).toEqual([{ channel: 'seatmap:call', args: ['saveLayout', [fleet, { radar: { x: 1, y: 2 } }]] }]);

    // A refusal arrives as a HostError in plain words (never JSON text).
    answer = { ok: false, error: { code: 'fleet-changed', message: 'This change was made in /a, but Seatmap now shows /b' } };
    const refusal = await api.saveLayout(fleet, {}).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(HostError);
    expect(refusal).toMatchObject({ code: 'fleet-changed', message: 'This change was made in /a, but Seatmap now shows /b' });

    // Listeners get the fleet event alone, never the IPC event (whose sender is ipcRenderer).
    const received: unknown[][] = [];
    const unsubscribe = bridge.onFleetEvent((...args: unknown[]) => received.push(args));
    const event: FleetEvent = { kind: 'reset', reason: 'Opened another fleet' };
    for (const listener of listeners.get('seatmap:event') ?? []) listener({ sender: electron.ipcRenderer }, event);
    expect(received).toEqual([[event]]);
    unsubscribe();
    expect(listeners.get('seatmap:event')?.size).toBe(0);
  });
});
