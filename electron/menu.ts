/**
 * The application menu's template. Actions come in from main.ts, so this module only says what
 * the menu looks like (main.ts builds it with Menu.buildFromTemplate and rebuilds it when the
 * recent list changes). Only electron's types are imported: unit-tested in plain Node.
 */
import type { MenuItemConstructorOptions } from 'electron';
import { basename } from 'node:path';

export interface MenuActions {
  openFolder(): void;
  openRecent(path: string): void;
  clearRecent(): void;
  openDemo(): void;
  about(): void;
}

export interface MenuState {
  recentFleets: string[];
  /** DevTools only in development builds. */
  isDevelopment: boolean;
  isMac: boolean;
}

export function buildMenuTemplate(state: MenuState, actions: MenuActions): MenuItemConstructorOptions[] {
  const recent: MenuItemConstructorOptions[] = state.recentFleets.length
    ? [
        ...state.recentFleets.map((path): MenuItemConstructorOptions => ({
          label: `${basename(path)}  (${path})`,
          click: () => actions.openRecent(path),
        })),
        { type: 'separator' },
        { label: 'Clear Recently Opened', click: () => actions.clearRecent() },
      ]
    : [{ label: 'No Recent Fleets', enabled: false }];

  const template: MenuItemConstructorOptions[] = [];
  if (state.isMac) template.push({ role: 'appMenu' });
  template.push(
    {
      label: 'File',
      submenu: [
        { label: 'Open Folder…', accelerator: 'CmdOrCtrl+O', click: () => actions.openFolder() },
        { label: 'Open Recent', submenu: recent },
        { label: 'Open Demo Fleet', click: () => actions.openDemo() },
        { type: 'separator' },
        state.isMac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [
        { role: 'reload' },
        ...(state.isDevelopment ? ([{ role: 'toggleDevTools' }] as MenuItemConstructorOptions[]) : []),
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' },
    {
      role: 'help',
      submenu: [{ label: 'About Seatmap', click: () => actions.about() }],
    },
  );
  return template;
}
