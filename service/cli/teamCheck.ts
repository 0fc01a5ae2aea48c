/**
 * `seatmap check` on a Claude Code team folder or root: the same report, signals and exit codes
 * as for a fleet folder (service/cli/check.ts). A root checks every live team (ended teams are
 * history, not something CI can fix); their signals and diagnostics are merged into one report,
 * each signal id prefixed with its team. Nothing is written, not even Seatmap's history.
 */
import type { FleetSnapshot } from '../../shared/snapshot';
import { ClaudeTeamsSource } from '../sources/claudeTeams/claudeTeamsSource';
import type { DetectedSource } from '../sources/detect';
import { toCheckReport, type CheckReport } from './check';
import type { TeamThresholds } from '../../shared/claudeTeams/teamSignals';

export async function checkTeams(detected: Extract<DetectedSource, { kind: 'claude' }>, now: number, thresholds?: Partial<TeamThresholds>): Promise<{ report: CheckReport } | { error: string }> {
  let source: ClaudeTeamsSource;
  try {
    source = await ClaudeTeamsSource.open({ root: detected.root, team: detected.team, dataDir: null, watch: false, now: () => now, ...(thresholds ? { thresholds } : {}) });
  } catch (error) {
    return { error: `Cannot read ${detected.root}: ${(error as Error).message}` };
  }
  try {
    const teams = detected.team ? [detected.team] : source.teams().filter((t) => t.live).map((t) => t.name);
    if (detected.team && !source.teams().some((t) => t.name === detected.team)) return { error: `No team ${detected.team} in ${detected.root}` };
    if (teams.length === 0) return { error: `No Claude Code team in ${detected.root}/teams` };
    const snapshots = teams.map((team) => source.snapshotOf(team)).filter((s): s is FleetSnapshot => s !== null);
    if (snapshots.length === 1) return { report: toCheckReport(snapshots[0]!) };
    const reports = snapshots.map((snapshot) => ({ team: snapshot.source?.team ?? snapshot.name, report: toCheckReport(snapshot) }));
    return {
      report: {
        fleet: {
          name: `Claude Code teams in ${detected.root} (${teams.join(', ')})`,
          seats: reports.reduce((n, r) => n + r.report.fleet.seats, 0),
          handoffs: reports.reduce((n, r) => n + r.report.fleet.handoffs, 0),
          messages: reports.reduce((n, r) => n + r.report.fleet.messages, 0),
        },
        signals: reports.flatMap(({ team, report }) => report.signals.map((s) => ({ ...s, id: `${team}/${String(s.id)}`, team }))),
        diagnostics: reports.flatMap(({ report }) => report.diagnostics),
      },
    };
  } finally {
    await source.close();
  }
}
