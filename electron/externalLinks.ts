/**
 * Which links may leave the app for the user's browser or mail client (docs/architecture.md: "links open
 * externally only after a scheme check"). Everything else (file:, javascript:, custom handlers
 * such as ms-msdt: or vscode:) is refused, because shell.openExternal hands the URL to the OS.
 */
const EXTERNAL_SCHEMES = new Set(['https:', 'mailto:']);

export function isSafeExternalUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (!EXTERNAL_SCHEMES.has(parsed.protocol)) return false;
  // An https link needs a host and must not smuggle credentials (https://bank.example@evil.example).
  if (parsed.protocol === 'https:') return parsed.hostname !== '' && parsed.username === '' && parsed.password === '';
  return true;
}
