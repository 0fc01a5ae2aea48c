/**
 * The app:// handler (electron/appProtocol.ts) as Electron calls it, with real Requests on a real
 * folder: which paths it serves (traversal, encoded slashes, symlinks out of the folder) and the
 * Content-Security-Policy it actually sends.
 */
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppRequestHandler } from '../../electron/appProtocol';
import { makeFleetDir, removeDir } from '../helpers/fleetDir';

let base: string;
let serve: (request: Request) => Promise<Response>;

beforeAll(async () => {
  base = await makeFleetDir({
    'renderer/index.html': '<!doctype html><title>Seatmap</title>',
    'renderer/assets/app.js': 'console.log(1)',
    'renderer/assets/data.bin': 'bytes',
    'outside/secret.txt': 'SECRET',
    'secret.txt': 'SECRET',
  });
  const renderer = join(base, 'renderer');
  await symlink(join(base, 'outside', 'secret.txt'), join(renderer, 'assets', 'leak.txt'));
  await symlink(join(base, 'outside'), join(renderer, 'linked'));
  await symlink(join(renderer, 'assets', 'app.js'), join(renderer, 'alias.js'));
  await mkdir(join(renderer, 'empty'));
  await writeFile(join(renderer, 'favicon.svg'), '<svg/>');
  serve = createAppRequestHandler(renderer);
});
afterAll(async () => {
  await removeDir(base);
});

const get = (url: string, init?: RequestInit) => serve(new Request(url, init));

/** The CSP header as directive → sources. */
function directives(header: string | null): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const part of (header ?? '').split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) map.set(name, sources);
  }
  return map;
}

describe('app:// protocol handler', () => {
  it('serves index.html for / and files by type, with nosniff', async () => {
    const index = await get('app://seatmap/');
    expect(index.status).toBe(200);
    expect(await index.text()).toContain('<title>Seatmap</title>');
    expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const script = await get('app://seatmap/assets/app.js?v=1#x');
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect((await get('app://seatmap/assets/data.bin')).headers.get('content-type')).toBe('application/octet-stream');
    expect(index.headers.get('x-content-type-options')).toBe('nosniff');
    // A symlink that stays inside the folder is fine.
    expect(await (await get('app://seatmap/alias.js')).text()).toBe('console.log(1)');
  });

  it('never serves anything outside the folder: dot segments, encoded slashes, NUL, symlinks out', async () => {
    const refused = [
      'app://seatmap/../secret.txt',
      'app://seatmap/%2e%2e/%2e%2e/secret.txt',
      'app://seatmap/assets/..%2f..%2fsecret.txt',
      'app://seatmap/assets/..%2F..%2Foutside%2Fsecret.txt',
      'app://seatmap/%2F..%2F..%2Fetc/passwd',
      'app://seatmap/..%5c..%5csecret.txt',
      'app://seatmap/index.html%00.js',
      'app://seatmap/%E0%A4%A',
      'app://seatmap/assets/leak.txt',
      'app://seatmap/linked/secret.txt',
      'app://seatmap/empty',
      'app://seatmap/missing.js',
      'app://evil/index.html',
      'app://seatmap:8080/index.html',
    ];
    for (const url of refused) {
      const response = await get(url);
      expect(response.status, url).toBe(404);
      expect(await response.text(), url).not.toContain('SECRET');
    }
  });

  it('refuses other methods', async () => {
    expect((await get('app://seatmap/index.html', { method: 'POST', body: 'x' })).status).toBe(405);
    expect((await get('app://seatmap/index.html', { method: 'HEAD' })).status).toBe(200);
  });

  it('sends a CSP on every response that allows only its own script, no eval, nothing remote, no framing', async () => {
    for (const url of ['app://seatmap/', 'app://seatmap/assets/app.js', 'app://seatmap/missing.js', 'app://seatmap/../secret.txt']) {
      const csp = directives((await get(url)).headers.get('content-security-policy'));
      expect(csp.get('default-src'), url).toEqual(["'self'"]);
      expect(csp.get('script-src'), url).toEqual(["'self'"]);
      expect(csp.get('object-src'), url).toEqual(["'none'"]);
      expect(csp.get('base-uri'), url).toEqual(["'none'"]);
      expect(csp.get('frame-ancestors'), url).toEqual(["'none'"]);
      expect(csp.get('form-action'), url).toEqual(["'none'"]);
      // Nothing may be fetched from elsewhere: every source list is 'self', 'none', data: images or inline styles.
      for (const [name, sources] of csp) {
        for (const source of sources) expect(["'self'", "'none'", "'unsafe-inline'", 'data:'], `${name} ${source}`).toContain(source);
        if (name !== 'style-src') expect(sources, name).not.toContain("'unsafe-inline'");
        if (name !== 'img-src') expect(sources, name).not.toContain('data:');
      }
    }
  });
});
