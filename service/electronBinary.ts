/**
 * Is Electron's binary installed? Answered by looking at files, never by `require('electron')`:
 * electron ≥ 42 downloads the binary lazily on that first require, which offline prints
 * "Downloading Electron binary…" and throws (docs/platform-notes.md, "Electron's binary").
 * Mirrors node_modules/electron/index.js: `path.txt` names the executable inside `dist/`, and
 * `ELECTRON_OVERRIDE_DIST_PATH` replaces `dist/` with another unpacked Electron.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Where the binary is, or one plain-words reason why it can't be used. */
export type ElectronBinary = { available: true; path: string } | { available: false; reason: string };

export interface ElectronBinaryOptions {
  /** The environment to read ELECTRON_OVERRIDE_DIST_PATH from (tests pass their own). */
  env?: NodeJS.ProcessEnv;
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** Finds the Electron executable for the package whose `node_modules` is under `packageRoot`. */
export function findElectronBinary(packageRoot: string, options: ElectronBinaryOptions = {}): ElectronBinary {
  const env = options.env ?? process.env;
  const packageDir = join(packageRoot, 'node_modules', 'electron');
  const pathFile = join(packageDir, 'path.txt');
  let executable: string | null = null;
  if (isFile(pathFile)) {
    executable = readFileSync(pathFile, 'utf8').trim() || null;
  }

  const override = env.ELECTRON_OVERRIDE_DIST_PATH;
  if (override) {
    // Same fallback name as electron's index.js when path.txt is missing.
    const candidate = join(override, executable ?? 'electron');
    return isFile(candidate)
      ? { available: true, path: candidate }
      : { available: false, reason: `ELECTRON_OVERRIDE_DIST_PATH is set but ${candidate} does not exist` };
  }

  if (!existsSync(packageDir)) {
    return { available: false, reason: 'node_modules/electron is not installed (run npm install)' };
  }
  if (!executable) {
    return { available: false, reason: 'node_modules/electron/path.txt missing (the binary was never downloaded; no network to download it?)' };
  }
  const candidate = join(packageDir, 'dist', executable);
  return isFile(candidate)
    ? { available: true, path: candidate }
    : { available: false, reason: `node_modules/electron/dist/${executable} missing (the download did not finish)` };
}
