/**
 * A state file rewritten by its agent "now": the same content with a fresh time, the way an agent
 * re-runs and rewrites its output. Pure; used by the live demo simulator.
 *
 * - JSON with a top-level `updatedAt`: the time is replaced in place (key order kept).
 * - Markdown front matter `updated:` / `last_updated:`: the line is replaced.
 * - Anything else (a CSV): unchanged text; the rewrite itself gives it a fresh mtime.
 */
import { isoTime } from './fleetFiles';

export function refreshStateContent(path: string, text: string, now: number): string {
  const time = isoTime(now);
  if (path.endsWith('.json')) {
    try {
      const value = JSON.parse(text) as unknown;
      if (value && typeof value === 'object' && !Array.isArray(value) && 'updatedAt' in value) {
        (value as Record<string, unknown>).updatedAt = time;
        return `${JSON.stringify(value, null, 2)}\n`;
      }
    } catch {
      // Not JSON after all: leave the agent's bytes alone.
    }
    return text;
  }
  const front = /^---\r?\n[\s\S]*?\r?\n---/.exec(text);
  if (!front) return text;
  const updated = front[0].replace(/^(updated|last_updated):.*$/m, `$1: ${time}`);
  return updated + text.slice(front[0].length);
}
