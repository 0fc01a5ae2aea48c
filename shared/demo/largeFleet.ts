/**
 * Big synthetic fleets for tests and benchmarks, from the same generator as the demo:
 * same format as the demo, valid, deterministic, and healthy by construction, so a benchmark
 * measures reading and deriving, not a flood of signals.
 *
 * Shape: teams of up to ten seats, `tNN-lead` (a human who owns the team's agents) and agents
 * `tNN-aNN`. Inside a team, each agent hands work to the next through its inbox and hands its
 * `status.json` to the lead; the first agent of each team sends to the next team's first agent
 * (the last team's to the first team's). Every message is acked within hours, every state file is
 * fresh and read, every entity is touched by one seat only.
 */
import { isoTime, jsonlFile, DAY, HOUR, type GeneratedFile, type GeneratedFleet, type MessageLine } from './fleetFiles';
import { createRng } from './prng';

export interface LargeFleetOptions {
  now: number;
  seed?: number;
  /** Total seats, humans included (at least 1). */
  seats: number;
  /** Messages in each inbox that a handoff feeds (default 20), spread over two weeks. */
  messagesPerInbox?: number;
}

export const TEAM_SIZE = 10;
const TOPICS = ['invoice batch', 'lead list', 'campaign report', 'content brief', 'QA pass', 'budget check', 'client update', 'data export'];

export function generateLargeFleet(options: LargeFleetOptions): GeneratedFleet {
  const total = Math.floor(options.seats);
  if (!Number.isFinite(total) || total < 1) throw new Error(`A fleet needs at least one seat, not ${options.seats}`);
  const now = Math.floor(options.now / 1000) * 1000;
  const perInbox = Math.max(0, Math.floor(options.messagesPerInbox ?? 20));
  const rng = createRng(options.seed ?? 1);
  const pad = (n: number) => String(n).padStart(2, '0');

  // Seats, team by team.
  const teams: Array<{ lead: string; agents: string[] }> = [];
  for (let placed = 0, t = 1; placed < total; t++) {
    const size = Math.min(TEAM_SIZE, total - placed);
    const team = `t${pad(t)}`;
    teams.push({ lead: `${team}-lead`, agents: Array.from({ length: size - 1 }, (_, i) => `${team}-a${pad(i + 1)}`) });
    placed += size;
  }
  const inboxRoutes: Array<[string, string]> = [];
  const yaml: string[] = [
    '# A generated fleet for tests and benchmarks: teams of agents with a human lead each.',
    'version: 1',
    `name: Large fleet (${total} seats)`,
    'defaults: { staleAfter: 18h, backlogAfter: 24h, quietAfter: 14d, overlapWindow: 7d }',
    'seats:',
  ];
  const handoffs: string[] = ['handoffs:'];
  teams.forEach((team, t) => {
    yaml.push(`  ${team.lead}: { name: "Lead ${pad(t + 1)}", kind: human, role: "Runs team ${pad(t + 1)}", reads: [] }`);
    team.agents.forEach((agent, i) => {
      yaml.push(`  ${agent}:`, `    name: "${agent.toUpperCase()}"`, '    kind: agent', `    owner: ${team.lead}`, `    role: "${TOPICS[i % TOPICS.length]} for team ${pad(t + 1)}"`);
      yaml.push(`    owns: [${agent}-work]`, `    writes: [{ path: state/${agent}/status.json }]`);
      handoffs.push(`  - { from: ${agent}, to: ${team.lead}, via: state/${agent}/status.json, what: "Status" }`);
      const next = team.agents[i + 1];
      if (next) {
        handoffs.push(`  - { from: ${agent}, to: ${next}, via: inbox, what: "${TOPICS[i % TOPICS.length]}" }`);
        inboxRoutes.push([agent, next]);
      }
    });
  });
  const firsts = teams.map((team) => team.agents[0]).filter((a): a is string => a !== undefined);
  if (firsts.length > 1) {
    firsts.forEach((from, i) => {
      const to = firsts[(i + 1) % firsts.length]!;
      handoffs.push(`  - { from: ${from}, to: ${to}, via: inbox, what: "Cross-team requests" }`);
      inboxRoutes.push([from, to]);
    });
  }

  // Traffic: perInbox messages per route, acked within hours (the last few may still be unread).
  const inboxes = new Map<string, Array<{ at: number; value: object }>>();
  let counter = 0;
  for (const [from, to] of inboxRoutes) {
    const lines = inboxes.get(to) ?? [];
    inboxes.set(to, lines);
    for (let i = 0; i < perInbox; i++) {
      const at = now - 14 * DAY + ((i + rng.next()) * (14 * DAY - HOUR)) / perInbox;
      const topic = rng.pick(TOPICS);
      const id = `m-${(counter++).toString(36)}-${rng.hex(4)}`;
      const message: MessageLine = {
        id, ts: isoTime(at), from, to, type: rng.pick(['INFORM', 'REQUEST', 'PROPOSAL'] as const),
        subject: `${topic} #${rng.int(100, 999)}`,
        body: `Handing over the **${topic}**:\n\n- items: ${rng.int(1, 40)}\n- due: ${rng.pick(['today', 'tomorrow', 'this week'])}`,
        entities: [`ticket:${from}-${i}`],
      };
      lines.push({ at, value: message });
      const ackAt = at + rng.int(10, 240) * 60_000;
      if (ackAt < now) lines.push({ at: ackAt, value: { ack: id, ts: isoTime(ackAt), by: to } });
    }
  }

  const files: GeneratedFile[] = [{ path: 'fleet.yaml', content: `${[...yaml, ...handoffs].join('\n')}\n` }];
  for (const team of teams) {
    for (const agent of team.agents) {
      const at = now - rng.int(5, 600) * 60_000;
      files.push({ path: `state/${agent}/status.json`, mtime: at, content: `${JSON.stringify({ updatedAt: isoTime(at), open: rng.int(0, 30), done: rng.int(0, 200) }, null, 2)}\n` });
    }
  }
  for (const [seat, lines] of inboxes) {
    if (lines.length === 0) continue;
    files.push({ path: `inbox/${seat}.jsonl`, content: jsonlFile(lines), mtime: Math.max(...lines.map((l) => l.at)) });
  }
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files };
}
