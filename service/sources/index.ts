/**
 * Opens whatever folder the user gave through the source that reads it (docs/sources.md). The
 * fleet format is the FleetService (service/fleetService.ts) unchanged; Claude Code roots and team
 * folders are the ClaudeTeamsSource. Hosts call this instead of a source's own `open`.
 */
import { FleetOpenError, FleetService, type FleetServiceOptions } from '../fleetService';
import { ClaudeTeamsSource } from './claudeTeams/claudeTeamsSource';
import { defaultDataDir } from './claudeTeams/historyStore';
import type { TeamThresholds } from '../../shared/claudeTeams/teamSignals';
import { detectSource } from './detect';
import type { FleetSourceService } from './types';

export type { FleetSourceService } from './types';
export { detectSource, claudeRoot, hasClaudeTeams } from './detect';

export interface OpenSourceOptions extends FleetServiceOptions {
  /** Seatmap's data folder (history of Claude Code teams); null keeps none. Default: the platform's. */
  dataDir?: string | null;
  /** Warning thresholds for Claude Code teams. */
  teamThresholds?: Partial<TeamThresholds>;
}

export async function openFleetSource(options: OpenSourceOptions): Promise<FleetSourceService> {
  const detected = await detectSource(options.root);
  if (detected.kind === 'claude') {
    try {
      return await ClaudeTeamsSource.open({
        root: detected.root,
        team: detected.team,
        dataDir: options.dataDir === undefined ? (options.watch === false ? null : defaultDataDir()) : options.dataDir,
        ...(options.now ? { now: options.now } : {}),
        ...(options.watch !== undefined ? { watch: options.watch } : {}),
        ...(options.teamThresholds ? { thresholds: options.teamThresholds } : {}),
        ...(options.rederiveEveryMs ? { rederiveEveryMs: options.rederiveEveryMs } : {}),
        ...(options.reconcileEveryMs ? { reconcileEveryMs: options.reconcileEveryMs } : {}),
      });
    } catch (error) {
      throw new FleetOpenError(`Cannot open the Claude Code folder ${detected.root}: ${(error as Error).message}`);
    }
  }
  return FleetService.open(options);
}
