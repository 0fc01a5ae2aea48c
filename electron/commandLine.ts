/**
 * The fleet folder named on the command line, if any: `electron . [dir]` in development, the
 * packaged `seatmap [dir]`, and Playwright's `electron --inspect=0 … out/main/main.js [dir]`.
 * Chromium and Node switches start with `-` and are skipped; when Electron runs an app folder
 * (`process.defaultApp`), the first positional is that folder, not ours.
 *
 * A second launch (the single-instance lock in main.ts) hands its folder to the running app:
 * it sends the folder it resolved as the lock's additional data, and the running app falls back
 * to reading the second launch's argv against that launch's working directory. Plain Node.
 */
import { isAbsolute, resolve } from 'node:path';
import { z } from 'zod';

export function fleetDirFromArgv(argv: readonly string[], defaultApp: boolean, cwd: string): string | null {
  const positionals = argv.slice(1).filter((arg) => arg !== '' && !arg.startsWith('-'));
  const dir = (defaultApp ? positionals.slice(1) : positionals)[0];
  return dir === undefined ? null : resolve(cwd, dir);
}

/** What a second launch sends with `app.requestSingleInstanceLock(...)`. */
export interface SecondLaunchData {
  seatmapFleetDir: string | null;
}

const secondLaunchSchema = z.object({
  seatmapFleetDir: z
    .string()
    .min(1)
    .max(4096)
    .refine((path) => isAbsolute(path) && !path.includes('\0'))
    .nullable(),
});

export function secondLaunchData(argv: readonly string[], defaultApp: boolean, cwd: string): SecondLaunchData {
  return { seatmapFleetDir: fleetDirFromArgv(argv, defaultApp, cwd) };
}

/**
 * The folder a second launch asked for, as the running app sees it in 'second-instance'; null when
 * it named none (then the running app just comes to the front).
 */
export function fleetDirFromSecondLaunch(argv: readonly string[], workingDirectory: string, additionalData: unknown, defaultApp: boolean): string | null {
  const sent = secondLaunchSchema.safeParse(additionalData);
  if (sent.success) return sent.data.seatmapFleetDir;
  return fleetDirFromArgv(argv, defaultApp, workingDirectory);
}
