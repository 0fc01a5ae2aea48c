/**
 * The shape both generators return and the writer consumes: fleet-relative files with their text,
 * plus the line formats of docs/fleet-format.md (inbox messages, acks, activity) as plain objects.
 */

/** One file of a generated fleet. `mtime` (epoch ms) is what the writer sets on it, when given. */
export interface GeneratedFile {
  /** Fleet-relative, forward slashes: `inbox/radar.jsonl`, `state/dash/anomalies.json`. */
  path: string;
  content: string;
  mtime?: number;
}

/** A whole fleet directory's worth of files. */
export interface GeneratedFleet {
  files: GeneratedFile[];
}

/** A message line of `inbox/<to>.jsonl`. */
export interface MessageLine {
  id: string;
  ts: string;
  from: string;
  to: string;
  type: 'INFORM' | 'REQUEST' | 'PROPOSAL' | 'RESPONSE' | 'CHALLENGE';
  subject: string;
  body: string;
  re?: string;
  entities?: string[];
}

/** An ack line, appended by the inbox's owner. */
export interface AckLine {
  ack: string;
  ts: string;
  by: string;
}

/** A line of `activity/<seat>.jsonl`. */
export interface ActivityLine {
  ts: string;
  entity: string;
  action: string;
}

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

/** ISO time to the second (`2026-11-20T06:10:03Z`), as agents write it. */
export function isoTime(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** One JSONL line with its newline. Key order is the object's, so lines read naturally. */
export function jsonLine(value: object): string {
  return `${JSON.stringify(value)}\n`;
}

/** A JSONL file from timed lines, in time order (a stable sort keeps acks after what they ack). */
export function jsonlFile(lines: Array<{ at: number; value: object }>): string {
  return [...lines].sort((a, b) => a.at - b.at).map((l) => jsonLine(l.value)).join('');
}
