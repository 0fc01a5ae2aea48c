/**
 * The browser host's access token. `seatmap serve` prints `http://127.0.0.1:<port>/?token=<t>` and
 * sets an HttpOnly cookie when it serves index.html, so the socket normally authenticates by cookie.
 * As a fallback the token from the first URL is kept for this tab (sessionStorage) and sent on the
 * socket URL; it is removed from the address bar so it does not end up in history or screenshots.
 */
const STORAGE_KEY = 'seatmap.token';

export function takeAccessToken(): string | null {
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    try {
      window.sessionStorage.setItem(STORAGE_KEY, fromUrl);
    } catch {
      // Storage can be disabled; the cookie still works.
    }
    url.searchParams.delete('token');
    window.history.replaceState(window.history.state, '', `${url.pathname}${url.search}${url.hash}`);
    return fromUrl;
  }
  try {
    return window.sessionStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}
