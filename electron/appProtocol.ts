/**
 * Serves the built renderer (out/renderer) on `app://seatmap/` with protocol.handle, so the page is
 * never a file:// page (Electron security checklist: "use a custom protocol instead of file://").
 * Every response carries the strict CSP as a header; a path outside the folder is a 404.
 */
import { readFile } from 'node:fs/promises';
import { protocol, type Session } from 'electron';
import { APP_CONTENT_SECURITY_POLICY, APP_SCHEME, contentTypeFor, resolveAppFile } from './appOrigin';

/**
 * Must run before `app` is ready. `standard` gives the scheme real origins and relative URLs,
 * `secure` makes it a secure context; `corsEnabled` and `bypassCSP` stay off on purpose, so
 * other origins can't read it and our CSP applies.
 */
export function registerAppSchemePrivileges(): void {
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

/** Registers the app:// handler on a session (call once the app is ready). */
export function serveRenderer(session: Session, rendererDir: string): void {
  session.protocol.handle(APP_SCHEME, async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return respond(405, 'Method not allowed', 'text/plain; charset=utf-8');
    const file = resolveAppFile(rendererDir, request.url);
    if (!file) return respond(404, 'Not found', 'text/plain; charset=utf-8');
    try {
      return respond(200, await readFile(file), contentTypeFor(file));
    } catch {
      return respond(404, 'Not found', 'text/plain; charset=utf-8');
    }
  });
}
