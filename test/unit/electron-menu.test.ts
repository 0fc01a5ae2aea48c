/** The application menu's template (electron/menu.ts): what it offers and what each item does. */
import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { buildMenuTemplate, type MenuActions } from '../../electron/menu';

function recorder() {
  const calls: string[] = [];
  const actions: MenuActions = {
    openFolder: () => calls.push('openFolder'),
    openRecent: (path) => calls.push(`openRecent ${path}`),
    clearRecent: () => calls.push('clearRecent'),
    openDemo: () => calls.push('openDemo'),
    about: () => calls.push('about'),
  };
  return { calls, actions };
}

const submenu = (item: MenuItemConstructorOptions | undefined) => (item?.submenu ?? []) as MenuItemConstructorOptions[];
const byLabel = (items: MenuItemConstructorOptions[], label: string) => items.find((item) => item.label === label);
const click = (item: MenuItemConstructorOptions | undefined) => (item?.click as (() => void) | undefined)?.();
const roles = (items: MenuItemConstructorOptions[]) => items.map((item) => item.role).filter(Boolean);

describe('the menu template', () => {
  it('offers Open Folder… (Ctrl/Cmd+O), the recent fleets, the demo and About, each wired to its action', () => {
    const { calls, actions } = recorder();
    const template = buildMenuTemplate({ recentFleets: ['/work/fleets/acme', '/srv/beta'], isDevelopment: false, isMac: false }, actions);
    const file = submenu(byLabel(template, 'File'));
    const openFolder = byLabel(file, 'Open Folder…');
    expect(openFolder?.accelerator).toBe('CmdOrCtrl+O');
    click(openFolder);
    const recent = submenu(byLabel(file, 'Open Recent'));
    expect(recent.map((item) => item.label ?? item.type)).toEqual(['acme  (/work/fleets/acme)', 'beta  (/srv/beta)', 'separator', 'Clear Recently Opened']);
    click(recent[1]);
    click(byLabel(recent, 'Clear Recently Opened'));
    click(byLabel(file, 'Open Demo Fleet'));
    click(byLabel(submenu(template.find((item) => item.role === 'help')), 'About Seatmap'));
    expect(calls).toEqual(['openFolder', 'openRecent /srv/beta', 'clearRecent', 'openDemo', 'about']);
    expect(roles(file)).toEqual(['quit']);
  });

  it('says when there are no recent fleets, with nothing to click', () => {
    const { actions } = recorder();
    const recent = submenu(byLabel(submenu(byLabel(buildMenuTemplate({ recentFleets: [], isDevelopment: false, isMac: false }, actions), 'File')), 'Open Recent'));
    expect(recent).toEqual([{ label: 'No Recent Fleets', enabled: false }]);
  });

  it('has DevTools only in development builds', () => {
    const { actions } = recorder();
    const view = (isDevelopment: boolean) => roles(submenu(byLabel(buildMenuTemplate({ recentFleets: [], isDevelopment, isMac: false }, actions), 'View')));
    expect(view(false)).not.toContain('toggleDevTools');
    expect(view(true)).toContain('toggleDevTools');
    expect(view(false)).toEqual(expect.arrayContaining(['reload', 'resetZoom', 'zoomIn', 'zoomOut', 'togglefullscreen']));
  });

  it('follows macOS conventions there: the app menu first, and File closes the window instead of quitting', () => {
    const { actions } = recorder();
    const mac = buildMenuTemplate({ recentFleets: [], isDevelopment: false, isMac: true }, actions);
    expect(mac[0]?.role).toBe('appMenu');
    expect(roles(submenu(byLabel(mac, 'File')))).toEqual(['close']);
    const other = buildMenuTemplate({ recentFleets: [], isDevelopment: false, isMac: false }, actions);
    expect(other.some((item) => item.role === 'appMenu')).toBe(false);
  });
});
