/**
 * The window's background (electron/theme.ts) is the page's own background in each appearance, so
 * the window does not flash another colour before the page paints or when the OS switches.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { windowBackground } from '../../electron/theme';
import { FIXTURES } from '../helpers/fleetDir';

const STYLESHEET = join(FIXTURES, '..', '..', 'renderer', 'src', 'styles', 'app.css');

/** The `--bg` of the first `:root { … }` in `css`. */
function rootBackground(css: string): string | null {
  const root = /:root\s*\{([^}]*)\}/.exec(css)?.[1] ?? '';
  return /--bg:\s*([^;]+);/.exec(root)?.[1]?.trim().toLowerCase() ?? null;
}

describe('window background', () => {
  it('matches the page background in light and in dark (prefers-color-scheme)', async () => {
    const css = await readFile(STYLESHEET, 'utf8');
    const darkStart = css.indexOf('@media (prefers-color-scheme: dark)');
    expect(darkStart).toBeGreaterThan(0);
    expect(css).toMatch(/body\s*\{[^}]*background:\s*var\(--bg\)/);
    expect(windowBackground(false)).toBe(rootBackground(css.slice(0, darkStart)));
    expect(windowBackground(true)).toBe(rootBackground(css.slice(darkStart)));
    expect(windowBackground(true)).not.toBe(windowBackground(false));
  });
});
