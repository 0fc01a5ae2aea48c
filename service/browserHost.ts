/**
 * The browser host (`seatmap serve`): the same fleet API over HTTP + WebSocket, on 127.0.0.1 only.
 * Any web page can reach 127.0.0.1, so every request needs the random token (from the URL once,
 * then an HttpOnly SameSite=Strict cookie named for this instance), the Host header must be ours (DNS rebinding), and the
 * socket's Origin must be this host. Every payload is validated with zod (shared/api.ts).
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { extname, join, normalize, sep } from 'node:path';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { ApiError, type FleetEvent, type HostInfo } from '../shared/api';
import { SOCKET_PATH, TOKEN_COOKIE, wireRequestSchema, type WireMessage } from '../shared/wireProtocol';
import { dispatchFleetCall, singleFleetAccess, type FleetRequestHandlers } from './fleetApiHandlers';
import type { FleetSourceService } from './sources/types';
import { asFleetHandle, fleetHandleHandlers, type FleetHandle } from './fleetProcess/fleetHandle';

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
  /** The fleet: in this process (a source's service) or in a child process (service/fleetProcess/). */
  service: FleetHandle | FleetSourceService;
  /** The built renderer (out/renderer). */
  staticDir: string;
  port?: number;
  token?: string;
  /** Where failures inside a handler are reported (they are answered, never thrown); default stderr. */
  onError?: (error: unknown) => void;
}

export interface BrowserHost {
  url: string;
  port: number;
  token: string;
  /** The name of this instance's token cookie (see tokenCookieName). */
  cookieName: string;
  close(): Promise<void>;
}

function sameToken(expected: string, given: string | null | undefined): boolean {
  if (!given) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The token cookie's name for the instance on `port`. Cookies ignore ports, so two `seatmap serve`
 * instances on one machine would otherwise overwrite each other's cookie and the first tab would get
 * 401 on its next reload.
 */
export function tokenCookieName(port: number): string {
  return `${TOKEN_COOKIE}_${port}`;
}

/** The cookie's value, or null when it is absent or not valid percent-encoding (never throws). */
function cookieToken(req: IncomingMessage, cookieName: string): string | null {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name !== cookieName) continue;
    try {
      return decodeURIComponent(rest.join('='));
    } catch {
      return null;
    }
  }
  return null;
}

/** The request target as a URL, or null when it cannot be parsed (e.g. `//`). */
function requestUrl(req: IncomingMessage): URL | null {
  try {
    return new URL(req.url ?? '/', 'http://host.invalid');
  } catch {
    return null;
  }
}

/** A percent-decoded path, or null when the escapes are malformed (e.g. `/%E0%A4%A`). */
function decodePath(path: string): string | null {
  try {
    return decodeURIComponent(path);
  } catch {
    return null;
  }
}

/**
 * Starts an async handler from an event callback. Its failure goes to `onFailure` and never becomes
 * an unhandled rejection: one bad request must not end the process that serves everyone else.
 */
function runHandler(handler: () => Promise<void>, onFailure: (error: unknown) => void): void {
  handler().catch((error: unknown) => {
    try {
      onFailure(error);
    } catch {
      // The failure handler itself failed (the peer is gone); there is nobody left to answer.
    }
  });
}

export async function startBrowserHost(options: BrowserHostOptions): Promise<BrowserHost> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const { staticDir } = options;
  const service = asFleetHandle(options.service);
  const reportError = options.onError ?? ((error: unknown) => console.error(`Seatmap: a request failed: ${error instanceof Error ? error.message : String(error)}`));
  let port = 0;
  let cookieName = tokenCookieName(0);
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

  const answerHttp = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (!allowedHosts().has(req.headers.host ?? '')) return send(res, 421, 'Unknown host');
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'Method not allowed');
    const url = requestUrl(req);
    if (!url) return send(res, 400, 'Bad request: the address cannot be read');
    const queryToken = url.searchParams.get('token');
    const authorised = sameToken(token, queryToken) || sameToken(token, cookieToken(req, cookieName));
    if (!authorised) {
      return send(res, 401, 'Seatmap: open the address that `seatmap serve` printed; it carries the access token.');
    }
    const extra: Record<string, string> = {};
    if (sameToken(token, queryToken)) {
      extra['Set-Cookie'] = `${cookieName}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/`;
    }
    const path = decodePath(url.pathname === '/' ? '/index.html' : url.pathname);
    if (path === null) return send(res, 400, 'Bad request: the path is not valid percent-encoding');
    if (path.includes('\0')) return send(res, 400, 'Bad request: the path contains a NUL character');
    const file = normalize(join(staticDir, path));
    if (!file.startsWith(staticDir + sep)) return send(res, 404, 'Not found');
    let body: Buffer;
    try {
      body = await readFile(file);
    } catch {
      return send(res, 404, 'Not found');
    }
    send(res, 200, body, CONTENT_TYPES[extname(file)] ?? 'application/octet-stream', extra);
  };

  const server = createServer((req, res) => {
    runHandler(
      () => answerHttp(req, res),
      (error) => {
        reportError(error);
        if (!res.headersSent) send(res, 500, 'Seatmap: this request failed inside the host; it keeps serving.');
        else res.destroy();
      },
    );
  });
  // Without a listener an 'error' event is thrown; a failed accept must not end the host.
  server.on('error', reportError);

  const sockets = new WebSocketServer({ noServer: true, maxPayload: 4 * 1024 * 1024 });
  const refuseUpgrade = (socket: Duplex, status: string) => {
    socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    socket.destroy();
  };
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    try {
      const url = requestUrl(req);
      if (!url) return refuseUpgrade(socket, '400 Bad Request');
      const hostOk = allowedHosts().has(req.headers.host ?? '');
      const originOk = typeof req.headers.origin === 'string' && allowedHosts().has(req.headers.origin.replace(/^http:\/\//, ''));
      const tokenOk = sameToken(token, cookieToken(req, cookieName)) || sameToken(token, url.searchParams.get('token'));
      if (url.pathname !== SOCKET_PATH || !hostOk || !originOk || !tokenOk) return refuseUpgrade(socket, '403 Forbidden');
      sockets.handleUpgrade(req, socket, head, (ws) => serveSocket(ws, service, reportError));
    } catch (error) {
      reportError(error);
      refuseUpgrade(socket, '400 Bad Request');
    }
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  cookieName = tokenCookieName(port);

  return {
    url: `http://127.0.0.1:${port}/?token=${encodeURIComponent(token)}`,
    port,
    token,
    cookieName,
    close: async () => {
      for (const client of sockets.clients) client.terminate();
      sockets.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function serveSocket(ws: WebSocket, service: FleetHandle, reportError: (error: unknown) => void): void {
  const handlers = browserHandlers(service);
  // ws emits 'error' for malformed frames (bad opcode, invalid UTF-8, too large) and closes the
  // socket itself; without a listener that event would be thrown and end the host.
  ws.on('error', () => ws.terminate());
  const post = (message: WireMessage) => {
    if (ws.readyState !== ws.OPEN) return;
    if (ws.bufferedAmount > MAX_BUFFERED_BYTES) {
      ws.close(1013, 'Too far behind; reconnect');
      return;
    }
    try {
      ws.send(JSON.stringify(message));
    } catch (error) {
      reportError(error);
    }
  };
  const unsubscribe = service.subscribe((event: FleetEvent) => post({ type: 'event', event }));
  ws.on('close', unsubscribe);
  ws.on('message', (data: RawData) => {
    let requestId = -1;
    runHandler(
      async () => {
        let raw: unknown;
        try {
          raw = JSON.parse(rawText(data));
        } catch {
          return post({ type: 'error', id: -1, error: { code: 'bad-request', message: 'Not JSON' } });
        }
        const request = wireRequestSchema.safeParse(raw);
        if (!request.success) return post({ type: 'error', id: -1, error: { code: 'bad-request', message: 'Not a request' } });
        const { id } = request.data;
        requestId = id;
        const answer = await dispatchFleetCall(handlers, request.data.method, request.data.args);
        post(answer.ok ? { type: 'result', id, result: answer.value } : { type: 'error', id, error: answer.error });
      },
      (error) => {
        reportError(error);
        post({ type: 'error', id: requestId, error: { code: 'internal', message: 'The host could not answer this request' } });
      },
    );
  });
}

/** A frame's text; `ws` hands over a Buffer, an array of fragments or an ArrayBuffer. */
function rawText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  return data.toString('utf8');
}

function browserHandlers(service: FleetHandle): FleetRequestHandlers {
  return {
    ...fleetHandleHandlers(singleFleetAccess(service)),
    getHostInfo: (): HostInfo => ({ host: 'browser', canOpenFolder: false, recentFleets: [], isDemo: service.isDemo }),
    openFleet: () => {
      throw new ApiError('not-supported', 'A browser window shows the fleet that `seatmap serve` was started on');
    },
  };
}
