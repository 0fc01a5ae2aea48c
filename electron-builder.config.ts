/**
 * electron-builder: `npm run dist` makes the installers for the platform it runs on (Linux AppImage
 * and deb, macOS dmg for arm64 and x64, Windows NSIS) into dist/. Icons come from `npm run icons`
 * (build/icons, rendered from assets/icon.svg). Signing and notarization use the maintainer's
 * credentials from the environment and are skipped when they are absent:
 *   macOS signing   CSC_LINK + CSC_KEY_PASSWORD (or an identity in the keychain, CSC_NAME)
 *   notarization    APPLE_ID + APPLE_APP_SPECIFIC_PASSWORD + APPLE_TEAM_ID
 *                   (or APPLE_API_KEY + APPLE_API_KEY_ID + APPLE_API_ISSUER)
 *   Windows signing WIN_CSC_LINK + WIN_CSC_KEY_PASSWORD (or CSC_LINK + CSC_KEY_PASSWORD)
 * See README.md, "Install".
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Configuration } from 'electron-builder';

/**
 * The production dependencies the desktop app's built main process imports (out/main; the preload
 * is bundled whole). The others (tsx, ws) serve `npx seatmap serve/check`, which runs the CLI from
 * its TypeScript sources; the packaged app has no CLI, so they and whatever only they need stay
 * out of app.asar. test/unit/packaging.test.ts fails when the built main imports a package that is
 * not packed.
 */
export const DESKTOP_RUNTIME_DEPENDENCIES = ['chokidar', 'yaml', 'zod'];

/** The project folder (this file's), whatever the working directory. */
const PROJECT_DIR = dirname(fileURLToPath(import.meta.url));

interface PackageJson {
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

function readPackage(dir: string): PackageJson | null {
  try {
    return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as PackageJson;
  } catch {
    return null; // an optional dependency for another platform is not installed
  }
}

/** The packages `names` need, themselves included (npm's flat node_modules). */
function closure(names: readonly string[]): Set<string> {
  const seen = new Set<string>();
  const stack = [...names];
  while (stack.length) {
    const name = stack.pop()!;
    if (seen.has(name)) continue;
    seen.add(name);
    const pkg = readPackage(join(PROJECT_DIR, 'node_modules', name));
    if (pkg) stack.push(...Object.keys({ ...pkg.dependencies, ...pkg.optionalDependencies }));
  }
  return seen;
}

/** Production dependencies (and theirs) that the desktop app does not load: left out of app.asar. */
export function cliOnlyPackages(): string[] {
  const root = readPackage(PROJECT_DIR);
  const desktop = closure(DESKTOP_RUNTIME_DEPENDENCIES);
  return [...closure(Object.keys(root?.dependencies ?? {}))].filter((name) => !desktop.has(name)).sort();
}

const config: Configuration = {
  appId: 'dev.seatmap.app',
  productName: 'Seatmap',
  copyright: 'Copyright © Seatmap contributors',
  directories: { output: 'dist', buildResources: 'build' },
  // app.asar holds the built app and package.json; electron-builder adds the production
  // dependencies itself, minus the CLI-only ones excluded here. No sources, tests or maps.
  files: [
    'out/main/**',
    'out/preload/**',
    'out/renderer/**',
    'package.json',
    '!**/*.map',
    // Type declarations and TypeScript sources some packages ship (zod ships its sources and their
    // tests): nothing at run time reads them.
    '!node_modules/**/*.{ts,mts,cts}',
    '!node_modules/**/{test,tests,__tests__}{,/**/*}',
    ...cliOnlyPackages().map((name) => `!node_modules/${name}{,/**/*}`),
  ],
  asar: true,
  // Fuses are flipped in the packaged Electron binary (they cannot be changed at run time).
  electronFuses: {
    runAsNode: false,
    enableNodeOptionsEnvironmentVariable: false,
    enableNodeCliInspectArguments: false,
    enableCookieEncryption: true,
    enableEmbeddedAsarIntegrityValidation: true,
    onlyLoadAppFromAsar: true,
    // The app is served from app:// (electron/appProtocol.ts), never file://.
    grantFileProtocolExtraPrivileges: false,
    // Flipping fuses breaks the ad-hoc signature Electron ships with, and an Apple silicon Mac
    // refuses to start an arm64 app without a valid one: without the maintainer's certificate
    // (nothing signs after this step) the app is signed ad hoc again. macOS builds only.
    resetAdHocDarwinSignature: true,
  },
  // No release channel yet: nothing is uploaded anywhere.
  publish: null,
  mac: {
    target: [{ target: 'dmg', arch: ['arm64', 'x64'] }],
    icon: 'build/icons/icon.icns',
    category: 'public.app-category.developer-tools',
    hardenedRuntime: true,
    // Notarized only when APPLE_* credentials are in the environment (see above); skipped otherwise.
    notarize: true,
    // Folders dropped on the Dock icon (or opened with Seatmap in Finder) arrive as `open-file`
    // events, which electron/main.ts opens like Open Folder.
    extendInfo: {
      CFBundleDocumentTypes: [{ CFBundleTypeName: 'Folder', CFBundleTypeRole: 'Viewer', LSHandlerRank: 'Alternate', LSItemContentTypes: ['public.folder'] }],
    },
  },
  dmg: { artifactName: '${productName}-${version}-${arch}.${ext}' },
  win: {
    target: [{ target: 'nsis', arch: ['x64'] }],
    icon: 'build/icons/icon.ico',
  },
  nsis: {
    oneClick: false,
    perMachine: false,
    allowToChangeInstallationDirectory: true,
    artifactName: '${productName}-Setup-${version}.${ext}',
  },
  linux: {
    target: ['AppImage', 'deb'],
    icon: 'build/icons/png',
    category: 'Development',
    synopsis: 'See and edit the coordination layer of an AI agent fleet',
    maintainer: 'Seatmap contributors',
    artifactName: '${productName}-${version}-${arch}.${ext}',
    // No executableArgs here: the AppImage's default ones (`--no-sandbox`, which an AppImage needs
    // because its chrome-sandbox cannot be setuid) must stay.
  },
  deb: {
    // "Open With Seatmap" on a folder in the file manager: the folder's path becomes the argument
    // electron/commandLine.ts reads (%F passes local paths; the default %U may pass file:// URLs).
    mimeTypes: ['inode/directory'],
    executableArgs: ['%F'],
  },
};

export default config;
