/**
 * Seatmap's Electron main process: one window, the menu, dialogs, and the FleetApi over IPC.
 * The fleet itself is the plain-Node FleetService (service/), the same one `seatmap serve` uses;
 * this file only wires it to a window (ARCHITECTURE.md, "Two hosts, one API").
 *
 * `electron . [dir]` opens dir; with no dir, the built-in live demo fleet.
 */
import { app, BrowserWindow, dialog, session } from 'electron';
import { IPC_EVENT_CHANNEL, type FleetEvent, type HostInfo, type OpenFleetRequest } from '../shared/api';
import { serviceHandlers } from '../service/fleetApiHandlers';
import { FleetOpenError } from '../service/fleetService';
import { hasClaudeTeams, type FleetSourceService } from '../service/sources';
import { isAppUrl } from './appOrigin';
import { PRELOAD_PATH, RENDERER_DIR } from './appPaths';
import { registerAppSchemePrivileges, serveRenderer } from './appProtocol';
import { fleetDirFromArgv } from './commandLine';
import { FleetSession, type FleetSource } from './fleetSession';
import { ApiError, registerFleetIpc } from './ipc';
import { installMenu } from './menu';
import { RecentFleets } from './recentFleets';
import { denyAllPermissions, hardenWebContents } from './securityPolicy';
import { APP_NAME, createMainWindow, windowTitle } from './window';

// Before `ready`, and synchronously: with an ESM main, only code that runs before the first await
// is guaranteed to beat the ready event.
registerAppSchemePrivileges();
app.enableSandbox();
app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));
// Tests (and anyone who wants a clean profile) can point userData elsewhere.
if (process.env.SEATMAP_USER_DATA_DIR) app.setPath('userData', process.env.SEATMAP_USER_DATA_DIR);

const isMac = process.platform === 'darwin';
let mainWindow: BrowserWindow | null = null;
let recent: RecentFleets | null = null;

const fleets = new FleetSession({
  onEvent: (event) => sendToWindow(event),
  onChange: (service) => updateTitle(service),
});

/** Settles when the fleet named at launch (or the demo) has been opened. */
let firstOpen: Promise<unknown> = Promise.resolve();

function sendToWindow(event: FleetEvent): void {
  const window = mainWindow;
  if (!window || window.isDestroyed()) return;
  const contents = window.webContents;
  // Only our own page gets fleet data (it can't navigate elsewhere, but be sure).
  if (!isAppUrl(contents.getURL())) return;
  contents.send(IPC_EVENT_CHANNEL, event);
}

function updateTitle(service: FleetSourceService): void {
  const title = windowTitle(service.snapshot().name || null, service.isDemo);
  if (mainWindow && !mainWindow.isDestroyed() && mainWindow.getTitle() !== title) mainWindow.setTitle(title);
}

async function currentService(): Promise<FleetSourceService> {
  await firstOpen;
  const service = fleets.service();
  if (!service) throw new ApiError('internal', 'No fleet is open');
  return service;
}

function refreshMenu(): void {
  installMenu(
    { recentFleets: recent?.list() ?? [], isDevelopment: !app.isPackaged, isMac },
    {
      openFolder: () => void openFromMenu(() => openFolderWithDialog()),
      openRecent: (path) => void openFromMenu(() => openSource({ kind: 'folder', path })),
      clearRecent: () => void recent?.clear().catch(reportWriteError).finally(refreshMenu),
      openDemo: () => void openFromMenu(() => openSource({ kind: 'demo' })),
      about: () => void showAbout(),
    },
  );
}

function reportWriteError(error: unknown): void {
  console.warn(`seatmap: could not save the recent fleets list: ${error instanceof Error ? error.message : String(error)}`);
}

/** Opens a fleet, remembers a folder in Open Recent, and refreshes the menu. */
async function openSource(source: FleetSource): Promise<{ opened: boolean }> {
  const service = await fleets.open(source);
  if (source.kind === 'folder' && recent) {
    await recent.add(service.root).catch(reportWriteError);
    refreshMenu();
  }
  return { opened: true };
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
  if ('dialog' in request) return openFolderWithDialog();
  if ('demo' in request) return openSource({ kind: 'demo' });
  if (!recent?.has(request.path)) throw new ApiError('bad-request', 'Only a fleet from the recent list can be opened by path; use Open Folder… for another');
  return openSource({ kind: 'folder', path: request.path });
}

async function openAtLaunch(): Promise<void> {
  const dir = fleetDirFromArgv(process.argv, Boolean(process.defaultApp), process.cwd());
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
  const window = createMainWindow(PRELOAD_PATH);
  mainWindow = window;
  window.on('closed', () => {
    if (mainWindow === window) mainWindow = null;
  });
  const service = fleets.service();
  if (service) updateTitle(service);
  return window;
}

app.whenReady().then(async () => {
  denyAllPermissions(session.defaultSession);
  serveRenderer(session.defaultSession, RENDERER_DIR);
  recent = await RecentFleets.load(app.getPath('userData'));
  registerFleetIpc(() => mainWindow, {
    ...serviceHandlers(currentService),
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
