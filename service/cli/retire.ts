/**
 * `seatmap retire <dir> <seat> --to <seat> [--reason "…"] [--move key=seat …] [--dry-run] [--json]`
 * and `seatmap merge <dir> <seat> --into <seat> …`: the same plan the UI shows, as text or JSON.
 * Exit 0: applied (or planned, with --dry-run); 1: refused (the reason on stderr); 2: the fleet
 * cannot be read.
 */
import type { RetirePlan, RetireRequest } from '../../shared/retire/types';
import { FleetOpenError, FleetService } from '../fleetService';
import { planOnDisk } from '../retire/planOnDisk';
import { applyRetirePlan, recoverTransactions } from '../retire/transaction';

export interface RetireCliOptions {
  mode: 'retire' | 'merge';
  dir: string;
  seat: string;
  to: string;
  reason?: string;
  moves: string[];
  dryRun: boolean;
  json: boolean;
  now?: number;
  graceMs?: number;
}

export interface CliOutcome {
  exitCode: 0 | 1 | 2;
  stdout: string;
  stderr: string;
}

export function planText(plan: RetirePlan): string {
  const lines: string[] = [];
  const verb = plan.mode === 'merge' ? `Merge ${plan.seat} into ${plan.inboxTo}` : `Retire ${plan.seat}`;
  lines.push(`${verb}${plan.reason ? ` (${plan.reason})` : ''}`);
  lines.push('', 'Where each thing goes:');
  for (const item of plan.items) lines.push(`  ${item.key.padEnd(40)} → ${item.target}${item.target === item.suggestion.target ? `   (${item.suggestion.why})` : ''}`);
  const i = plan.impact;
  if (i.senders.length) lines.push('', `Seats still sending to it: ${i.senders.map((s) => `${s.seat} (${s.count})`).join(', ')}`);
  if (i.recentEntities.length) lines.push(`Entities it touched recently: ${i.recentEntities.slice(0, 10).map((e) => e.entity).join(', ')}`);
  lines.push('', `Messages to forward to ${plan.inboxTo}: ${plan.forward.length}`);
  for (const m of plan.forward.slice(0, 20)) lines.push(`  ${m.id} from ${m.from}: ${m.subject}`);
  if (plan.forward.length > 20) lines.push(`  … and ${plan.forward.length - 20} more`);
  lines.push('', `Files to archive under .seatmap/archive/: ${plan.archive.join(', ') || 'none'}`);
  if (plan.agentChanges.length) lines.push('', 'What running agents must change:', ...plan.agentChanges.map((c) => `  - ${c}`));
  if (plan.notes.length) lines.push('', 'Notes:', ...plan.notes.map((n) => `  - ${n}`));
  lines.push('', plan.diff || 'fleet.yaml: no change');
  return `${lines.join('\n')}\n`;
}

export function parseMoves(moves: string[]): Record<string, string> | string {
  const out: Record<string, string> = {};
  for (const move of moves) {
    const at = move.lastIndexOf('=');
    if (at <= 0 || at === move.length - 1) return `--move ${JSON.stringify(move)} must look like <domain|handoff|file>=<seat>`;
    out[move.slice(0, at)] = move.slice(at + 1);
  }
  return out;
}

export async function runRetireCli(options: RetireCliOptions): Promise<CliOutcome> {
  const name = `seatmap ${options.mode}`;
  const moves = parseMoves(options.moves);
  if (typeof moves === 'string') return { exitCode: 1, stdout: '', stderr: `${name}: ${moves}\n` };
  let service: FleetService;
  try {
    service = await FleetService.open({ root: options.dir, watch: false, ...(options.now !== undefined ? { now: () => options.now as number } : {}) });
  } catch (error) {
    const message = error instanceof FleetOpenError ? error.message : `Cannot read ${options.dir}: ${(error as Error).message}`;
    return { exitCode: 2, stdout: '', stderr: `${name}: ${message}\n` };
  }
  try {
    const snapshot = service.snapshot();
    if (snapshot.fleetError) return { exitCode: 2, stdout: '', stderr: `${name}: ${snapshot.fleetError.file}:${snapshot.fleetError.line ?? 1}: ${snapshot.fleetError.message}\n` };
    const recovered = options.dryRun ? [] : await recoverTransactions(service.root);
    const notes = recovered.map((r) => `${name}: ${r.message}\n`).join('');
    const request: RetireRequest = { mode: options.mode, seat: options.seat, to: options.to, moves };
    if (options.reason !== undefined) request.reason = options.reason;
    const inputs = service.inputs();
    const planned = await planOnDisk(service.root, { inboxes: inputs.inboxes, stateFiles: inputs.stateFiles, activity: inputs.activity, now: inputs.now }, request);
    if (!planned.ok) {
      const exitCode = planned.refusal.code === 'broken-file' ? 2 : 1;
      return { exitCode, stdout: '', stderr: `${notes}${name}: ${planned.refusal.message}\n` };
    }
    const plan = planned.plan;
    if (options.dryRun) {
      return { exitCode: 0, stdout: options.json ? `${JSON.stringify({ applied: false, plan: jsonPlan(plan) }, null, 2)}\n` : planText(plan), stderr: notes };
    }
    const result = await applyRetirePlan(service.root, plan, { ...(options.graceMs !== undefined ? { graceMs: options.graceMs } : {}), ...(options.now !== undefined ? { now: () => options.now as number } : {}) });
    if (!result.ok) return { exitCode: 1, stdout: '', stderr: `${notes}${name}: ${result.refusal.message}\n` };
    const stdout = options.json ? `${JSON.stringify({ applied: true, txId: result.txId, summary: result.summary, plan: jsonPlan(plan) }, null, 2)}\n` : `${planText(plan)}\n${result.summary}${result.txId ? ` (transaction ${result.txId})` : ''}\n`;
    return { exitCode: 0, stdout, stderr: notes };
  } finally {
    await service.close();
  }
}

/** The plan without the two full texts (the diff says what changes). */
function jsonPlan(plan: RetirePlan): Omit<RetirePlan, 'beforeText' | 'afterText'> {
  const { beforeText: _b, afterText: _a, ...rest } = plan;
  void _b;
  void _a;
  return rest;
}
