/**
 * Serves the built renderer (out/renderer) on `app://seatmap/` with protocol.handle, so the page is
 * never a file:// page (Electron security checklist: "use a custom protocol instead of file://").
 * Every response carries the strict CSP as a header; a path outside the folder (by `..`, encoded
 * slashes, or a symlink that points out) is a 404.
 *
 * The handler is a plain `Request → Response` function and Electron's `protocol` comes in as a
 * parameter, so the responses (and the CSP actually sent) are unit-tested without the binary
 * (test/unit/electron-appProtocol.test.ts).
 */
import { readFile, realpath } from 'node:fs/promises';
import { isAbsolute, relative, sep } from 'node:path';
import type { Protocol, Session } from 'electron';
import { APP_CONTENT_SECURITY_POLICY, APP_SCHEME, contentTypeFor, resolveAppFile } from './appOrigin';

/**
 * Must run before `app` is ready. `standard` gives the scheme real origins and relative URLs,
 * `secure` makes it a secure context; `corsEnabled` and `bypassCSP` stay off on purpose, so
 * other origins can't read it and our CSP applies.
 */
export function registerAppSchemePrivileges(protocol: Pick<Protocol, 'registerSchemesAsPrivileged'>): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
  ]);
}

function respond(status: number, body: string | Buffer, contentType: string): Response {
  return new Response(new Uint8Array(body instanceof Buffer ? body : Buffer.from(body)), {
    status,
    headers: {
      'Content-Type': contentType,
      'Content-Security-Policy': APP_CONTENT_SECURITY_POLICY,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cache-Control': 'no-cache',
    },
  });
}

const notFound = () => respond(404, 'Not found', 'text/plain; charset=utf-8');

function inside(root: string, file: string): boolean {
  const rel = relative(root, file);
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel);
}

/** The app:// handler: GET/HEAD of a file whose real path is inside `rendererDir`, else 404/405. */
export function createAppRequestHandler(rendererDir: string): (request: Request) => Promise<Response> {
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return respond(405, 'Method not allowed', 'text/plain; charset=utf-8');
    const file = resolveAppFile(rendererDir, request.url);
    if (!file) return notFound();
    try {
      // A symlink inside the folder must not serve a file from outside it.
      const [root, real] = await Promise.all([realpath(rendererDir), realpath(file)]);
      if (!inside(root, real)) return notFound();
      return respond(200, await readFile(real), contentTypeFor(file));
    } catch {
      return notFound();
    }
  };
}

/** Registers the app:// handler on a session (call once the app is ready). */
export function serveRenderer(session: Pick<Session, 'protocol'>, rendererDir: string): void {
  session.protocol.handle(APP_SCHEME, createAppRequestHandler(rendererDir));
}
