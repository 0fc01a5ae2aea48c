/** Branded identifiers, so a path can never be passed where a seat id is expected (docs/architecture.md). */

/** A seat's id: the key in fleet.yaml's `seats` map; it names files, so only a safe alphabet is valid. */
export type SeatId = string & { readonly __brand: 'SeatId' };
/** A handoff's id, stable across reloads: `<from>-><to>@<via>`. */
export type HandoffId = string & { readonly __brand: 'HandoffId' };
/** A fleet-relative path with forward slashes, e.g. `state/dash/anomalies.json`. */
export type FleetPath = string & { readonly __brand: 'FleetPath' };

export const SEAT_ID_PATTERN = /^[a-z0-9][a-z0-9_-]{0,63}$/;

/**
 * Names Windows reserves for devices: a file `inbox/con.jsonl` cannot be created or read there
 * (it opens the console), so these are never seat ids, on any platform, as ids name files.
 */
const WINDOWS_DEVICE_NAMES = new Set(['con', 'prn', 'aux', 'nul', ...[1, 2, 3, 4, 5, 6, 7, 8, 9].flatMap((n) => [`com${n}`, `lpt${n}`])]);

export function isWindowsDeviceName(value: string): boolean {
  return WINDOWS_DEVICE_NAMES.has(value.toLowerCase());
}

export function isSeatId(value: unknown): value is SeatId {
  return typeof value === 'string' && SEAT_ID_PATTERN.test(value) && !WINDOWS_DEVICE_NAMES.has(value);
}

/** Why `value` is not a seat id, in plain words (for diagnostics and refusals); null when it is one. */
export function seatIdProblem(value: string): string | null {
  if (isSeatId(value)) return null;
  if (SEAT_ID_PATTERN.test(value)) return `${JSON.stringify(value)} is a device name on Windows and cannot name a file there; choose another id`;
  return `${JSON.stringify(value)} is not a valid seat id: use lowercase letters, digits, - and _ (up to 64), starting with a letter or digit`;
}

export function asSeatId(value: string): SeatId {
  if (!isSeatId(value)) throw new Error(`Not a valid seat id: ${JSON.stringify(value)}`);
  return value;
}

export function handoffId(from: string, to: string, via: string): HandoffId {
  return `${from}->${to}@${via}` as HandoffId;
}

/**
 * Normalises a path written in fleet.yaml to a fleet-relative path, or null when it would leave
 * the fleet directory (absolute, `..`, backslashes, NUL). Pure: the host still checks realpaths.
 */
export function toFleetPath(raw: string): FleetPath | null {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > 1024) return null;
  if (raw.includes('\0') || raw.includes('\\')) return null;
  if (raw.startsWith('/') || /^[a-zA-Z]:/.test(raw)) return null;
  const parts: string[] = [];
  for (const part of raw.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') return null;
    parts.push(part);
  }
  if (parts.length === 0) return null;
  return parts.join('/') as FleetPath;
}
