// Finding Electron's binary from files alone, on real temp folders laid out like node_modules/electron.
import { chmod, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findElectronBinary } from '../../service/electronBinary';
import { removeDir, writeFiles } from '../helpers/fleetDir';

const made: string[] = [];

async function packageRoot(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'seatmap-electron-'));
  made.push(dir);
  await writeFiles(dir, files);
  return dir;
}

afterEach(async () => {
  await Promise.all(made.splice(0).map(removeDir));
});

const noEnv = {};
const electronPackage = { 'node_modules/electron/package.json': '{"name":"electron"}' };

describe('findElectronBinary', () => {
  it('finds dist/<path.txt> when both are there', async () => {
    const root = await packageRoot({
      ...electronPackage,
      'node_modules/electron/path.txt': 'electron',
      'node_modules/electron/dist/electron': '#!/bin/sh\n',
    });
    await chmod(join(root, 'node_modules/electron/dist/electron'), 0o755);
    expect(findElectronBinary(root, { env: noEnv })).toEqual({ available: true, path: join(root, 'node_modules/electron/dist/electron') });
  });

  it('follows a nested path from path.txt (the macOS layout)', async () => {
    const nested = 'Electron.app/Contents/MacOS/Electron';
    const root = await packageRoot({
      ...electronPackage,
      'node_modules/electron/path.txt': nested,
      [`node_modules/electron/dist/${nested}`]: 'binary',
    });
    expect(findElectronBinary(root, { env: noEnv })).toEqual({ available: true, path: join(root, 'node_modules/electron/dist', nested) });
  });

  it('says path.txt is missing when the package was installed without its binary (this machine)', async () => {
    const root = await packageRoot(electronPackage);
    const result = findElectronBinary(root, { env: noEnv });
    expect(result.available).toBe(false);
    if (!result.available) expect(result.reason).toContain('node_modules/electron/path.txt missing');
  });

  it('says the dist file is missing when path.txt points at nothing', async () => {
    const root = await packageRoot({ ...electronPackage, 'node_modules/electron/path.txt': 'electron' });
    const result = findElectronBinary(root, { env: noEnv });
    expect(result).toEqual({ available: false, reason: expect.stringContaining('node_modules/electron/dist/electron missing') });
  });

  it('does not count a directory named like the binary', async () => {
    const root = await packageRoot({
      ...electronPackage,
      'node_modules/electron/path.txt': 'electron',
      'node_modules/electron/dist/electron/not-a-binary': '',
    });
    expect(findElectronBinary(root, { env: noEnv }).available).toBe(false);
  });

  it('says electron is not installed when node_modules/electron is absent', async () => {
    const root = await packageRoot({ 'package.json': '{}' });
    const result = findElectronBinary(root, { env: noEnv });
    expect(result).toEqual({ available: false, reason: expect.stringContaining('node_modules/electron is not installed') });
  });

  it('uses ELECTRON_OVERRIDE_DIST_PATH with the name from path.txt', async () => {
    const root = await packageRoot({ ...electronPackage, 'node_modules/electron/path.txt': 'electron' });
    const dist = await packageRoot({ 'electron': 'binary' });
    expect(findElectronBinary(root, { env: { ELECTRON_OVERRIDE_DIST_PATH: dist } })).toEqual({ available: true, path: join(dist, 'electron') });
  });

  it('uses ELECTRON_OVERRIDE_DIST_PATH with the default name when path.txt is missing', async () => {
    const root = await packageRoot(electronPackage);
    const dist = await packageRoot({ 'electron': 'binary' });
    expect(findElectronBinary(root, { env: { ELECTRON_OVERRIDE_DIST_PATH: dist } })).toEqual({ available: true, path: join(dist, 'electron') });
  });

  it('reports an override that points at nothing instead of falling back to dist/', async () => {
    const root = await packageRoot({
      ...electronPackage,
      'node_modules/electron/path.txt': 'electron',
      'node_modules/electron/dist/electron': 'binary',
    });
    const empty = await packageRoot({});
    const result = findElectronBinary(root, { env: { ELECTRON_OVERRIDE_DIST_PATH: empty } });
    expect(result).toEqual({ available: false, reason: expect.stringContaining('ELECTRON_OVERRIDE_DIST_PATH is set') });
  });

  it('tolerates a trailing newline in path.txt', async () => {
    const root = await packageRoot({
      ...electronPackage,
      'node_modules/electron/path.txt': 'electron\n',
      'node_modules/electron/dist/electron': 'binary',
    });
    expect(findElectronBinary(root, { env: noEnv }).available).toBe(true);
  });
});
