/** Where the installed package keeps its parts, found from this file (works from any cwd). */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PACKAGE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const RENDERER_DIR = join(PACKAGE_ROOT, 'out', 'renderer');
