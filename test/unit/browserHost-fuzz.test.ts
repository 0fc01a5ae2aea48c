/**
 * Property tests for the browser host's boundary (service/browserHost.ts) against a real server on
 * 127.0.0.1: random paths, headers, raw request bytes and WebSocket frames. Whatever arrives, the
 * host answers (4xx for bad input, never 5xx), never crashes, and serves a good request afterwards.
 * Runs are bounded (a fixed seed and a few dozen cases each) so they take seconds.
 */
import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { connect as connectTcp, type Socket } from 'node:net';
import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startBrowserHost, type BrowserHost } from '../../service/browserHost';
import { FleetService } from '../../service/fleetService';
import type { WireMessage } from '../../shared/wireProtocol';
import { copyFixture, makeFleetDir, removeDir, waitFor } from '../helpers/fleetDir';

const SEED = 20261129;
/** Method names the host knows today; unknown names are part of the input too. */
const KNOWN_METHODS = ['getSnapshot', 'getLayout', 'saveLayout', 'queryInbox', 'getMessage', 'messageAtLine', 'runCommand', 'getHostInfo', 'openFleet'];
const ANSWER_TIMEOUT_MS = 10_000;

let fleet: string;
let ui: string;
let service: FleetService;
let host: BrowserHost;
const crashes: unknown[] = [];
const recordCrash = (error: unknown) => crashes.push(error);

beforeAll(async () => {
  fleet = await copyFixture('small-agency');
  ui = await makeFleetDir({ 'index.html': '<!doctype html><title>Seatmap</title>', 'assets/app.js': 'console.log(1)' });
  service = await FleetService.open({ root: fleet });
  host = await startBrowserHost({ service, staticDir: ui, port: 0 });
  process.on('unhandledRejection', recordCrash);
  process.on('uncaughtException', recordCrash);
});
afterAll(async () => {
  process.off('unhandledRejection', recordCrash);
  process.off('uncaughtException', recordCrash);
  await host.close();
  await service.close();
  await removeDir(fleet);
  await removeDir(ui);
});
beforeEach(() => {
  crashes.length = 0;
});
afterEach(async () => {
  expect(crashes).toEqual([]);
  // Whatever came before, a good request is still served.
  expect(await httpStatus({ method: 'GET', path: '/assets/app.js', headers: { cookie: `${host.cookieName}=${host.token}` } })).toBe(200);
});

function httpStatus(options: { method: string; path: string; headers: Record<string, string> }): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: host.port, method: options.method, path: options.path, headers: { host: `127.0.0.1:${host.port}`, ...options.headers } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.setTimeout(ANSWER_TIMEOUT_MS, () => req.destroy(new Error(`no answer to ${options.method} ${options.path}`)));
    req.on('error', reject);
    req.end();
  });
}

/** Writes raw bytes and resolves with everything the host sent back until it closed the connection. */
function rawExchange(bytes: Buffer, afterConnect?: (socket: Socket) => Promise<void>): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connectTcp(host.port, '127.0.0.1');
    let answer = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error('the host neither answered nor closed the connection'));
    }, ANSWER_TIMEOUT_MS);
    socket.on('data', (chunk) => (answer += chunk.toString('latin1')));
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(answer);
    });
    // A reset after the host gave up on us is an answer too.
    socket.on('error', () => undefined);
    socket.on('connect', () => {
      void (afterConnect ? afterConnect(socket) : Promise.resolve()).then(() => socket.end(bytes), reject);
    });
  });
}

/** Path characters a careless client or an attacker might send, escapes and dots over-represented. */
const pathChar = fc.oneof(
  fc.constantFrom('/', '.', '..', '%', '%2e', '%2f', '%5c', '%00', '%E0%A4%A', '%zz', '?', '#', '&', '=', 'token=', '\\', '~', ';'),
  fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 3 }).map((text) => encodeURI(text)),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 2 }).map((text) => encodeURIComponent(text)),
  fc.constantFrom('index.html', 'assets', 'app.js', 'api', 'socket', 'etc', 'passwd'),
);
const randomPath = fc.array(pathChar, { maxLength: 12 }).map((parts) => `/${parts.join('')}`);
const headerName = fc.stringMatching(/^[A-Za-z][A-Za-z0-9-]{0,20}$/).filter((name) => !['host', 'content-length', 'transfer-encoding', 'connection', 'upgrade', 'expect'].includes(name.toLowerCase()));
const headerValue = fc.string({ unit: 'grapheme-ascii', maxLength: 60 }).map((value) => value.replace(/[^\x20-\x7e]/g, '').trim());

describe('browser host under random input', () => {
  it('answers any path, method and headers with a status below 500', async () => {
    await fc.assert(
      fc.asyncProperty(
        randomPath,
        fc.constantFrom('GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH'),
        fc.dictionary(headerName, headerValue, { maxKeys: 4 }),
        fc.constantFrom('none', 'cookie', 'bad-cookie', 'query'),
        async (path, method, headers, auth) => {
          const allHeaders = { ...headers };
          if (auth === 'cookie') allHeaders.cookie = `${host.cookieName}=${host.token}`;
          if (auth === 'bad-cookie') allHeaders.cookie = `${host.cookieName}=${path}`;
          const target = auth === 'query' ? `${path}${path.includes('?') ? '&' : '?'}token=${host.token}` : path;
          const status = await httpStatus({ method, path: target, headers: allHeaders });
          expect(status).toBeGreaterThanOrEqual(200);
          expect(status).toBeLessThan(500);
          if (auth === 'none' || auth === 'bad-cookie') expect([400, 401, 405]).toContain(status);
        },
      ),
      { seed: SEED, numRuns: 150 },
    );
  });

  it('survives raw bytes that are not HTTP, or barely', async () => {
    const requestLine = fc.tuple(fc.constantFrom('GET', 'POST', 'G\0T', ''), randomPath, fc.constantFrom('HTTP/1.1', 'HTTP/1.0', 'HTTP/9', ''));
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes)),
          fc
            .tuple(requestLine, fc.array(fc.tuple(fc.string({ maxLength: 20 }), fc.string({ maxLength: 40 })), { maxLength: 4 }), fc.boolean())
            .map(([[method, path, version], headers, withHost]) => {
              const lines = [`${method} ${path} ${version}`, ...(withHost ? [`Host: 127.0.0.1:${host.port}`] : []), ...headers.map(([name, value]) => `${name}: ${value}`)];
              return Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'utf8');
            }),
        ),
        async (bytes) => {
          const answer = await rawExchange(bytes);
          if (answer) expect(answer).not.toMatch(/^HTTP\/1\.[01] 5/);
        },
      ),
      { seed: SEED, numRuns: 80 },
    );
  });

  it('answers every WebSocket message exactly once, whatever its content', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}/api/socket`, {
      headers: { origin: `http://127.0.0.1:${host.port}`, cookie: `${host.cookieName}=${host.token}` },
    });
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    const answers: Extract<WireMessage, { id: number }>[] = [];
    ws.on('message', (data) => {
      const message = JSON.parse(String(data)) as WireMessage;
      if (message.type !== 'event') answers.push(message);
    });
    // Read-only methods and unknown names; mutating ones only with random (so almost always refused) args.
    const method = fc.oneof(fc.constantFrom(...KNOWN_METHODS), fc.string({ maxLength: 70 }));
    const frame = fc.oneof(
      fc.string({ maxLength: 200 }),
      fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes)),
      fc.jsonValue().map((value) => JSON.stringify(value)),
      fc.record({ id: fc.oneof(fc.nat(), fc.integer(), fc.double(), fc.string()), method, args: fc.array(fc.jsonValue(), { maxLength: 9 }) }, { requiredKeys: [] }).map((value) => JSON.stringify(value)),
    );
    try {
      await fc.assert(
        fc.asyncProperty(frame, async (payload) => {
          const before = answers.length;
          ws.send(payload);
          await waitFor(() => answers.length > before, {
            timeoutMs: ANSWER_TIMEOUT_MS,
            describe: () => `an answer to ${String(payload).slice(0, 80)}`,
            subscribe: (wake) => {
              ws.on('message', wake);
              return () => ws.off('message', wake);
            },
          });
          const answer = answers[before];
          expect(answer?.type === 'error' ? answer.error.code : 'result').not.toBe('internal');
        }),
        { seed: SEED, numRuns: 150 },
      );
      // Exactly once: nothing straggles in after the last answer.
      const settled = answers.length;
      ws.send(JSON.stringify({ id: 424242, method: 'getSnapshot', args: [] }));
      await waitFor(() => answers.find((answer) => answer.id === 424242));
      expect(answers.length).toBe(settled + 1);
    } finally {
      ws.close();
    }
  });

  it('survives malformed WebSocket frames after a valid handshake', async () => {
    const handshake = [
      'GET /api/socket HTTP/1.1',
      `Host: 127.0.0.1:${host.port}`,
      `Origin: http://127.0.0.1:${host.port}`,
      `Cookie: ${host.cookieName}=${host.token}`,
      'Upgrade: websocket',
      'Connection: Upgrade',
      'Sec-WebSocket-Version: 13',
      `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`,
      '',
      '',
    ].join('\r\n');
    const upgraded = (socket: Socket) =>
      new Promise<void>((resolve, reject) => {
        socket.write(handshake);
        let seen = '';
        const onData = (chunk: Buffer) => {
          seen += chunk.toString('latin1');
          if (!seen.includes('\r\n\r\n')) return;
          socket.off('data', onData);
          if (seen.startsWith('HTTP/1.1 101')) resolve();
          else reject(new Error(`handshake refused: ${seen.split('\r\n')[0]}`));
        };
        socket.on('data', onData);
      });
    // Frames: a random first byte (FIN, reserved bits, opcode), masked or not, random length and payload.
    const frame = fc
      .tuple(fc.integer({ min: 0, max: 255 }), fc.boolean(), fc.uint8Array({ maxLength: 64 }), fc.constantFrom(-1, 126, 127))
      .map(([first, masked, payload, lengthCode]) => {
        const length = lengthCode === -1 ? payload.length : lengthCode;
        const header = Buffer.from([first, (masked ? 0x80 : 0) | (length & 0x7f)]);
        const extended = lengthCode === 126 ? Buffer.from([0xff, 0xff]) : lengthCode === 127 ? Buffer.from([0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]) : Buffer.alloc(0);
        return Buffer.concat([header, extended, masked ? randomBytes(4) : Buffer.alloc(0), Buffer.from(payload)]);
      });
    await fc.assert(
      fc.asyncProperty(fc.array(frame, { minLength: 1, maxLength: 4 }), async (frames) => {
        await rawExchange(Buffer.concat(frames), upgraded);
      }),
      { seed: SEED, numRuns: 40 },
    );
  });
});
