/**
 * Hardening applied to every webContents and to the default session (Electron's security
 * checklist): no navigation away from the app, no new windows, no <webview>, no permissions.
 * Links the user clicks open in the system browser, after a scheme check.
 */
import type { Session, WebContents } from 'electron';
import { isSafeExternalUrl } from './externalLinks';

/**
 * Called from app.on('web-contents-created') so it also covers any contents created later.
 * `openExternal` is shell.openExternal (a parameter, so the rules are unit-tested without Electron);
 * it only ever gets a URL that passed isSafeExternalUrl.
 */
export function hardenWebContents(
  contents: Pick<WebContents, 'on' | 'setWindowOpenHandler'>,
  openExternal: (url: string) => Promise<void>,
): void {
  const openExternally = (url: string) => {
    if (isSafeExternalUrl(url)) void openExternal(url).catch(() => undefined);
  };
  // The page never navigates: it is one document that talks to main over IPC. A clicked https or
  // mailto link goes to the OS instead; everything else is dropped.
  contents.on('will-navigate', (event) => {
    event.preventDefault();
    openExternally(event.url);
  });
  contents.on('will-frame-navigate', (event) => {
    if (!event.isMainFrame) event.preventDefault();
  });
  contents.on('will-redirect', (event) => {
    event.preventDefault();
  });
  contents.setWindowOpenHandler(({ url }) => {
    openExternally(url);
    return { action: 'deny' };
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
  });
}

/** Refuses every permission (camera, notifications, clipboard-read, geolocation, …). */
export function denyAllPermissions(session: Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'setDevicePermissionHandler'>): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
}
