/**
 * The desktop app. Two parts:
 * - "desktop app": launches the built app (out/main/main.js) in real Electron on a fixture fleet
 *   and checks the graph, the page's reach (window.seatmap only, no require/process) and the
 *   security checklist from the outside. It needs Electron's binary; where that is missing (these
 *   machines: no network to download it) each test prints why and is skipped.
 * - "desktop host without the binary": what can be checked here anyway: the built preload run in
 *   a stand-in sandbox (only `electron` can be required), and the app:// file resolution and link
 *   rules that main uses.
 * Electron is never required here: that would try to download it (TOOLCHAIN.md).
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runInNewContext } from 'node:vm';
import { _electron, expect, test, type ElectronApplication } from '@playwright/test';
import { APP_CONTENT_SECURITY_POLICY, resolveAppFile } from '../../electron/appOrigin';
import { fleetDirFromArgv } from '../../electron/commandLine';
import { isSafeExternalUrl } from '../../electron/externalLinks';
import { secureWebPreferences } from '../../electron/webPreferences';
import { FleetService } from '../../service/fleetService';
import { findElectronBinary } from '../../service/electronBinary';
import { FLEET_METHODS, IPC_EVENT_CHANNEL, ipcChannel, type ApiErrorBody, type FleetEvent } from '../../shared/api';
import type { FleetSnapshot } from '../../shared/snapshot';
import { copyFixture, removeDir } from '../helpers/fleetDir';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const MAIN_JS = join(REPO, 'out', 'main', 'main.js');
const PRELOAD_CJS = join(REPO, 'out', 'preload', 'preload.cjs');
const RENDERER_DIR = join(REPO, 'out', 'renderer');
/** What window.seatmap must expose: the FleetApi, nothing more. */
const API_MEMBERS = [...FLEET_METHODS, 'onFleetEvent'].sort();

const electronBinary = findElectronBinary(REPO);

async function expectedSnapshot(dir: string): Promise<FleetSnapshot> {
  const service = await FleetService.open({ root: dir, watch: false });
  try {
    return service.snapshot();
  } finally {
    await service.close();
  }
}

test.describe('desktop app (Electron)', () => {
  let app: ElectronApplication | null = null;
  const dirs: string[] = [];

  test.beforeEach(() => {
    if (!electronBinary.available) {
      const reason = `Electron binary not installed: ${electronBinary.reason}`;
      console.log(`Skipped: ${reason}`);
      test.skip(true, reason);
    }
  });

  test.afterEach(async () => {
    await app?.close();
    app = null;
    await Promise.all(dirs.splice(0).map(removeDir));
  });

  async function launch(fleetDir: string): Promise<ElectronApplication> {
    if (!electronBinary.available) throw new Error('unreachable: skipped above');
    const userData = await mkdtemp(join(tmpdir(), 'seatmap-e2e-userdata-'));
    dirs.push(userData);
    app = await _electron.launch({
      executablePath: electronBinary.path,
      args: [MAIN_JS, fleetDir],
      cwd: REPO,
      env: { ...process.env, SEATMAP_USER_DATA_DIR: userData },
    });
    return app;
  }

  test('opens the fleet folder from the command line and shows every seat', async () => {
    const dir = await copyFixture('small-agency');
    dirs.push(dir);
    const expected = await expectedSnapshot(dir);
    const electron = await launch(dir);
    const page = await electron.firstWindow();

    await expect(page).toHaveURL(/^app:\/\/seatmap\//);
    expect(expected.seats.length).toBeGreaterThan(0);
    for (const seat of expected.seats) await expect(page.getByTestId(`seat-${seat.id}`)).toBeVisible();
    await expect.poll(() => electron.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]?.getTitle())).toContain(expected.name);
  });

  test('the page reaches only the named FleetApi methods: no require, process or ipcRenderer', async () => {
    const dir = await copyFixture('small-agency');
    dirs.push(dir);
    const page = await (await launch(dir)).firstWindow();
    await expect(page.locator('[data-testid^="seat-"]').first()).toBeVisible();

    const reach = await page.evaluate(() => {
      const scope = globalThis as unknown as Record<string, unknown> & { seatmap: Record<string, unknown> };
      return {
        members: Object.keys(scope.seatmap).sort(),
        kinds: Object.values(scope.seatmap).map((member) => typeof member),
        require: typeof scope.require,
        process: typeof scope.process,
        module: typeof scope.module,
        Buffer: typeof scope.Buffer,
        electron: typeof scope.electron,
        ipcRenderer: typeof scope.ipcRenderer,
      };
    });
    expect(reach).toEqual({
      members: API_MEMBERS,
      kinds: API_MEMBERS.map(() => 'function'),
      require: 'undefined',
      process: 'undefined',
      module: 'undefined',
      Buffer: 'undefined',
      electron: 'undefined',
      ipcRenderer: 'undefined',
    });

    const hostInfo = await page.evaluate(() => (globalThis as unknown as { seatmap: { getHostInfo(): Promise<unknown> } }).seatmap.getHostInfo());
    expect(hostInfo).toMatchObject({ host: 'electron', canOpenFolder: true, isDemo: false });
  });

  test('bad payloads come back as typed errors, and paths outside the recent list are refused', async () => {
    const dir = await copyFixture('small-agency');
    dirs.push(dir);
    const page = await (await launch(dir)).firstWindow();
    await expect(page.locator('[data-testid^="seat-"]').first()).toBeVisible();

    const errors = await page.evaluate(async () => {
      const api = (globalThis as unknown as { seatmap: Record<string, (...args: unknown[]) => Promise<unknown>> }).seatmap;
      const message = (promise: Promise<unknown> | undefined) => promise?.then(() => 'resolved', (error: Error) => error.message);
      return {
        badLayout: await message(api.saveLayout?.({ '../escape': { x: 1, y: 2 } })),
        notInRecent: await message(api.openFleet?.({ path: '/etc' })),
        badRequest: await message(api.openFleet?.({ nonsense: true })),
      };
    });
    for (const text of Object.values(errors)) {
      const body = JSON.parse(text ?? 'null') as ApiErrorBody;
      expect(body.code).toBe('bad-request');
      expect(body.message.length).toBeGreaterThan(0);
    }
  });

  test('the security checklist holds: CSP header, no navigation, no new windows, contained paths', async () => {
    const dir = await copyFixture('small-agency');
    dirs.push(dir);
    const electron = await launch(dir);
    const page = await electron.firstWindow();
    await expect(page.locator('[data-testid^="seat-"]').first()).toBeVisible();

    const fetched = await page.evaluate(async () => {
      const scope = globalThis as unknown as { open(url: string, target: string): unknown };
      const index = await fetch('/index.html');
      const escape = await fetch('/%2e%2e/%2e%2e/package.json');
      const opened = scope.open('https://example.com/', '_blank');
      return { csp: index.headers.get('content-security-policy'), escapeStatus: escape.status, openedNothing: opened === null };
    });
    expect(fetched).toEqual({ csp: APP_CONTENT_SECURITY_POLICY, escapeStatus: 404, openedNothing: true });

    // Navigation: wait until main has seen the attempt, then check the same document is still there.
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
    expect(await electron.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(1);
  });
});

test.describe('desktop host without the binary', () => {
  test('the built preload needs only electron and exposes exactly the FleetApi', async () => {
    const source = await readFile(PRELOAD_CJS, 'utf8').catch(() => null);
    test.skip(source === null, 'out/preload/preload.cjs missing: run `npm run build` first');
    const required: string[] = [];
    const exposed: Record<string, Record<string, unknown>> = {};
    const invoked: { channel: string; args: unknown[] }[] = [];
    const listeners = new Map<string, Set<(...args: unknown[]) => void>>();
    let answer: unknown = { ok: true, value: 'value' };
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
    runInNewContext(source ?? '', { require: sandboxRequire, module, exports: module.exports, Promise, Error, TypeError, JSON }, { filename: PRELOAD_CJS });

    expect(required).toEqual(['electron']);
    expect(Object.keys(exposed)).toEqual(['seatmap']);
    const api = exposed.seatmap as Record<string, (...args: unknown[]) => unknown>;
    expect(Object.keys(api).sort()).toEqual(API_MEMBERS);

    // Each method invokes its channel from shared/api.ts with the arguments as given.
    const argsFor: Record<string, unknown[]> = { saveLayout: [{ reception: { x: 1, y: 2 } }], openFleet: [{ demo: true }] };
    for (const method of FLEET_METHODS) {
      invoked.length = 0;
      await api[method]?.(...(argsFor[method] ?? []));
      expect(invoked).toEqual([{ channel: ipcChannel(method), args: argsFor[method] ?? [] }]);
    }

    // A refusal rejects with the ApiErrorBody as the message (what survives contextBridge).
    answer = { ok: false, error: { code: 'bad-request', message: 'Bad arguments for saveLayout' } };
    const refusal = await (api.saveLayout?.({}) as Promise<unknown>).then(
      () => null,
      (error: Error) => error,
    );
    expect(refusal).toBeInstanceOf(Error);
    expect(JSON.parse(refusal?.message ?? 'null')).toEqual({ code: 'bad-request', message: 'Bad arguments for saveLayout' });

    // Listeners get the fleet event alone, never the IPC event (whose sender is ipcRenderer).
    const received: unknown[][] = [];
    const unsubscribe = api.onFleetEvent?.((...args: unknown[]) => received.push(args)) as () => void;
    const event: FleetEvent = { kind: 'reset', reason: 'Opened another fleet' };
    for (const listener of listeners.get(IPC_EVENT_CHANNEL) ?? []) listener({ sender: electron.ipcRenderer }, event);
    expect(received).toEqual([[event]]);
    unsubscribe();
    expect(listeners.get(IPC_EVENT_CHANNEL)?.size).toBe(0);
  });

  test('the window is sandboxed and context-isolated, without Node or <webview>', () => {
    expect(secureWebPreferences('/app/out/preload/preload.cjs')).toMatchObject({
      preload: '/app/out/preload/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
  });

  test('app:// serves only files inside out/renderer', () => {
    const root = RENDERER_DIR;
    expect(resolveAppFile(root, 'app://seatmap/')).toBe(join(root, 'index.html'));
    expect(resolveAppFile(root, 'app://seatmap/index.html')).toBe(join(root, 'index.html'));
    expect(resolveAppFile(root, 'app://seatmap/assets/index-abc.js?v=1#x')).toBe(join(root, 'assets', 'index-abc.js'));
    // Dot segments, plain or encoded, are resolved by the URL parser and stop at the root.
    expect(resolveAppFile(root, 'app://seatmap/../package.json')).toBe(join(root, 'package.json'));
    expect(resolveAppFile(root, 'app://seatmap/%2e%2e/%2e%2e/package.json')).toBe(join(root, 'package.json'));
    // Encoded slashes and backslashes survive the parser; decoded, they would climb out.
    const refused = [
      'app://seatmap/assets/..%2f..%2f..%2fpackage.json',
      'app://seatmap/%2F..%2F..%2Fetc/passwd',
      'app://seatmap/..%5c..%5cpackage.json',
      'app://seatmap/index.html%00.js',
      'app://seatmap/%E0%A4%A',
      'app://other/index.html',
      'app://seatmap:8080/index.html',
      'file:///etc/passwd',
      'https://seatmap/index.html',
    ];
    for (const url of refused) expect(resolveAppFile(root, url), url).toBeNull();
    for (const directive of ["default-src 'self'", "script-src 'self'", "object-src 'none'", "frame-ancestors 'none'", "base-uri 'none'", "form-action 'none'"]) {
      expect(APP_CONTENT_SECURITY_POLICY).toContain(directive);
    }
    expect(APP_CONTENT_SECURITY_POLICY).not.toContain('unsafe-eval');
  });

  test('only https and mailto links leave the app, and the command line names the fleet folder', () => {
    for (const url of ['https://example.com/a?b#c', 'mailto:ops@example.com']) expect(isSafeExternalUrl(url), url).toBe(true);
    for (const url of ['http://example.com', 'file:///etc/passwd', 'javascript:alert(1)', 'ms-msdt:/id', 'vscode://x', 'https://user@evil.example', 'not a url', 'app://seatmap/index.html']) {
      expect(isSafeExternalUrl(url), url).toBe(false);
    }
    const cwd = '/home/me';
    expect(fleetDirFromArgv(['/x/electron', '.', 'fleet'], true, cwd)).toBe('/home/me/fleet');
    expect(fleetDirFromArgv(['/x/electron', '.'], true, cwd)).toBeNull();
    expect(fleetDirFromArgv(['/x/electron', '--no-sandbox', '--inspect=0', '--remote-debugging-port=0', 'out/main/main.js', '/tmp/f'], true, cwd)).toBe('/tmp/f');
    expect(fleetDirFromArgv(['/opt/Seatmap/seatmap', '/srv/fleet'], false, cwd)).toBe('/srv/fleet');
    expect(fleetDirFromArgv(['/opt/Seatmap/seatmap', '--enable-logging'], false, cwd)).toBeNull();
  });
});
