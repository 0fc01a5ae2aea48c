/**
 * The window's webPreferences: Electron's security checklist in one object. What they mean for the
 * page (no Node, no require, only the bridge) is checked from inside the window by
 * test/e2e/electron.spec.ts.
 */
import type { WebPreferences } from 'electron';

export function secureWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    // The preload and the page have separate JavaScript worlds; the page sees only contextBridge's copy.
    contextIsolation: true,
    // The renderer is an OS-sandboxed Chromium process; the preload gets only a few electron modules.
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    spellcheck: false,
  };
}
