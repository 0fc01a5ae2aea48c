/** Small phrases the signal messages share, so every sentence reads the same way. */
import { formatSpan } from '../duration';

export function plural(count: number, word: string, many = `${word}s`): string {
  return `${count} ${count === 1 ? word : many}`;
}

export function possessive(name: string): string {
  return `${name}'s`;
}

/** A state file as its owner's name sees it: `anomalies.json` for `state/dash/anomalies.json`. */
export function fileLabel(path: string, seat: string): string {
  const prefix = `state/${seat}/`;
  return path.startsWith(prefix) ? path.slice(prefix.length) : path;
}

const UNITS: Array<[string, number]> = [['d', 86_400_000], ['h', 3_600_000], ['min', 60_000], ['s', 1000]];

/** `18 h 20 min`: two units, for when the rounded form would hide the difference from a limit. */
export function preciseSpan(ms: number): string {
  const abs = Math.abs(ms);
  const first = UNITS.findIndex(([, size]) => abs >= size);
  if (first < 0 || first === UNITS.length - 1) return formatSpan(abs);
  const [bigName, big] = UNITS[first]!;
  const [smallName, small] = UNITS[first + 1]!;
  const whole = Math.floor(abs / big);
  const rest = Math.floor((abs - whole * big) / small);
  return rest === 0 ? `${whole} ${bigName}` : `${whole} ${bigName} ${rest} ${smallName}`;
}

/**
 * A span shown beside a limit: the short form, unless it rounds to the limit's own text ("18 h old;
 * its limit is 18 h" would read as no problem), then the precise one.
 */
export function spanBeside(ms: number, limitMs: number): string {
  const short = formatSpan(ms);
  return short === formatSpan(limitMs) ? preciseSpan(ms) : short;
}

export function ago(ms: number): string {
  return ms < 1000 ? 'just now' : `${formatSpan(ms)} ago`;
}

/** `client:acme, deal:42 and 3 more`. */
export function listSome(items: string[], max = 3): string {
  if (items.length <= max) return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
  return `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
}
