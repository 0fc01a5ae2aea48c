/**
 * `seatmap check <dir> [--json] [--now <ISO>]` (docs/fleet-format.md): the fleet's invariants for CI.
 * Exit 0: nothing of severity error; 1: at least one error; 2: the fleet cannot be read at all.
 */
import { formatLocation } from '../../shared/diagnostics';
import type { FleetSnapshot } from '../../shared/snapshot';
import { FleetOpenError, FleetService } from '../fleetService';
import { detectSource } from '../sources/detect';
import { checkTeams } from './teamCheck';
import type { TeamThresholds } from '../../shared/claudeTeams/teamSignals';

export interface CheckReport {
  fleet: { name: string; seats: number; handoffs: number; messages: number };
  signals: Array<Record<string, unknown>>;
  diagnostics: Array<{ file: string; line: number | null; column: number | null; severity: string; message: string }>;
}

export interface CheckOutcome {
  exitCode: 0 | 1 | 2;
  stdout: string;
  stderr: string;
}

export function toCheckReport(snapshot: FleetSnapshot): CheckReport {
  return {
    fleet: { name: snapshot.name, seats: snapshot.seats.length, handoffs: snapshot.handoffs.length, messages: snapshot.totals.messages },
    signals: snapshot.signals.map((s) => ({ kind: s.kind, severity: s.severity, seats: s.seats, files: s.files, message: s.message, hint: s.hint, id: s.id, ...s.numbers })),
    diagnostics: snapshot.diagnostics.map((d) => ({ file: d.file, line: d.line, column: d.column, severity: d.severity, message: d.message })),
  };
}

function humanReport(report: CheckReport): string {
  const lines = [`${report.fleet.name}: ${report.fleet.seats} seats, ${report.fleet.handoffs} handoffs, ${report.fleet.messages} messages`];
  for (const s of report.signals) lines.push(`${String(s.severity).padEnd(7)} ${String(s.kind).padEnd(18)} ${String(s.message)}`);
  for (const d of report.diagnostics) lines.push(`${d.severity.padEnd(7)} ${formatLocation(d)}: ${d.message}`);
  const all = [...report.signals.map((s) => s.severity), ...report.diagnostics.map((d) => d.severity)];
  const errors = all.filter((s) => s === 'error').length;
  const warnings = all.filter((s) => s === 'warning').length;
  lines.push(errors || warnings ? `${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}` : 'No problems found.');
  return `${lines.join('\n')}\n`;
}

function outcomeOf(report: CheckReport, json: boolean): CheckOutcome {
  const hasError = report.signals.some((s) => s.severity === 'error') || report.diagnostics.some((d) => d.severity === 'error');
  return { exitCode: hasError ? 1 : 0, stdout: json ? `${JSON.stringify(report, null, 2)}\n` : humanReport(report), stderr: '' };
}

export async function runCheck(dir: string, options: { json: boolean; now: number; teamThresholds?: Partial<TeamThresholds> }): Promise<CheckOutcome> {
  // A Claude Code root or team folder is checked through its own source, with the same report.
  const detected = await detectSource(dir);
  if (detected.kind === 'claude') {
    const result = await checkTeams(detected, options.now, options.teamThresholds);
    if ('error' in result) return { exitCode: 2, stdout: '', stderr: `seatmap check: ${result.error}\n` };
    return outcomeOf(result.report, options.json);
  }
  let service: FleetService;
  try {
    service = await FleetService.open({ root: dir, now: () => options.now, watch: false });
  } catch (error) {
    const message = error instanceof FleetOpenError ? error.message : `Cannot read ${dir}: ${(error as Error).message}`;
    return { exitCode: 2, stdout: '', stderr: `seatmap check: ${message}\n` };
  }
  try {
    const snapshot = service.snapshot();
    if (snapshot.fleetError) {
      return { exitCode: 2, stdout: '', stderr: `seatmap check: ${formatLocation(snapshot.fleetError)}: ${snapshot.fleetError.message}\n` };
    }
    return outcomeOf(toCheckReport(snapshot), options.json);
  } finally {
    await service.close();
  }
}
