/**
 * The fleet folder named on the command line, if any: `electron . [dir]` in development, the
 * packaged `seatmap [dir]`, and Playwright's `electron --inspect=0 … out/main/main.js [dir]`.
 * Chromium and Node switches start with `-` and are skipped; when Electron runs an app folder
 * (`process.defaultApp`), the first positional is that folder, not ours.
 */
import { resolve } from 'node:path';

export function fleetDirFromArgv(argv: readonly string[], defaultApp: boolean, cwd: string): string | null {
  const positionals = argv.slice(1).filter((arg) => arg !== '' && !arg.startsWith('-'));
  const dir = (defaultApp ? positionals.slice(1) : positionals)[0];
  return dir === undefined ? null : resolve(cwd, dir);
}
