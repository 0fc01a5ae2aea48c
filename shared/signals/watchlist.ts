/**
 * Reading a rule's watchlist (docs/fleet-format.md, "State files"): a JSON state file of the winner whose
 * `entities` is a list of entity strings or `{"entity", "since"}` objects. An entity counts as
 * listed from its `since`, or from the file's time when `since` is missing or not a time.
 * Entries of any other shape are skipped (the file is the winner's to write, not ours to judge).
 */
import type { SignalContext } from './context';
import type { RuleDecl } from '../registry';

export interface ListedEntity {
  entity: string;
  /** Epoch ms from which it counts as listed; NaN when neither `since` nor the file has a time. */
  since: number;
}

export function listedEntities(ctx: SignalContext, rule: RuleDecl): ListedEntity[] {
  if (!rule.watchlist) return [];
  const file = ctx.stateFileByPath.get(rule.watchlist);
  if (!file?.entities) return [];
  const listed: ListedEntity[] = [];
  for (const entry of file.entities) {
    if (typeof entry === 'string' && entry.trim()) {
      listed.push({ entity: entry.trim(), since: file.time });
    } else if (entry && typeof entry === 'object' && !Array.isArray(entry)) {
      const record = entry as Record<string, unknown>;
      if (typeof record.entity !== 'string' || !record.entity.trim()) continue;
      const since = typeof record.since === 'string' ? Date.parse(record.since) : NaN;
      listed.push({ entity: record.entity.trim(), since: Number.isFinite(since) ? since : file.time });
    }
  }
  return listed;
}
