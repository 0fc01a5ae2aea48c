/**
 * Where the built parts are, from the bundled main (out/main/main.js): the preload in out/preload,
 * the renderer in out/renderer and the fleet process's entry beside main.js, in development and
 * inside the packaged app alike.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const MAIN_DIR = dirname(fileURLToPath(import.meta.url));

export const PRELOAD_PATH = join(MAIN_DIR, '..', 'preload', 'preload.cjs');
export const RENDERER_DIR = join(MAIN_DIR, '..', 'renderer');
/** The fleet service's utility process entry, built beside main.js (electron.vite.config.ts). */
export const FLEET_CHILD_PATH = join(MAIN_DIR, 'fleetChild.js');
