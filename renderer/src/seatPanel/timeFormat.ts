/**
 * Times in the seat panel: compact ages against the snapshot's clock (so an injected clock and the
 * host agree), with the absolute time kept for hover titles. Future times are clock skew, never a
 * negative age (docs/fleet-format.md, "State files").
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** A duration as one compact unit: `45s`, `12m`, `5h`, `3d`, `4mo`, `2y`. No spaces, so counts beside it stay readable. */
export function formatDuration(ms: number): string {
  const value = Math.max(0, ms);
  if (value < MINUTE) return `${Math.floor(value / 1000)}s`;
  if (value < HOUR) return `${Math.floor(value / MINUTE)}m`;
  if (value < 2 * DAY) return `${Math.floor(value / HOUR)}h`;
  if (value < 60 * DAY) return `${Math.floor(value / DAY)}d`;
  if (value < 730 * DAY) return `${Math.floor(value / (30 * DAY))}mo`;
  return `${Math.floor(value / (365 * DAY))}y`;
}

/** `just now`, `5m ago`, `3d ago`; a time ahead of the clock says so instead of a negative age. */
export function formatRelative(ts: number | null, now: number): string {
  if (ts === null || !Number.isFinite(ts)) return 'no time';
  const age = now - ts;
  if (age < -MINUTE) return `${formatDuration(-age)} ahead`;
  if (age < 45_000) return 'just now';
  return `${formatDuration(age)} ago`;
}

/** The full local time for a title, plus the ISO form people paste into tickets. */
export function formatAbsolute(ts: number | null): string {
  if (ts === null || !Number.isFinite(ts)) return 'The line has no valid time';
  const date = new Date(ts);
  return `${date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' })} (${date.toISOString()})`;
}

/** Bytes for people: `812 B`, `14 KB`, `3.2 MB`. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  if (bytes < 1024 * 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  return `${(bytes / (1024 * 1024 * 1024)).toFixed(1)} GB`;
}

/** Freshness of a state file against its threshold. */
export type Freshness = 'fresh' | 'aging' | 'stale' | 'skewed';

export function freshness(time: number, staleAfterMs: number, now: number): Freshness {
  const age = now - time;
  if (age < -MINUTE) return 'skewed';
  if (age > staleAfterMs) return 'stale';
  return age > staleAfterMs * 0.75 ? 'aging' : 'fresh';
}
