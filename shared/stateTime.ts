/**
 * When a state file's data was computed (docs/fleet-format.md, "State files"): a top-level `updatedAt`
 * in JSON, `updated` / `last_updated` in Markdown front matter, else the caller uses the mtime
 * (a copy or a checkout changes mtime, so the file's own time wins when it has one).
 */
import { parse as parseYaml } from 'yaml';

export interface StateContent {
  time: number | null;
  source: 'updatedAt' | 'front-matter' | null;
  /** A JSON file's top-level `entities` list (watchlists), else null. */
  entities: unknown[] | null;
}

const NONE: StateContent = { time: null, source: null, entities: null };
const FRONT_MATTER = /^---\r?\n([\s\S]*?)\r?\n(?:---|\.\.\.)\s*(?:\r?\n|$)/;

/** The largest distance from 1970 a JS Date can hold; a time beyond it cannot even be shown. */
const MAX_DATE_MS = 8.64e15;

function toTime(value: unknown): number | null {
  if (value instanceof Date) return value.getTime();
  if (typeof value !== 'string' && typeof value !== 'number') return null;
  const ms = typeof value === 'number' ? value : Date.parse(value);
  return Number.isFinite(ms) && Math.abs(ms) <= MAX_DATE_MS ? ms : null;
}

/** Reads the data time out of a state file's text. Pure; never throws. */
export function readStateContent(path: string, raw: string): StateContent {
  // Editors on Windows often start a file with a byte-order mark; JSON.parse and `---` reject it.
  const text = raw.startsWith('\uFEFF') ? raw.slice(1) : raw;
  const trimmed = text.trimStart();
  if (path.endsWith('.json') || trimmed.startsWith('{')) {
    try {
      const value = JSON.parse(text) as unknown;
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return NONE;
      const record = value as Record<string, unknown>;
      const time = toTime(record.updatedAt);
      return {
        time,
        source: time === null ? null : 'updatedAt',
        entities: Array.isArray(record.entities) ? record.entities : null,
      };
    } catch {
      return NONE;
    }
  }
  const match = FRONT_MATTER.exec(text);
  if (!match) return NONE;
  try {
    const front = parseYaml(match[1] ?? '', { maxAliasCount: 10, logLevel: 'error' }) as unknown;
    if (typeof front !== 'object' || front === null) return NONE;
    const record = front as Record<string, unknown>;
    const time = toTime(record.updated ?? record.last_updated ?? record.updatedAt);
    return { time, source: time === null ? null : 'front-matter', entities: null };
  } catch {
    return NONE;
  }
}
