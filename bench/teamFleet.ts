/**
 * Fleets for `npm run bench:ui`, made independently of the demo: teams of eight (a human lead and
 * seven agents), inbox chains inside a team, each agent's state file handed to its lead, the first
 * agents of the teams in a ring, and about 10% of the agents also messaging a seat of another team
 * with no designed handoff (undesigned traffic). Deterministic for a seed.
 */
import { isoTime, jsonlFile, DAY, type GeneratedFile } from '../shared/demo/fleetFiles';
import { createRng } from '../shared/demo/prng';

export const TEAM = 8;

export interface TeamFleet {
  files: GeneratedFile[];
  /** A seat with an inbox, for append measurements: the second agent of the last team. */
  appendTo: { from: string; to: string; group: string };
}

export function generateTeamFleet(options: { seats: number; messages: number; now: number; seed?: number }): TeamFleet {
  const rng = createRng(options.seed ?? 11);
  const pad = (n: number) => String(n).padStart(3, '0');
  const teams: Array<{ lead: string; agents: string[] }> = [];
  for (let placed = 0, t = 1; placed < options.seats; t++) {
    const size = Math.min(TEAM, options.seats - placed);
    teams.push({ lead: `t${pad(t)}-lead`, agents: Array.from({ length: size - 1 }, (_, i) => `t${pad(t)}-a${i + 1}`) });
    placed += size;
  }
  const yaml = ['version: 1', `name: Bench fleet (${options.seats} seats)`, 'seats:'];
  const handoffs = ['handoffs:'];
  const routes: Array<[string, string]> = [];
  for (const team of teams) {
    yaml.push(`  ${team.lead}: { name: "Lead ${team.lead.slice(1, 4)}", kind: human }`);
    team.agents.forEach((agent, i) => {
      yaml.push(`  ${agent}: { name: "${agent.toUpperCase()}", kind: agent, owner: ${team.lead}, role: "Works for ${team.lead}", owns: [${agent}-work], writes: [{ path: state/${agent}/status.json }] }`);
      handoffs.push(`  - { from: ${agent}, to: ${team.lead}, via: state/${agent}/status.json, what: Status }`);
      const next = team.agents[i + 1];
      if (next) {
        handoffs.push(`  - { from: ${agent}, to: ${next}, via: inbox, what: Work items }`);
        routes.push([agent, next]);
      }
    });
  }
  const firsts = teams.map((t) => t.agents[0]).filter((a): a is string => a !== undefined);
  if (firsts.length > 1) {
    firsts.forEach((from, i) => {
      const to = firsts[(i + 1) % firsts.length]!;
      handoffs.push(`  - { from: ${from}, to: ${to}, via: inbox, what: Cross-team requests }`);
      routes.push([from, to]);
    });
  }
  const agents = teams.flatMap((t) => t.agents);
  const designed = routes.length;
  for (const agent of agents) {
    if (rng.next() >= 0.1 || teams.length < 2) continue;
    const other = rng.pick(agents.filter((a) => a.slice(0, 4) !== agent.slice(0, 4)));
    routes.push([agent, other]);
  }
  const perRoute = Math.max(1, Math.floor(options.messages / Math.max(1, routes.length)));
  const inboxes = new Map<string, Array<{ at: number; value: object }>>();
  let n = 0;
  routes.forEach(([from, to], r) => {
    const lines = inboxes.get(to) ?? [];
    inboxes.set(to, lines);
    // Undesigned routes carry less.
    const count = r < designed ? perRoute : Math.max(1, Math.floor(perRoute / 3));
    for (let i = 0; i < count; i++) {
      const at = options.now - 14 * DAY + ((i + rng.next()) * 13 * DAY) / count;
      const id = `m${(n++).toString(36)}`;
      lines.push({ at, value: { id, ts: isoTime(at), from, to, type: 'INFORM', subject: `Item ${i}`, body: 'Handing over the next item.' } });
      if (i < count - 2) lines.push({ at: at + 60_000, value: { ack: id, ts: isoTime(at + 60_000), by: to } });
    }
  });
  const files: GeneratedFile[] = [{ path: 'fleet.yaml', content: `${[...yaml, ...handoffs].join('\n')}\n` }];
  for (const agent of agents) {
    const at = options.now - rng.int(5, 600) * 60_000;
    files.push({ path: `state/${agent}/status.json`, mtime: at, content: `${JSON.stringify({ updatedAt: isoTime(at), open: rng.int(0, 30) })}\n` });
  }
  for (const [seat, lines] of inboxes) files.push({ path: `inbox/${seat}.jsonl`, content: jsonlFile(lines) });
  const last = teams[teams.length - 1]!;
  const to = last.agents[1] ?? last.agents[0] ?? last.lead;
  return { files, appendTo: { from: last.agents[0] ?? last.lead, to, group: last.lead } };
}
