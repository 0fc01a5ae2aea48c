/**
 * The window's background before the page paints, matching the renderer's `--bg` for the OS's
 * light or dark appearance (renderer/src/styles/app.css follows prefers-color-scheme, which
 * Electron takes from the OS while nativeTheme.themeSource is 'system'). A test keeps these in
 * step with the stylesheet.
 */
export const WINDOW_BACKGROUND = { light: '#eef1f5', dark: '#0d1014' } as const;

export function windowBackground(dark: boolean): string {
  return dark ? WINDOW_BACKGROUND.dark : WINDOW_BACKGROUND.light;
}
