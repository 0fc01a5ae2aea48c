/**
 * Seatmap's Electron main process: one window, the menu, dialogs, and the FleetApi over IPC.
 * The fleet itself is the plain-Node FleetService (service/), the same one `seatmap serve` uses;
 * this file only wires Electron's objects to the plain-Node modules beside it, which are
 * unit-tested without the binary (test/unit/electron-*.test.ts).
 *
 * `electron . [dir]` opens dir; with no dir, the built-in live demo fleet. A second launch hands
 * its folder to the running app (single-instance lock) and quits.
 */
import { app, BrowserWindow, dialog, ipcMain, Menu, nativeTheme, protocol, session, shell } from 'electron';
import type { HostInfo, OpenFleetRequest } from '../shared/api';
import { ApiError, type FleetEvent } from '../shared/api';
import type { FleetAccess } from '../service/fleetApiHandlers';
import { fleetHandleHandlers, type FleetHandle } from '../service/fleetProcess/fleetHandle';
import { openInChildProcess } from '../service/fleetProcess/openFleet';
import { FleetOpenError } from '../service/fleetService';
import { hasClaudeTeams } from '../service/sources';
import { isAppUrl } from './appOrigin';
import { PRELOAD_PATH, RENDERER_DIR } from './appPaths';
import { registerAppSchemePrivileges, serveRenderer } from './appProtocol';
import { fleetDirFromArgv, fleetDirFromSecondLaunch, secondLaunchData } from './commandLine';
import { FleetSession, type FleetSource } from './fleetSession';
import { forkFleetUtilityProcess } from './fleetUtilityProcess';
import { registerFleetIpc } from './ipc';
import { openActionFor } from './openRequest';
import { FLEET_EVENT_CHANNEL } from './ipcChannels';
import { buildMenuTemplate } from './menu';
import { RecentFleets } from './recentFleets';
import { denyAllPermissions, hardenWebContents } from './securityPolicy';
import { windowBackground } from './theme';
import { APP_NAME, createMainWindow, windowTitle } from './window';

// Before `ready`, and synchronously: with an ESM main, only code that runs before the first await
// is guaranteed to beat the ready event.
registerAppSchemePrivileges(protocol);
app.enableSandbox();
app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, (url) => shell.openExternal(url)));
// Tests (and anyone who wants a clean profile) can point userData elsewhere. Before the lock:
// the single-instance lock lives in the userData folder.
if (process.env.SEATMAP_USER_DATA_DIR) app.setPath('userData', process.env.SEATMAP_USER_DATA_DIR);

const isMac = process.platform === 'darwin';
// Windows groups the taskbar and the Jump List's recent folders by this id; it is the installer's
// appId (electron-builder.config.ts), so the installed app and its recent documents match.
if (process.platform === 'win32') app.setAppUserModelId('dev.seatmap.app');
const defaultApp = Boolean(process.defaultApp);

// One running app: a second launch sends the folder it was given and quits.
if (app.requestSingleInstanceLock({ ...secondLaunchData(process.argv, defaultApp, process.cwd()) })) {
  startPrimary();
} else {
  app.quit();
}

function startPrimary(): void {
  let mainWindow: BrowserWindow | null = null;
  let recent: RecentFleets | null = null;
  /** A folder the OS asked us to open before we were ready (macOS open-file at launch). */
  let launchFolder: string | null = null;

  const fleets = new FleetSession({
    onEvent: (event) => sendToWindow(event),
    onChange: (service) => updateTitle(service),
    // The fleet service runs in a utility process, so opening a big fleet never freezes the window
    // or the menus. If that process stops it is started once more; if it stops again, the
    // window's watcher pill and this dialog say so.
    openFleet: openInChildProcess(forkFleetUtilityProcess, (message, final) => {
      if (final) dialog.showErrorBox('Seatmap stopped watching the fleet', message);
      else console.warn(`seatmap: ${message}`);
    }),
  });

  /** Settles when the fleet named at launch (or the demo) has been opened. */
  let firstOpen: Promise<unknown> = Promise.resolve();

  /** Requests wait for the first open, then go to the session (which checks the fleet identity). */
  const access: FleetAccess<FleetHandle> = {
    use: async (fleet, use) => {
      await firstOpen;
      return fleets.use(fleet, use);
    },
  };

  function sendToWindow(event: FleetEvent): void {
    const window = mainWindow;
    if (!window || window.isDestroyed()) return;
    const contents = window.webContents;
    // Only our own page gets fleet data (it can't navigate elsewhere, but be sure).
    if (!isAppUrl(contents.getURL())) return;
    contents.send(FLEET_EVENT_CHANNEL, event);
  }

  function updateTitle(service: FleetHandle): void {
    const title = windowTitle(service.snapshot().name || null, service.isDemo);
    if (mainWindow && !mainWindow.isDestroyed() && mainWindow.getTitle() !== title) mainWindow.setTitle(title);
  }

  function refreshMenu(): void {
    const template = buildMenuTemplate(
      { recentFleets: recent?.list() ?? [], isDevelopment: !app.isPackaged, isMac },
      {
        openFolder: () => void openFromMenu(() => openFolderWithDialog()),
        openRecent: (path) => void openFromMenu(() => openRecentFolder(path)),
        clearRecent: () => {
          app.clearRecentDocuments();
          void recent?.clear().catch(reportWriteError).finally(refreshMenu);
        },
        openDemo: () => void openFromMenu(() => openSource({ kind: 'demo' })),
        about: () => void showAbout(),
      },
    );
    Menu.setApplicationMenu(Menu.buildFromTemplate(template));
  }

  function reportWriteError(error: unknown): void {
    console.warn(`seatmap: could not save the recent fleets list: ${error instanceof Error ? error.message : String(error)}`);
  }

  /** Opens a fleet, remembers a folder in Open Recent (ours and the OS's), and refreshes the menu. */
  async function openSource(source: FleetSource): Promise<{ opened: boolean }> {
    const service = await fleets.open(source);
    if (source.kind === 'folder') {
      app.addRecentDocument(service.root);
      if (recent) {
        await recent.add(service.root).catch(reportWriteError);
        refreshMenu();
      }
    }
    return { opened: true };
  }

  /** A recent fleet whose folder is gone is dropped from the list, and the user is told so. */
  async function openRecentFolder(path: string): Promise<{ opened: boolean }> {
    try {
      return await openSource({ kind: 'folder', path });
    } catch (error) {
      if (recent && (await recent.forgetIfMissing(path).catch(() => false))) {
        refreshMenu();
        throw new ApiError('bad-request', `${path} no longer exists; it was removed from Open Recent`);
      }
      throw error;
    }
  }

  async function openFolderWithDialog(): Promise<{ opened: boolean }> {
    // Hidden folders shown: a Claude Code folder is `~/.claude` (docs/sources.md).
    const options: Electron.OpenDialogOptions = { title: 'Open a fleet folder or a Claude Code folder', properties: ['openDirectory', 'showHiddenFiles'] };
    const window = mainWindow && !mainWindow.isDestroyed() ? mainWindow : null;
    const choice = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
    const path = choice.filePaths[0];
    if (choice.canceled || !path) return { opened: false };
    return openSource({ kind: 'folder', path });
  }

  /** Menu actions have no caller to return an error to, so they show it. */
  async function openFromMenu(open: () => Promise<unknown>): Promise<void> {
    try {
      await open();
    } catch (error) {
      showOpenError(error);
    }
  }

  function showOpenError(error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    dialog.showErrorBox('Seatmap could not open that fleet', message);
  }

  async function showAbout(): Promise<void> {
    const options: Electron.MessageBoxOptions = {
      type: 'info',
      title: `About ${APP_NAME}`,
      message: `${APP_NAME} ${app.getVersion()}`,
      detail: 'See and edit the coordination layer of an AI agent fleet: seats, handoffs, inbox traffic, rules.',
    };
    if (mainWindow && !mainWindow.isDestroyed()) await dialog.showMessageBox(mainWindow, options);
    else await dialog.showMessageBox(options);
  }

  /** The renderer's requests. A path may only be one from Open Recent: the page can't name folders. */
  async function openFleetRequest(request: OpenFleetRequest): Promise<{ opened: boolean }> {
    const action = openActionFor(request, recent);
    if (action.kind === 'dialog') return openFolderWithDialog();
    if (action.kind === 'recent') return openRecentFolder(action.path);
    return openSource(action);
  }

  async function openAtLaunch(): Promise<void> {
    const dir = launchFolder ?? fleetDirFromArgv(process.argv, defaultApp, process.cwd());
    if (dir) {
      try {
        await openSource({ kind: 'folder', path: dir });
        return;
      } catch (error) {
        // A folder from the command line that can't be opened: say so, then show the demo.
        showOpenError(error instanceof FleetOpenError ? error : new Error(`${dir}: ${String(error)}`));
      }
    }
    await openSource({ kind: 'demo' });
  }

  function openWindow(): BrowserWindow {
    const window = createMainWindow(PRELOAD_PATH, nativeTheme.shouldUseDarkColors);
    mainWindow = window;
    window.on('closed', () => {
      if (mainWindow === window) mainWindow = null;
    });
    const service = fleets.service();
    if (service) updateTitle(service);
    return window;
  }

  function showWindow(): void {
    if (!app.isReady()) return;
    const window = mainWindow && !mainWindow.isDestroyed() ? mainWindow : openWindow();
    if (window.isMinimized()) window.restore();
    window.focus();
  }

  /** A folder from another launch or from the OS (macOS open-file, the Dock's recent documents). */
  function openFromOutside(dir: string): void {
    if (!app.isReady()) {
      launchFolder = dir;
      return;
    }
    showWindow();
    void firstOpen.then(() => openFromMenu(() => openSource({ kind: 'folder', path: dir })));
  }

  app.on('second-instance', (_event, argv, workingDirectory, additionalData) => {
    const dir = fleetDirFromSecondLaunch(argv, workingDirectory, additionalData, defaultApp);
    if (dir) openFromOutside(dir);
    else showWindow();
  });

  app.on('open-file', (event, path) => {
    event.preventDefault();
    openFromOutside(path);
  });

  // The page follows prefers-color-scheme itself; the window's own background follows here.
  nativeTheme.on('updated', () => {
    if (mainWindow && !mainWindow.isDestroyed()) mainWindow.setBackgroundColor(windowBackground(nativeTheme.shouldUseDarkColors));
  });

  app.whenReady().then(async () => {
    denyAllPermissions(session.defaultSession);
    serveRenderer(session.defaultSession, RENDERER_DIR);
    recent = await RecentFleets.load(app.getPath('userData'));
    registerFleetIpc(ipcMain, () => mainWindow, {
      ...fleetHandleHandlers(access),
      getHostInfo: async (): Promise<HostInfo> => {
        await firstOpen;
        return { host: 'electron', canOpenFolder: true, recentFleets: recent?.list() ?? [], isDemo: fleets.isDemo(), claudeTeams: await hasClaudeTeams() };
      },
      openFleet: openFleetRequest,
    });
    refreshMenu();
    firstOpen = openAtLaunch().catch((error: unknown) => showOpenError(error));
    openWindow();
  }).catch((error: unknown) => {
    console.error(error);
    app.exit(1);
  });

  app.on('activate', () => {
    // macOS: clicking the dock icon with no window open.
    if (app.isReady() && BrowserWindow.getAllWindows().length === 0) openWindow();
  });

  app.on('window-all-closed', () => {
    if (!isMac) app.quit();
  });

  // Close the watcher and stop the demo simulator before exiting.
  let shutDown = false;
  app.on('will-quit', (event) => {
    if (shutDown) return;
    event.preventDefault();
    void Promise.allSettled([fleets.close(), recent?.flushed()]).finally(() => {
      shutDown = true;
      app.quit();
    });
  });
}
