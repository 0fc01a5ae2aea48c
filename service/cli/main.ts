/**
 * The `seatmap` command: `start` (desktop app, or the browser where Electron is missing),
 * `serve` (browser host), `check` (CI), `demo` (write a demo fleet). Arguments are validated with zod.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { startBrowserHost } from '../browserHost';
import { createDemoFleet, createTempDemoFleet, DemoSimulator } from '../demo';
import { findElectronBinary } from '../electronBinary';
import { FleetOpenError, FleetService } from '../fleetService';
import { openFleetSource } from '../sources';
import { parseTeamLimits, type TeamThresholds } from '../../shared/claudeTeams/teamSignals';
import { inProcessFleet, type FleetHandle } from '../fleetProcess/fleetHandle';
import { forkNodeFleetChild } from '../fleetProcess/nodeFleetProcess';
import { openFleetInChild } from '../fleetProcess/openFleet';
import { runCheck } from './check';
import { runRetireCli } from './retire';
import { downloadElectron } from './electronDownload';
import { openInBrowser } from './openBrowser';
import { PACKAGE_ROOT, RENDERER_DIR } from './paths';

const USAGE = `Usage:
  seatmap start [dir]                      open the desktop app (the live demo fleet without dir)
  seatmap serve [dir] [--port N] [--demo]  serve a fleet to a browser on 127.0.0.1 (--port 0: any free port)
                [--in-process]             (read the fleet in this process, not in a child process)
  seatmap check <dir> [--json] [--now ISO] check a fleet's invariants (exit 0 ok, 1 errors, 2 unreadable)

  dir is a fleet folder (with fleet.yaml), or a Claude Code folder: ~/.claude (or $CLAUDE_CONFIG_DIR)
  for all its agent teams, or one team's folder ~/.claude/teams/<team>. Claude Code teams are
  read-only; Seatmap keeps its own history of them (--data-dir DIR, default ~/.local/share/seatmap).
  Their warning thresholds: --team-limits stale=10m,backlog=5m,request=1m,quiet=30m[,idle-traffic]
  seatmap demo <dir>                       write the demo fleet into dir
  seatmap retire <dir> <seat> --to <seat> [--reason "…"] [--move <domain|handoff|file>=<seat> …] [--dry-run] [--json]
  seatmap merge <dir> <seat> --into <seat> [--reason "…"] [--move …] [--dry-run] [--json]
                                           retire a seat / merge it into another (exit 0 done or planned, 1 refused, 2 unreadable)
`;

const portSchema = z.coerce.number().int().min(0).max(65535);
const nowSchema = z.string().refine((v) => !Number.isNaN(Date.parse(v)), 'must be an ISO time like 2026-11-20T07:00:00Z');

function fail(message: string, code = 2): never {
  process.stderr.write(`seatmap: ${message}\n`);
  process.exit(code);
}

/** `--data-dir` and `--team-limits`: Seatmap's history folder and the warning thresholds, for Claude Code teams. */
function teamOptions(dataDir: string | undefined, limits: string | undefined): { dataDir?: string; teamThresholds?: Partial<TeamThresholds> } {
  const out: { dataDir?: string; teamThresholds?: Partial<TeamThresholds> } = dataDir ? { dataDir } : {};
  if (limits !== undefined) {
    const parsed = parseTeamLimits(limits);
    if (!parsed.ok) fail(`--team-limits: ${parsed.error}`);
    out.teamThresholds = parsed.value;
  }
  return out;
}

/** For a Claude Code folder: which team is shown, and where Seatmap's history of it lives. */
function describeTeams(service: FleetHandle): string {
  const source = service.snapshot().source;
  if (!source) return '';
  const live = source.teams.filter((t) => t.live).length;
  const lines = [`Claude Code teams: ${live} running, ${source.teams.length - live} ended (from history); showing ${source.team ?? 'none yet'}. Read-only.`];
  if (source.history) lines.push(source.history.note);
  return `${lines.join('\n')}\n`;
}

async function serve(dir: string | undefined, port: number, openBrowser: boolean, banner?: string, team: ReturnType<typeof teamOptions> = {}, inProcess = false): Promise<void> {
  if (!existsSync(`${RENDERER_DIR}/index.html`)) fail('the UI is not built yet: run `npm run build` first');
  // The live demo's temp folder goes when this process ends (stop below, or the exit hook).
  const demo = dir ? null : await createTempDemoFleet();
  const root = dir ?? demo!.root;
  // --- The fleet service runs in a child process (service/fleetProcess/), so reading and deriving a
  // big fleet never stalls this one; the demo's simulator runs beside it there. `--in-process` keeps
  // both here.
  let service: FleetHandle;
  try {
    service = inProcess
      ? await openHere(root, demo !== null, team)
      : await openFleetInChild(forkNodeFleetChild, { root, isDemo: demo !== null, simulate: demo !== null, ...team }, (message) => process.stderr.write(`seatmap: ${message}\n`));
  } catch (error) {
    fail(error instanceof FleetOpenError ? error.message : String(error));
  }
  // --- end of the fleet process wiring
  let host;
  try {
    host = await startBrowserHost({ service, staticDir: RENDERER_DIR, port });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    fail(code === 'EADDRINUSE' ? `port ${port} is in use; pick another with --port, or --port 0 for any free port` : String(error));
  }
  if (banner) process.stdout.write(`${banner}\n`);
  process.stdout.write(`Seatmap is serving ${demo ? 'the live demo fleet' : 'the fleet'} at ${service.root}\n`);
  if (service.snapshot().fleetError && !service.snapshot().source) process.stdout.write(`Note: ${service.snapshot().fleetError?.message}\n`);
  process.stdout.write(describeTeams(service));
  process.stdout.write('Open this address in a browser (it carries the access token):\n');
  process.stdout.write(`${host.url}\n`);
  if (openBrowser) openInBrowser(host.url);
  const stop = async () => {
    // A failure while stopping is reported, and the demo folder still goes.
    try {
      await host.close();
      await service.close();
    } catch (error) {
      process.stderr.write(`seatmap: while stopping: ${error instanceof Error ? error.message : String(error)}\n`);
    } finally {
      await demo?.remove().catch(() => undefined);
      process.exit(0);
    }
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

/** The service and the demo's simulator in this process (`seatmap serve --in-process`). */
async function openHere(root: string, isDemo: boolean, team: ReturnType<typeof teamOptions>): Promise<FleetHandle> {
  const service = isDemo ? await FleetService.open({ root, isDemo }) : await openFleetSource({ root, ...team });
  const simulator = isDemo ? new DemoSimulator({ root }) : null;
  simulator?.start();
  return inProcessFleet(service, simulator);
}

async function start(dir: string | undefined): Promise<void> {
  let electron = findElectronBinary(PACKAGE_ROOT);
  if (!electron.available && (await downloadElectron(PACKAGE_ROOT))) electron = findElectronBinary(PACKAGE_ROOT);
  if (electron.available) {
    const child = spawn(electron.path, [PACKAGE_ROOT, ...(dir ? [dir] : [])], { stdio: 'inherit' });
    child.on('exit', (code) => process.exit(code ?? 0));
    return;
  }
  await serve(dir, 0, true, `Electron's binary is not installed here (${electron.reason}), so Seatmap serves the same UI in your browser instead.`);
}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  let parsed;
  try {
    parsed = parseArgs({
      args: rest,
      allowPositionals: true,
      options: {
        port: { type: 'string' },
        demo: { type: 'boolean' },
        'in-process': { type: 'boolean' },
        json: { type: 'boolean' },
        now: { type: 'string' },
        'data-dir': { type: 'string' },
        'team-limits': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        to: { type: 'string' },
        into: { type: 'string' },
        reason: { type: 'string' },
        move: { type: 'string', multiple: true },
        'dry-run': { type: 'boolean' },
      },
    });
  } catch (error) {
    fail(`${(error as Error).message}\n${USAGE}`);
  }
  const { values, positionals } = parsed;
  if (values.help || command === undefined || command === 'help' || command === '--help' || command === '-h') {
    process.stdout.write(USAGE);
    return;
  }
  const dir = positionals[0];
  switch (command) {
    case 'start':
      return start(dir);
    case 'serve': {
      const port = portSchema.safeParse(values.port ?? '4317');
      if (!port.success) fail(`--port must be a whole number from 0 to 65535`);
      if (!dir && !values.demo) fail(`serve needs a fleet folder (or --demo)\n${USAGE}`);
      return serve(values.demo ? undefined : dir, port.data, false, undefined, teamOptions(values['data-dir'], values['team-limits']), Boolean(values['in-process']));
    }
    case 'check': {
      if (!dir) fail(`check needs a fleet folder\n${USAGE}`);
      let now = Date.now();
      if (values.now !== undefined) {
        const parsedNow = nowSchema.safeParse(values.now);
        if (!parsedNow.success) fail(`--now ${parsedNow.error.issues[0]?.message}`);
        now = Date.parse(parsedNow.data);
      }
      const limits = teamOptions(undefined, values['team-limits']).teamThresholds;
      const outcome = await runCheck(dir, { json: Boolean(values.json), now, ...(limits ? { teamThresholds: limits } : {}) });
      process.stdout.write(outcome.stdout);
      process.stderr.write(outcome.stderr);
      process.exitCode = outcome.exitCode;
      return;
    }
    case 'retire':
    case 'merge': {
      const seat = positionals[1];
      const to = command === 'merge' ? values.into : values.to;
      if (!dir || !seat || !to) fail(`${command} needs a fleet folder, a seat and ${command === 'merge' ? '--into' : '--to'} <seat>\n${USAGE}`, 1);
      const outcome = await runRetireCli({
        mode: command,
        dir,
        seat,
        to,
        ...(values.reason !== undefined ? { reason: values.reason } : {}),
        moves: values.move ?? [],
        dryRun: Boolean(values['dry-run']),
        json: Boolean(values.json),
      });
      process.stdout.write(outcome.stdout);
      process.stderr.write(outcome.stderr);
      process.exitCode = outcome.exitCode;
      return;
    }
    case 'demo': {
      if (!dir) fail('demo needs a folder to write into');
      let root: string;
      try {
        root = await createDemoFleet(dir);
      } catch (error) {
        fail((error as Error).message);
      }
      process.stdout.write(`Wrote the demo fleet to ${root}\n`);
      return;
    }
    default:
      fail(`unknown command ${JSON.stringify(command)}\n${USAGE}`);
  }
}

await main(process.argv.slice(2));
