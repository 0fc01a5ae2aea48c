import { appendFile, mkdir, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { connect as connectTcp } from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startBrowserHost, type BrowserHost } from '../../service/browserHost';
import { FleetService } from '../../service/fleetService';
import type { WireMessage } from '../../shared/wireProtocol';
import { copyFixture, makeFleetDir, removeDir, waitFor } from '../helpers/fleetDir';

let fleet: string;
let ui: string;
let service: FleetService;
let host: BrowserHost;

beforeEach(async () => {
  fleet = await copyFixture('small-agency');
  ui = await makeFleetDir({ 'index.html': '<!doctype html><title>Seatmap</title>', 'assets/app.js': 'console.log(1)' });
  service = await FleetService.open({ root: fleet });
  host = await startBrowserHost({ service, staticDir: ui, port: 0 });
});
afterEach(async () => {
  await host.close();
  await service.close();
  await removeDir(fleet);
  await removeDir(ui);
});

function get(path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: host.port, path, headers: { host: `127.0.0.1:${host.port}`, ...headers } }, (res) => {
      let body = '';
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    // A host that stopped answering fails the test here instead of at the test's time limit.
    req.setTimeout(10_000, () => req.destroy(new Error(`no answer to GET ${path}`)));
    req.on('error', reject);
    req.end();
  });
}

function connect(options: { origin?: string; cookie?: string; query?: string } = {}): Promise<WebSocket> {
  const origin = options.origin ?? `http://127.0.0.1:${host.port}`;
  const ws = new WebSocket(`ws://127.0.0.1:${host.port}/api/socket${options.query ?? ''}`, {
    headers: { origin, ...(options.cookie ? { cookie: options.cookie } : {}) },
  });
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
  });
}

/** Sends raw bytes (what no well-behaved client would send) and resolves with the status line. */
function rawStatus(text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connectTcp(host.port, '127.0.0.1', () => socket.end(text));
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk.toString('latin1')));
    socket.on('close', () => resolve(answer.split('\r\n')[0] ?? ''));
    socket.on('error', reject);
  });
}

describe('browser host', () => {
  it('serves the UI only with the token, sets the cookie and a strict CSP', async () => {
    expect((await get('/')).status).toBe(401);
    expect((await get('/?token=wrong')).status).toBe(401);
    const page = await get(`/?token=${host.token}`);
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>Seatmap</title>');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(String(page.headers['set-cookie'])).toMatch(new RegExp(`^seatmap_token_${host.port}=.*HttpOnly; SameSite=Strict`));
    expect((await get('/assets/app.js', { cookie: `${host.cookieName}=${host.token}` })).status).toBe(200);
    expect((await get('/assets/app.js')).status).toBe(401);
    expect((await get('/../../etc/passwd', { cookie: `${host.cookieName}=${host.token}` })).status).toBe(404);
  });

  it('refuses another Host header (DNS rebinding)', async () => {
    expect((await get(`/?token=${host.token}`, { host: `evil.example:${host.port}` })).status).toBe(421);
  });

  it('refuses sockets without the token or from another origin', async () => {
    await expect(connect()).rejects.toThrow(/403/);
    await expect(connect({ cookie: `${host.cookieName}=${host.token}`, origin: 'https://evil.example' })).rejects.toThrow(/403/);
    await expect(connect({ cookie: `${host.cookieName}=nope` })).rejects.toThrow(/403/);
    const ws = await connect({ query: `?token=${host.token}` });
    ws.close();
  });

  it('answers requests, refuses bad payloads, and pushes patches', async () => {
    const ws = await connect({ cookie: `${host.cookieName}=${host.token}` });
    const received: WireMessage[] = [];
    ws.on('message', (data) => received.push(JSON.parse(data.toString()) as WireMessage));
    const answer = (id: number) => waitFor(() => received.find((m) => 'id' in m && m.id === id), { describe: () => `answer ${id}` });
    ws.send(JSON.stringify({ id: 1, method: 'getSnapshot', args: [] }));
    const snapshot = await answer(1);
    expect(snapshot.type === 'result' && (snapshot.result as { name: string }).name).toBe('Small Agency');
    ws.send(JSON.stringify({ id: 2, method: 'saveLayout', args: [{ '../evil': { x: 1, y: 1 } }] }));
    expect(await answer(2)).toMatchObject({ type: 'error', error: { code: 'bad-request' } });
    ws.send(JSON.stringify({ id: 3, method: 'deleteEverything', args: [] }));
    expect(await answer(3)).toMatchObject({ type: 'error', error: { code: 'bad-request', message: expect.stringMatching(/Unknown method/) } });
    ws.send(JSON.stringify({ id: 4, method: 'openFleet', args: [{ path: '/' }] }));
    expect(await answer(4)).toMatchObject({ type: 'error', error: { code: 'not-supported' } });
    ws.send('not json');
    await waitFor(() => received.find((m) => m.type === 'error' && m.id === -1));
    await appendFile(join(fleet, 'inbox/radar.jsonl'), `${JSON.stringify({ id: 'm-new', ts: new Date().toISOString(), from: 'dash', to: 'radar', type: 'INFORM' })}\n`);
    await waitFor(() => received.find((m) => m.type === 'event' && m.event.kind === 'patch'), { describe: () => 'a patch event' });
    ws.close();
  });

  it('saves and reads the layout through the socket', async () => {
    await mkdir(join(fleet, '.seatmap'), { recursive: true });
    await writeFile(join(fleet, '.seatmap/layout.json'), '{"radar":{"x":1,"y":2}}');
    const ws = await connect({ cookie: `${host.cookieName}=${host.token}` });
    const received: WireMessage[] = [];
    ws.on('message', (data) => received.push(JSON.parse(data.toString()) as WireMessage));
    ws.send(JSON.stringify({ id: 1, method: 'getLayout', args: [] }));
    expect(await waitFor(() => received.find((m) => 'id' in m && m.id === 1))).toMatchObject({ result: { radar: { x: 1, y: 2 } } });
    ws.close();
  });

  it('answers 400 to a malformed percent escape or an unreadable address, and keeps serving', async () => {
    const cookie = { cookie: `${host.cookieName}=${host.token}` };
    const errors: unknown[] = [];
    const failures = (error: unknown) => errors.push(error);
    process.on('unhandledRejection', failures);
    process.on('uncaughtException', failures);
    try {
      expect((await get('/%E0%A4%A', cookie)).status).toBe(400);
      expect((await get('/assets/%', cookie)).status).toBe(400);
      expect((await get('/assets/app%00.js', cookie)).status).toBe(400);
      expect((await get('//', cookie)).status).toBe(400);
      // A broken cookie is no token, not a crash.
      expect((await get('/assets/app.js', { cookie: `${host.cookieName}=%E0%A4%A` })).status).toBe(401);
      expect(await rawStatus(`GET // HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n`)).toMatch(/^HTTP\/1\.1 400/);
      expect((await get('/assets/app.js', cookie)).status).toBe(200);
      expect(errors).toEqual([]);
    } finally {
      process.off('unhandledRejection', failures);
      process.off('uncaughtException', failures);
    }
  });

  it('names the token cookie for its instance, so two hosts on one machine keep their own', async () => {
    const other = await startBrowserHost({ service, staticDir: ui, port: 0 });
    try {
      expect(other.cookieName).not.toBe(host.cookieName);
      // A browser keeps cookies per host name, not per port: one jar serves both instances.
      const jar = new Map<string, string>();
      const visit = async (target: BrowserHost, path: string) => {
        const cookie = [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
        const answer = await new Promise<{ status: number; setCookie: string[] }>((resolve, reject) => {
          const req = request({ host: '127.0.0.1', port: target.port, path, headers: { host: `127.0.0.1:${target.port}`, cookie } }, (res) => {
            res.resume();
            res.on('end', () => resolve({ status: res.statusCode ?? 0, setCookie: res.headers['set-cookie'] ?? [] }));
          });
          req.on('error', reject);
          req.end();
        });
        for (const line of answer.setCookie) {
          const [pair = ''] = line.split(';');
          const at = pair.indexOf('=');
          jar.set(pair.slice(0, at), pair.slice(at + 1));
        }
        return answer.status;
      };
      expect(await visit(host, `/?token=${host.token}`)).toBe(200);
      expect(await visit(other, `/?token=${other.token}`)).toBe(200);
      // Reloading the first tab (the page has removed the token from its address).
      expect(await visit(host, '/')).toBe(200);
      expect(await visit(other, '/')).toBe(200);
    } finally {
      await other.close();
    }
  });
});
