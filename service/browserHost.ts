/**
 * The browser host (`seatmap serve`): the same fleet API over HTTP + WebSocket, on 127.0.0.1 only.
 * Any web page can reach 127.0.0.1, so every request needs the random token (from the URL once,
 * then an HttpOnly SameSite=Strict cookie), the Host header must be ours (DNS rebinding), and the
 * socket's Origin must be this host. Every payload is validated with zod (shared/api.ts).
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { validateCall, type FleetEvent, type HostInfo } from '../shared/api';
import { SOCKET_PATH, TOKEN_COOKIE, wireRequestSchema, type WireMessage } from '../shared/wireProtocol';
import { callFleetMethod, serviceHandlers, type FleetRequestHandlers } from './fleetApiHandlers';
import type { FleetSourceService } from './sources/types';

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self' ws://127.0.0.1:* ws://localhost:*",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'",
].join('; ');

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

/** A socket that falls this far behind is closed; the client reconnects and re-fetches. */
const MAX_BUFFERED_BYTES = 32 * 1024 * 1024;

export interface BrowserHostOptions {
  service: FleetSourceService;
  /** The built renderer (out/renderer). */
  staticDir: string;
  port?: number;
  token?: string;
}

export interface BrowserHost {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

function sameToken(expected: string, given: string | null | undefined): boolean {
  if (!given) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

function cookieToken(req: IncomingMessage): string | null {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === TOKEN_COOKIE) return decodeURIComponent(rest.join('='));
  }
  return null;
}

export async function startBrowserHost(options: BrowserHostOptions): Promise<BrowserHost> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const { service, staticDir } = options;
  let port = 0;
  const allowedHosts = () => new Set([`127.0.0.1:${port}`, `localhost:${port}`]);

  const send = (res: ServerResponse, status: number, body: string | Buffer, type = 'text/plain; charset=utf-8', extra: Record<string, string> = {}) => {
    res.writeHead(status, {
      'Content-Type': type,
      'Content-Security-Policy': CONTENT_SECURITY_POLICY,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Cache-Control': 'no-store',
      'Cross-Origin-Opener-Policy': 'same-origin',
      ...extra,
    });
    res.end(body);
  };

  const server = createServer((req, res) => {
    void (async () => {
      if (!allowedHosts().has(req.headers.host ?? '')) return send(res, 421, 'Unknown host');
      if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'Method not allowed');
      const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
      const queryToken = url.searchParams.get('token');
      const authorised = sameToken(token, queryToken) || sameToken(token, cookieToken(req));
      if (!authorised) {
        return send(res, 401, 'Seatmap: open the address that `seatmap serve` printed; it carries the access token.');
      }
      const extra: Record<string, string> = {};
      if (sameToken(token, queryToken)) {
        extra['Set-Cookie'] = `${TOKEN_COOKIE}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/`;
      }
      const path = url.pathname === '/' ? '/index.html' : url.pathname;
      const file = normalize(join(staticDir, decodeURIComponent(path)));
      if (!file.startsWith(staticDir + sep)) return send(res, 404, 'Not found');
      try {
        const body = await readFile(file);
        send(res, 200, body, CONTENT_TYPES[extname(file)] ?? 'application/octet-stream', extra);
      } catch {
        send(res, 404, 'Not found');
      }
    })();
  });

  const sockets = new WebSocketServer({ noServer: true, maxPayload: 4 * 1024 * 1024 });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://placeholder');
    const hostOk = allowedHosts().has(req.headers.host ?? '');
    const originOk = typeof req.headers.origin === 'string' && allowedHosts().has(req.headers.origin.replace(/^http:\/\//, ''));
    const tokenOk = sameToken(token, cookieToken(req)) || sameToken(token, url.searchParams.get('token'));
    if (url.pathname !== SOCKET_PATH || !hostOk || !originOk || !tokenOk) {
      socket.write('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      socket.destroy();
      return;
    }
    sockets.handleUpgrade(req, socket, head, (ws) => serveSocket(ws, service));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}/?token=${encodeURIComponent(token)}`,
    port,
    token,
    close: async () => {
      for (const client of sockets.clients) client.terminate();
      sockets.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function serveSocket(ws: WebSocket, service: FleetSourceService): void {
  const handlers = browserHandlers(service);
  const post = (message: WireMessage) => {
    if (ws.readyState !== ws.OPEN) return;
    if (ws.bufferedAmount > MAX_BUFFERED_BYTES) {
      ws.close(1013, 'Too far behind; reconnect');
      return;
    }
    ws.send(JSON.stringify(message));
  };
  const unsubscribe = service.subscribe((event: FleetEvent) => post({ type: 'event', event }));
  ws.on('close', unsubscribe);
  ws.on('message', (data) => {
    void (async () => {
      let raw: unknown;
      try {
        raw = JSON.parse(data.toString());
      } catch {
        return post({ type: 'error', id: -1, error: { code: 'bad-request', message: 'Not JSON' } });
      }
      const request = wireRequestSchema.safeParse(raw);
      if (!request.success) return post({ type: 'error', id: -1, error: { code: 'bad-request', message: 'Not a request' } });
      const { id } = request.data;
      const call = validateCall(request.data.method, request.data.args);
      if (!call.ok) return post({ type: 'error', id, error: call.error });
      try {
        post({ type: 'result', id, result: await callFleetMethod(handlers, call.method, call.args) });
      } catch (error) {
        const code = (error as { code?: unknown }).code === 'not-supported' ? 'not-supported' : 'internal';
        post({ type: 'error', id, error: { code, message: error instanceof Error ? error.message : String(error) } });
      }
    })();
  });
}

function browserHandlers(service: FleetSourceService): FleetRequestHandlers {
  return {
    ...serviceHandlers(() => service),
    getHostInfo: async (): Promise<HostInfo> => ({ host: 'browser', canOpenFolder: false, recentFleets: [], isDemo: service.isDemo }),
    openFleet: async () => {
      throw Object.assign(new Error('A browser window shows the fleet that `seatmap serve` was started on'), { code: 'not-supported' });
    },
  };
}
