/**
 * The desktop package, checked without Electron's binary: `electron-builder --linux dir` runs on
 * the real configuration (electron-builder.config.ts, fuses included) against a stand-in Electron
 * folder made here, offline. The stand-in "binary" is a shell script that carries Electron's fuse
 * sentinel and a fuse wire in Electron's default state, so the fuse step runs for real and its
 * result can be read back. Then app.asar is opened and checked: what it holds, and that every
 * package the built main and preload import loads from inside it.
 */
import { execFile, execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { extractAll, listPackage } from '@electron/asar';
import { FuseState, FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import config, { DESKTOP_RUNTIME_DEPENDENCIES } from '../../electron-builder.config';
import { FLEET_CHILD_PATH } from '../../electron/appPaths';
import { decodeIcns, decodeIco } from '../../scripts/iconContainers';
import { ICON_DIR, ICON_SOURCE, writeIconSet } from '../../scripts/icons';

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '../..');
const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
/** Electron 45's fuse wire as shipped (fuse version 1, nine fuses): what the packaging must flip. */
const STOCK_WIRE = '101100010';

let work = '';
let unpacked = '';
let asarPath = '';
let builderLog = '';

/** A folder electron-builder accepts as `electronDist`: an executable named `electron` and the licences. */
async function standInElectron(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  const script = `#!/bin/sh\necho "a stand-in for Electron made by test/unit/packaging.test.ts" >&2\nexit 1\n# ${SENTINEL}\x01\x09${STOCK_WIRE}\n`;
  await writeFile(join(dir, 'electron'), script, 'latin1');
  await chmod(join(dir, 'electron'), 0o755);
  await writeFile(join(dir, 'LICENSE'), 'stand-in\n');
  await writeFile(join(dir, 'LICENSES.chromium.html'), '<!doctype html><title>stand-in</title>\n');
}

/** Without a network namespace where the machine allows one; a dead proxy either way. */
function offlineCommand(command: string, args: string[]): [string, string[]] {
  try {
    execFileSync('unshare', ['-rn', 'true'], { stdio: 'ignore' });
    return ['unshare', ['-rn', command, ...args]];
  } catch {
    return [command, args];
  }
}

function packageNameOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

/** Bare specifiers of static and dynamic imports, re-exports and requires in built JavaScript. */
function bareImports(code: string): Set<string> {
  const found = new Set<string>();
  const patterns = [
    /\bimport\s*(?:[\w*${}\s,]+from\s*)?["']([^"']+)["']/g,
    /\bexport\s*[\w*${}\s,]+from\s*["']([^"']+)["']/g,
    /\bimport\(\s*["']([^"']+)["']\s*\)/g,
    /\brequire\(\s*["']([^"']+)["']\s*\)/g,
  ];
  for (const pattern of patterns) {
    for (const match of code.matchAll(pattern)) {
      const specifier = match[1]!;
      if (specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('node:')) continue;
      if (builtinModules.includes(packageNameOf(specifier)) || specifier === 'electron') continue;
      found.add(specifier);
    }
  }
  return found;
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}

beforeAll(async () => {
  // What `npm run dist` does first: build out/ and the icon set.
  await run(process.execPath, [join(ROOT, 'node_modules/electron-vite/bin/electron-vite.js'), 'build', '--logLevel', 'warn'], { cwd: ROOT });
  await writeIconSet(join(ROOT, ICON_SOURCE), join(ROOT, ICON_DIR));

  work = await mkdtemp(join(tmpdir(), 'seatmap-pack-'));
  await standInElectron(join(work, 'electron'));
  const testConfig = join(work, 'electron-builder.test.json');
  await writeFile(testConfig, JSON.stringify({
    extends: join(ROOT, 'electron-builder.config.ts'),
    electronDist: join(work, 'electron'),
    directories: { output: join(work, 'dist') },
  }));
  const deadProxy = 'http://127.0.0.1:9';
  const [command, args] = offlineCommand(process.execPath, [join(ROOT, 'node_modules/electron-builder/cli.js'), '--linux', 'dir', '--config', testConfig, '--publish', 'never']);
  const result = await run(command, args, {
    cwd: ROOT,
    maxBuffer: 32 * 1024 * 1024,
    env: { ...process.env, HTTP_PROXY: deadProxy, HTTPS_PROXY: deadProxy, ELECTRON_GET_USE_PROXY: '1', CSC_IDENTITY_AUTO_DISCOVERY: 'false', NODE_OPTIONS: '' },
  });
  builderLog = `${result.stdout}\n${result.stderr}`;
  unpacked = join(work, 'dist/linux-unpacked');
  asarPath = join(unpacked, 'resources/app.asar');
}, 240_000);

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

describe('electron-builder --linux dir with a stand-in Electron', () => {
  it('packs offline into resources/app.asar', async () => {
    expect(builderLog).not.toMatch(/download/i);
    expect(existsSync(asarPath)).toBe(true);
    // Everything is inside the asar: no loose app folder beside it.
    expect((await readdir(join(unpacked, 'resources'))).sort()).toEqual(['app.asar']);
    const size = (await stat(asarPath)).size;
    console.log(`app.asar: ${(size / 1048576).toFixed(2)} MB (${size.toLocaleString('en')} bytes), ${listPackage(asarPath, { isPack: false }).length} entries`);
  });

  it('holds out/main, out/preload, out/renderer, package.json and production dependencies only', async () => {
    const entries = listPackage(asarPath, { isPack: false }).map((entry) => entry.replace(/\\/g, '/'));
    const top = new Set(entries.map((entry) => entry.split('/')[1]));
    expect([...top].sort()).toEqual(['node_modules', 'out', 'package.json']);
    const outFolders = new Set(entries.filter((entry) => entry.startsWith('/out/')).map((entry) => entry.split('/')[2]));
    expect([...outFolders].sort()).toEqual(['main', 'preload', 'renderer']);
    // The desktop app's fleet service runs in a utility process started from this file.
    expect(entries).toContain(`/out/main/${basename(FLEET_CHILD_PATH)}`);

    const packed = new Set(entries.filter((entry) => entry.startsWith('/node_modules/')).map((entry) => packageNameOf(entry.slice('/node_modules/'.length))));
    const pkg = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };
    for (const name of DESKTOP_RUNTIME_DEPENDENCIES) {
      expect(pkg.dependencies, `${name} is a desktop runtime dependency`).toHaveProperty(name);
      expect(packed, `${name} is packed`).toContain(name);
    }
    const devDependencies = Object.keys(pkg.devDependencies);
    expect([...packed].filter((name) => devDependencies.includes(name)), 'devDependencies in app.asar').toEqual([]);
    // The CLI-only production dependencies (the TypeScript runner, the WebSocket server) stay out.
    expect(packed).not.toContain('tsx');
    expect(packed).not.toContain('esbuild');
    expect(packed).not.toContain('ws');

    const typescript = entries.filter((entry) => /\.(ts|tsx|mts|cts)$/.test(entry));
    expect(typescript, 'TypeScript sources or declarations').toEqual([]);
    const tests = entries.filter((entry) => /\.(test|spec)\.[cm]?[jt]sx?$/.test(entry) || /\/(test|tests|__tests__)(\/|$)/.test(entry));
    expect(tests, 'tests').toEqual([]);
    expect(entries.filter((entry) => entry.endsWith('.map')), 'source maps').toEqual([]);
  });

  it('loads every package the built main and preload import from inside the asar', async () => {
    const app = join(work, 'app');
    extractAll(asarPath, app);
    const packedPkg = JSON.parse(await readFile(join(app, 'package.json'), 'utf8')) as { main: string; type?: string };
    expect(existsSync(join(app, packedPkg.main))).toBe(true);

    const esm = new Set<string>();
    const cjs = new Set<string>();
    for (const file of [...(await filesUnder(join(app, 'out/main'))), ...(await filesUnder(join(app, 'out/preload')))]) {
      if (!/\.[cm]?js$/.test(file)) continue;
      const isCjs = file.endsWith('.cjs') || (file.endsWith('.js') && packedPkg.type !== 'module');
      for (const specifier of bareImports(await readFile(file, 'utf8'))) (isCjs ? cjs : esm).add(specifier);
    }
    expect(esm.size + cjs.size, 'the built main imports its runtime packages').toBeGreaterThan(0);

    // A probe beside the built main, run by Node from the extracted asar (nothing outside it on the
    // resolution path: the temp folder has no node_modules above it). It loads each package, which
    // also loads what each package itself imports.
    const probe = join(app, 'out/main/__probe.mjs');
    await writeFile(probe, `import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const results = {};
for (const specifier of ${JSON.stringify([...esm])}) {
  try { await import(specifier); results[specifier] = import.meta.resolve(specifier); } catch (error) { results[specifier] = 'FAILED: ' + error.message; }
}
for (const specifier of ${JSON.stringify([...cjs])}) {
  try { require(specifier); results[specifier] = require.resolve(specifier); } catch (error) { results[specifier] = 'FAILED: ' + error.message; }
}
console.log(JSON.stringify(results));
`);
    const env: NodeJS.ProcessEnv = { ...process.env, NODE_OPTIONS: '' };
    delete env.NODE_PATH;
    const { stdout } = await run(process.execPath, [probe], { cwd: app, env });
    const results = JSON.parse(stdout) as Record<string, string>;
    const failures = Object.entries(results).filter(([, where]) => where.startsWith('FAILED') || !where.includes(app));
    expect(failures, 'imports that do not load from app.asar').toEqual([]);
  });

  it('flips the fuses in the packaged Electron binary', async () => {
    const wire = await getCurrentFuseWire(join(unpacked, 'seatmap'));
    const fuse = (option: FuseV1Options) => wire[option];
    expect(fuse(FuseV1Options.RunAsNode)).toBe(FuseState.DISABLE);
    expect(fuse(FuseV1Options.EnableNodeOptionsEnvironmentVariable)).toBe(FuseState.DISABLE);
    expect(fuse(FuseV1Options.EnableNodeCliInspectArguments)).toBe(FuseState.DISABLE);
    expect(fuse(FuseV1Options.EnableCookieEncryption)).toBe(FuseState.ENABLE);
    expect(fuse(FuseV1Options.EnableEmbeddedAsarIntegrityValidation)).toBe(FuseState.ENABLE);
    expect(fuse(FuseV1Options.OnlyLoadAppFromAsar)).toBe(FuseState.ENABLE);
    expect(fuse(FuseV1Options.GrantFileProtocolExtraPrivileges)).toBe(FuseState.DISABLE);
  });
});

describe('installer configuration', () => {
  it('targets AppImage and deb, dmg for both Mac architectures, and NSIS, publishing nowhere', () => {
    expect(config.appId).toBe('dev.seatmap.app');
    expect(config.productName).toBe('Seatmap');
    expect(config.linux?.target).toEqual(['AppImage', 'deb']);
    expect(config.mac?.target).toEqual([{ target: 'dmg', arch: ['arm64', 'x64'] }]);
    expect(config.win?.target).toEqual([{ target: 'nsis', arch: ['x64'] }]);
    expect(config.publish).toBeNull();
  });

  it('opens folders from the file manager with the deb, and keeps the AppImage launch arguments', () => {
    expect(config.deb?.mimeTypes).toEqual(['inode/directory']);
    expect(config.deb?.executableArgs).toEqual(['%F']);
    // Overriding them would drop the AppImage's `--no-sandbox`, and it would not start.
    expect(config.linux?.executableArgs).toBeUndefined();
    expect(config.appImage?.executableArgs).toBeUndefined();
  });
});

describe('icon set', () => {
  /** Width and height from a PNG's IHDR chunk (bytes 16–23), after checking the signature. */
  function pngSize(png: Buffer): [number, number] {
    expect(png.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe(true);
    return [png.readUInt32BE(16), png.readUInt32BE(20)];
  }

  it('renders the PNGs, the .ico and the .icns from assets/icon.svg', async () => {
    const dir = join(ROOT, ICON_DIR);
    for (const size of [512, 1024]) expect(pngSize(await readFile(join(dir, `png/${size}x${size}.png`)))).toEqual([size, size]);
    expect(pngSize(await readFile(join(dir, 'icon.png')))).toEqual([1024, 1024]);

    const ico = decodeIco(await readFile(join(dir, 'icon.ico')));
    expect(ico.map((image) => image.size)).toEqual([16, 24, 32, 48, 64, 128, 256]);
    for (const image of ico) expect(pngSize(image.png)).toEqual([image.size, image.size]);

    const icns = decodeIcns(await readFile(join(dir, 'icon.icns')));
    const expected: Record<string, number> = { icp4: 16, icp5: 32, ic11: 32, icp6: 64, ic12: 64, ic07: 128, ic08: 256, ic13: 256, ic09: 512, ic14: 512, ic10: 1024 };
    expect(icns.map((element) => element.type).sort()).toEqual(Object.keys(expected).sort());
    for (const element of icns) expect(pngSize(element.data)).toEqual([expected[element.type], expected[element.type]]);
  });

  it('gives the browser the same icon as its favicon', async () => {
    expect(await readFile(join(ROOT, 'renderer/public/favicon.svg'), 'utf8')).toBe(await readFile(join(ROOT, ICON_SOURCE), 'utf8'));
    expect(await readFile(join(ROOT, 'renderer/index.html'), 'utf8')).toContain('href="./favicon.svg"');
  });
});
