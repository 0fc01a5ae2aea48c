/**
 * The one app window, with Electron's security checklist in its webPreferences: a sandboxed,
 * context-isolated renderer without Node, web security on, no <webview>, and the page loaded from
 * app://seatmap/ (never file://). Navigation and popups are refused in securityPolicy.ts.
 */
import { BrowserWindow } from 'electron';
import { APP_ENTRY_URL } from './appOrigin';
import { windowBackground } from './theme';
import { secureWebPreferences } from './webPreferences';

export const APP_NAME = 'Seatmap';

/** `dark`: the OS appearance now (nativeTheme.shouldUseDarkColors); main.ts follows later changes. */
export function createMainWindow(preloadPath: string, dark: boolean): BrowserWindow {
  const window = new BrowserWindow({
    width: 1400,
    height: 900,
    minWidth: 640,
    minHeight: 480,
    title: APP_NAME,
    show: false,
    backgroundColor: windowBackground(dark),
    webPreferences: secureWebPreferences(preloadPath),
  });
  // The title names the fleet (set by main.ts), not the page's <title>.
  window.on('page-title-updated', (event) => event.preventDefault());
  window.once('ready-to-show', () => window.show());
  void window.loadURL(APP_ENTRY_URL);
  return window;
}

/** "small-agency — Seatmap", "Live demo: Brightline Agency — Seatmap". */
export function windowTitle(fleetName: string | null, isDemo: boolean): string {
  if (!fleetName) return APP_NAME;
  return `${isDemo ? 'Live demo: ' : ''}${fleetName} — ${APP_NAME}`;
}
