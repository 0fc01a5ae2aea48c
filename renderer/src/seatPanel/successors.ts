/**
 * Where a retired seat's work went. `successors` in fleet.yaml is free-form (docs/fleet-format.md keeps
 * it readable rather than strict): a seat id, a list, or a map of what → seat. Flattened to lines.
 */
export interface SuccessorLine {
  /** What moved (a domain, `handoffs`, `messages`), or null when the whole seat went there. */
  what: string | null;
  to: string;
}

export function describeSuccessors(value: unknown): SuccessorLine[] {
  if (value === null || value === undefined) return [];
  if (typeof value === 'string' || typeof value === 'number') return [{ what: null, to: String(value) }];
  if (Array.isArray(value)) return value.flatMap((item) => describeSuccessors(item));
  if (typeof value === 'object') {
    const lines: SuccessorLine[] = [];
    for (const [what, target] of Object.entries(value as Record<string, unknown>)) {
      if (typeof target === 'string' || typeof target === 'number') lines.push({ what, to: String(target) });
      else if (Array.isArray(target)) for (const to of target) lines.push(...describeSuccessors(to).map((l) => ({ what: l.what ? `${what}: ${l.what}` : what, to: l.to })));
      else if (target && typeof target === 'object') {
        for (const line of describeSuccessors(target)) lines.push({ what: line.what ? `${what}: ${line.what}` : what, to: line.to });
      }
    }
    return lines;
  }
  return [];
}
