/**
 * The warnings panel's groups: one per signal kind, named in plain words, errors first (pure, so
 * unit-tested). Within a group the worst comes first, then by id (stable while signals update).
 */
import type { Severity } from '../../../shared/diagnostics';
import { ALL_SIGNAL_KINDS, type Signal, type SignalKind } from '../../../shared/signalTypes';
import { SEVERITY_RANK, worstSeverity } from './signalIndex';

/** Group headings and one line on what each kind means (docs/fleet-format.md, "Signals"). */
export const KIND_TEXT: Record<SignalKind, { title: string; about: string }> = {
  'stale-state': { title: 'Stale state', about: 'State files older than their limit: readers see old numbers.' },
  'inbox-backlog': { title: 'Inbox backlog', about: 'Messages waiting unacknowledged for longer than allowed.' },
  'undesigned-traffic': { title: 'Undesigned traffic', about: 'Messages flowing where no handoff is designed.' },
  'dead-handoff': { title: 'Dead handoffs', about: 'Designed handoffs that carried nothing for too long.' },
  'orphan-output': { title: 'Outputs nobody consumes', about: 'State files nobody reads, inboxes nobody acknowledges.' },
  'duplicate-work': { title: 'Duplicate work', about: 'Two seats touching the same client or deal in the same window.' },
  'human-bridge': { title: 'Human bridges', about: 'A person relaying one agent’s output to another by hand.' },
  'mandate-overlap': { title: 'Overlapping mandates', about: 'Two seats own the same domain: one domain, one seat.' },
  'unruled-overlap': { title: 'Overlaps without a rule', about: 'Seats that overlap with no rule saying who wins.' },
  'rule-violation': { title: 'Broken rules', about: 'A losing seat acted on something the winner had listed.' },
  'unowned-seat': { title: 'Seats without an owner', about: 'Agent seats with no accountable human.' },
  'pending-request': { title: 'Requests waiting', about: 'Permission or plan requests nobody has answered yet.' },
  'retired-traffic': { title: 'Traffic to a retired seat', about: 'Seats still sending to a retired seat; Seatmap forwards it to the successor.' },
};

export const SEVERITY_TEXT: Record<Severity, string> = { error: 'Error', warning: 'Warning', info: 'Info' };

export interface SignalGroup {
  kind: SignalKind;
  title: string;
  about: string;
  severity: Severity;
  signals: Signal[];
}

export function groupSignals(signals: readonly Signal[]): SignalGroup[] {
  const byKind = new Map<SignalKind, Signal[]>();
  for (const s of signals) byKind.set(s.kind, [...(byKind.get(s.kind) ?? []), s]);
  const groups: SignalGroup[] = [];
  for (const kind of ALL_SIGNAL_KINDS) {
    const list = byKind.get(kind);
    if (!list) continue;
    list.sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    groups.push({ kind, ...KIND_TEXT[kind], severity: worstSeverity(list.map((s) => s.severity)) ?? 'info', signals: list });
  }
  // Kinds with errors first; otherwise the order of docs/fleet-format.md.
  return groups.sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || ALL_SIGNAL_KINDS.indexOf(a.kind) - ALL_SIGNAL_KINDS.indexOf(b.kind));
}

/** `3 errors, 12 warnings`. */
export function severitySummary(signals: readonly Signal[]): string {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const s of signals) counts[s.severity]++;
  const parts: string[] = [];
  for (const sev of ['error', 'warning', 'info'] as const) {
    const n = counts[sev];
    if (n > 0) parts.push(`${n} ${sev === 'info' ? 'notes' : n === 1 ? sev : `${sev}s`}`.replace(/^1 notes$/, '1 note'));
  }
  return parts.join(', ');
}
