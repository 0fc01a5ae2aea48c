/**
 * The window hardening (electron/securityPolicy.ts) driven the way Electron drives it: navigation,
 * redirects, subframes, window.open, <webview> and permission requests, on a stand-in webContents.
 */
import type { Session, WebContents } from 'electron';
import { describe, expect, it } from 'vitest';
import { denyAllPermissions, hardenWebContents } from '../../electron/securityPolicy';

type Listener = (event: Record<string, unknown>) => void;

function fakeContents() {
  const listeners = new Map<string, Listener[]>();
  let openHandler: ((details: { url: string }) => { action: string }) | null = null;
  const contents = {
    on: (name: string, listener: Listener) => {
      listeners.set(name, [...(listeners.get(name) ?? []), listener]);
      return contents;
    },
    setWindowOpenHandler: (handler: typeof openHandler) => {
      openHandler = handler;
    },
  };
  /** Emits like Electron; true when a listener called preventDefault(). */
  const emit = (name: string, fields: Record<string, unknown> = {}) => {
    let prevented = false;
    for (const listener of listeners.get(name) ?? []) listener({ ...fields, preventDefault: () => (prevented = true) });
    return prevented;
  };
  const open = (url: string) => openHandler?.({ url });
  return { contents: contents as unknown as Pick<WebContents, 'on' | 'setWindowOpenHandler'>, emit, open };
}

describe('hardenWebContents', () => {
  it('keeps the page where it is: navigation, redirects and subframe navigation are stopped', () => {
    const opened: string[] = [];
    const { contents, emit } = fakeContents();
    hardenWebContents(contents, async (url) => void opened.push(url));
    expect(emit('will-navigate', { url: 'app://seatmap/other.html' })).toBe(true);
    expect(emit('will-navigate', { url: 'https://example.com/report' })).toBe(true);
    expect(emit('will-navigate', { url: 'javascript:alert(1)' })).toBe(true);
    expect(emit('will-redirect', { url: 'https://example.com/' })).toBe(true);
    expect(emit('will-frame-navigate', { url: 'https://evil.example/', isMainFrame: false })).toBe(true);
    expect(emit('will-attach-webview')).toBe(true);
    // A clicked https link goes to the system browser; nothing else does.
    expect(opened).toEqual(['https://example.com/report']);
  });

  it('denies every new window, and hands only safe links to the OS', () => {
    const opened: string[] = [];
    const { contents, open } = fakeContents();
    hardenWebContents(contents, async (url) => void opened.push(url));
    for (const url of ['https://example.com/a', 'mailto:ops@example.com', 'file:///etc/passwd', 'http://example.com', 'ms-msdt:/id', 'https://user@evil.example/', 'app://seatmap/index.html']) {
      expect(open(url), url).toEqual({ action: 'deny' });
    }
    expect(opened).toEqual(['https://example.com/a', 'mailto:ops@example.com']);
  });

  it('survives an OS that cannot open the link', async () => {
    const { contents, open } = fakeContents();
    let asked = 0;
    hardenWebContents(contents, () => {
      asked += 1;
      return Promise.reject(new Error('no handler'));
    });
    expect(open('https://example.com/')).toEqual({ action: 'deny' });
    await Promise.resolve();
    expect(asked).toBe(1);
  });
});

describe('denyAllPermissions', () => {
  it('refuses every permission request and check', () => {
    const answers: boolean[] = [];
    const handlers: Record<string, (...args: unknown[]) => unknown> = {};
    const session = {
      setPermissionRequestHandler: (handler: (...args: unknown[]) => unknown) => (handlers.request = handler),
      setPermissionCheckHandler: (handler: (...args: unknown[]) => unknown) => (handlers.check = handler),
      setDevicePermissionHandler: (handler: (...args: unknown[]) => unknown) => (handlers.device = handler),
    } as unknown as Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'setDevicePermissionHandler'>;
    denyAllPermissions(session);
    for (const permission of ['media', 'notifications', 'clipboard-read', 'geolocation', 'openExternal']) {
      handlers.request?.({}, permission, (granted: boolean) => answers.push(granted));
      expect(handlers.check?.({}, permission, 'app://seatmap'), permission).toBe(false);
    }
    expect(answers).toEqual([false, false, false, false, false]);
    expect(handlers.device?.({ deviceType: 'usb' })).toBe(false);
  });
});
