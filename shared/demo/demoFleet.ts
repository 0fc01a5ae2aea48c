/**
 * The built-in demo fleet: Brightline Agency, a marketing agency run by
 * ten agent seats and three humans, with two weeks of traffic, written fresh with every time
 * relative to `now`. Pure and deterministic: the same `now` and `seed` give the same bytes.
 *
 * The fleet is healthy except where it is deliberately not, so that every signal kind of
 * docs/fleet-format.md shows up at least once, for a reason a COO would recognise:
 *
 * | signal             | what in the demo triggers it                                                    |
 * |--------------------|---------------------------------------------------------------------------------|
 * | stale-state        | state/tally/scorecard.json: updatedAt ~2.7 d ago, its staleAfter is 26h (the    |
 * |                    | CRM export token expired), and it feeds the briefing (tally → radar)            |
 * | inbox-backlog      | inbox/atlas.jsonl: Dirk's "Kick off: Summit Roofing" REQUEST, unacked for ~58 h |
 * |                    | (and Scout's inbox, below)                                                      |
 * | undesigned-traffic | jeff → dash CHALLENGE messages (reconciling conversions); no jeff → dash handoff |
 * | dead-handoff       | coach → echo via inbox: its last messages are 19 and 22 days old (quietAfter 14d)|
 * | orphan-output      | state/jeff/integrity-report.json: no handoff carries it, no seat reads it; and  |
 * |                    | inbox/scout.jsonl: Dirk's lead feedback, never acked by Scout                   |
 * | duplicate-work     | activity: jeff and dash both touch adaccount:harbor-dental-google and           |
 * |                    | adaccount:pinecrest-hvac-google within the last few days                        |
 * | human-bridge       | maria receives Coach's call reviews and forwards four of them to Pulse by hand  |
 * |                    | (`re` = Coach's message id); the coach → pulse handoff carries the call-scores  |
 * |                    | file, not these reviews, so the warning says a handoff exists and is in use     |
 * | mandate-overlap    | jeff owns ad-analytics (also dash's) and project-tracking (also atlas's)        |
 * | unruled-overlap    | jeff / dash: no rule (jeff / atlas has one: "atlas wins over jeff")             |
 * | rule-violation     | dirk touches client:northwind ~26 h ago (activity, and a message to Echo); Pulse|
 * |                    | listed Northwind on state/pulse/watchlist.json 5 days ago; rule pulse over dirk |
 * | unowned-seat       | scout has no owner (its owner left; the line is commented out in fleet.yaml)    |
 * | retired-traffic    | maria still sends billing reminders to ledger (retired); forwarded to echo      |
 *
 * Everything else is healthy: state files are fresh and consumed, designed handoffs carry traffic,
 * messages older than a few hours are acked, entities are partitioned so no other pair duplicates
 * work (demoCast.ts). The live simulator (service/demo) keeps it that way: see DEMO_LIVE.
 */
import { isoTime, jsonlFile, DAY, HOUR, type ActivityLine, type GeneratedFile, type GeneratedFleet, type MessageLine } from './fleetFiles';
import { createRng, type Rng } from './prng';
import {
  AD_ACCOUNTS,
  AT_RISK_CLIENTS,
  DEMO_FLEET_NAME,
  DRAFTS,
  JEFF_DUPLICATED_ACCOUNTS,
  SALES_CLIENTS,
  WATCHED_CLIENTS,
  clientNamedIn,
  draftForward,
  draftReply,
  type Draft,
} from './demoCast';

export const DEFAULT_DEMO_SEED = 20261120;

export interface DemoFleetOptions {
  /** Epoch ms every time in the fleet is relative to. */
  now: number;
  seed?: number;
}

/** What the live simulator may do without making the demo's signals go away. */
export const DEMO_LIVE = {
  /** Designed inbox handoffs that carry new traffic (not coach → echo: it must stay dead). */
  routes: ['pulse->dirk', 'dash->pulse', 'dirk->echo', 'dirk->atlas', 'atlas->echo', 'scout->dirk', 'dirk->scout', 'coach->maria'],
  /** Inboxes whose owners never ack (the orphan inbox). */
  neverAck: ['scout'],
  /** State files the simulator may rewrite with a fresh time (not the stale scorecard). */
  refreshable: [
    'state/radar/briefing.md',
    'state/dash/anomalies.json',
    'state/dash/spend-pacing.csv',
    'state/pulse/watchlist.json',
    'state/pulse/health-scores.json',
    'state/dirk/pipeline.json',
    'state/echo/send-log.json',
    'state/atlas/projects.json',
    'state/coach/call-scores.json',
    'state/scout/prospects.md',
    'state/jeff/integrity-report.json',
  ],
  /** Kept stale on purpose. */
  stale: ['state/tally/scorecard.json'],
} as const;

export function generateDemoFleet(options: DemoFleetOptions): GeneratedFleet {
  const now = Math.floor(options.now / 1000) * 1000;
  const rng = createRng(options.seed ?? DEFAULT_DEMO_SEED);
  const traffic = new Traffic(rng, now);
  writeTraffic(traffic, rng, now);
  const activity = writeActivity(rng, now);
  const files: GeneratedFile[] = [
    { path: 'fleet.yaml', content: fleetYaml(now) },
    ...stateFiles(rng, now),
    ...traffic.files(),
    ...activity,
  ];
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files };
}

// ---------------------------------------------------------------------------------------------
// fleet.yaml: written as text so the humans' comments are part of the demo (they survive edits).

function fleetYaml(now: number): string {
  const retiredAt = isoTime(now - 45 * DAY).slice(0, 10);
  return `# Brightline Agency: who does what, who hands what to whom, and who wins a conflict.
# Edited by David and Maria; agents read it at start-up. Keep one domain per seat.
version: 1
name: ${DEMO_FLEET_NAME}
defaults:
  staleAfter: 18h      # the briefing is compiled at 06:50; inputs must be from the night before
  backlogAfter: 24h
  quietAfter: 14d
  overlapWindow: 7d

seats:
  # --- the humans ------------------------------------------------------------------------------
  david:
    name: David
    kind: human
    role: Founder and CEO. Reads the morning briefing; owns the agency's strategy.
    owns: [company-strategy]
    reads: [state/tally/scorecard.json]
    backlogAfter: 72h  # David reads his inbox twice a week
  maria:
    name: Maria
    kind: human
    role: COO. Accountable for sales, retention and the call center.
    owns: [operations]
  sam:
    name: Sam
    kind: human
    role: Head of delivery. Accountable for projects and client email.
    owns: [delivery]

  # --- the agents ------------------------------------------------------------------------------
  radar:
    name: Radar
    kind: agent
    owner: david
    role: Chief of staff. Compiles the morning briefing from every seat's state before 07:00.
    owns: [morning-briefing]
    notOwns: [ad-analytics, sales]
    writes:
      - path: state/radar/briefing.md
        staleAfter: 24h  # one briefing a day
    reads: [state/dirk/pipeline.json]
  dash:
    name: Dash
    kind: agent
    owner: david
    role: Ad analytics. Watches every client ad account overnight and reports anomalies.
    owns: [ad-analytics, spend-pacing]
    writes:
      - path: state/dash/anomalies.json
      - path: state/dash/spend-pacing.csv
        staleAfter: 12h
  dirk:
    name: Dirk
    kind: agent
    owner: maria
    role: Sales. Upsells, renewals and new deals; hands closed deals to projects.
    owns: [sales, renewals]
    notOwns: [retention]
    writes: [{ path: state/dirk/pipeline.json }]
    reads: [state/pulse/watchlist.json, state/scout/prospects.md]
  pulse:
    name: Pulse
    kind: agent
    owner: maria
    role: Retention. Scores client health and keeps the retention watch list.
    owns: [retention, client-health]
    writes:
      - path: state/pulse/watchlist.json
      - path: state/pulse/health-scores.json
  echo:
    name: Echo
    kind: agent
    owner: sam
    role: Client email. Drafts and sends follow-ups, milestone emails and reminders.
    owns: [client-email, billing-reminders]  # billing-reminders came from Ledger
    writes: [{ path: state/echo/send-log.json }]
  atlas:
    name: Atlas
    kind: agent
    owner: sam
    role: Project management. Kicks off closed deals and tracks every project's milestones.
    owns: [project-delivery, project-tracking]
    writes: [{ path: state/atlas/projects.json }]
  coach:
    name: Coach
    kind: agent
    owner: maria
    role: Call-center coach. Scores recorded calls and coaches the reps.
    owns: [call-quality]
    writes: [{ path: state/coach/call-scores.json }]
  scout:
    name: Scout
    kind: agent
    # owner: priya    (Priya left in the spring; nobody has picked Scout up yet)
    role: Prospecting. Researches and qualifies new leads for sales.
    owns: [prospecting]
    staleAfter: 36h    # researches in batches
    writes: [{ path: state/scout/prospects.md }]
  tally:
    name: Tally
    kind: agent
    owner: david
    role: Scorecard. Builds the weekly scorecard and the daily KPI numbers from the CRM export.
    owns: [scorecard]
    writes:
      - path: state/tally/scorecard.json
        staleAfter: 26h  # runs nightly at 02:00
    reads: [state/dash/spend-pacing.csv, state/dirk/pipeline.json]
  jeff:
    name: Jeff
    kind: agent
    owner: david
    role: Data integrity. Cross-checks analytics and project data against the source systems.
    # TODO(maria): this overlaps Dash and Atlas. Decide before the next review.
    owns: [data-integrity, ad-analytics, project-tracking]
    writes: [{ path: state/jeff/integrity-report.json }]

  # --- retired ---------------------------------------------------------------------------------
  ledger:
    name: Ledger
    kind: agent
    owner: david
    role: Billing reminders and overdue-invoice chasing.
    owns: [billing-reminders]
    status: retired
    retiredAt: "${retiredAt}"
    reason: Billing reminders are client email; one seat sends to clients.
    successors:
      domains: { billing-reminders: echo }
      handoffs: { ledger->tally: echo }
      inbox: echo

handoffs:
  # What the morning briefing is built from.
  - from: dash
    to: radar
    via: state/dash/anomalies.json
    what: Overnight anomalies in client ad accounts
  - from: pulse
    to: radar
    via: state/pulse/health-scores.json
    what: Client health scores
  - from: atlas
    to: radar
    via: state/atlas/projects.json
    what: Projects at risk of missing a milestone
  - from: tally
    to: radar
    via: state/tally/scorecard.json
    what: Yesterday's KPIs and the weekly scorecard
  - from: radar
    to: david
    via: state/radar/briefing.md
    what: The morning briefing
  # Into the scorecard.
  - from: echo
    to: tally
    via: state/echo/send-log.json
    what: Emails sent and replies received
  - from: coach
    to: tally
    via: state/coach/call-scores.json
    what: Call-quality scores per rep
  # Pulse gets the scores too; the call reviews with retention risks have no designed path.
  - from: coach
    to: pulse
    via: state/coach/call-scores.json
    what: Call-quality scores of the reps on at-risk accounts
  # Messages.
  - from: pulse
    to: dirk
    via: inbox
    what: Clients on the retention watch list (hands off)
  - from: dash
    to: pulse
    via: inbox
    what: Ad performance drops that put a client at risk
  - from: dirk
    to: echo
    via: inbox
    what: Follow-up emails after sales calls
  - from: dirk
    to: atlas
    via: inbox
    what: Closed-won deals to kick off
  - from: atlas
    to: echo
    via: inbox
    what: Milestone emails to clients
  - from: scout
    to: dirk
    via: inbox
    what: Qualified prospects
  - from: dirk
    to: scout
    via: inbox
    what: Lead feedback (what converted, what did not)
  - from: coach
    to: maria
    via: inbox
    what: Call reviews that need a manager
  - from: coach
    to: echo
    via: inbox
    what: Follow-up emails promised on calls

rules:
  - winner: pulse
    over: dirk
    when: Client is on the retention watch list
    watchlist: state/pulse/watchlist.json
  - winner: atlas
    over: jeff
    when: The question is a project's status or dates
`;
}

// ---------------------------------------------------------------------------------------------
// State files.

function json(value: object): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

function stateFiles(rng: Rng, now: number): GeneratedFile[] {
  const at = (ms: number) => ({ ms: now - ms, iso: isoTime(now - ms) });
  const briefing = at(1.5 * HOUR);
  const anomalies = at(3 * HOUR);
  const pacing = at(5 * HOUR);
  const watch = at(7 * HOUR);
  const health = at(4 * HOUR);
  const pipeline = at(6 * HOUR);
  const sendLog = at(1 * HOUR);
  const projects = at(5 * HOUR);
  const calls = at(9 * HOUR);
  const prospects = at(30 * HOUR);
  const scorecard = at(2 * DAY + 17 * HOUR);
  const integrity = at(2 * HOUR);
  const c = WATCHED_CLIENTS;
  return [
    {
      path: 'state/radar/briefing.md',
      mtime: briefing.ms,
      content: `---\nupdated: ${briefing.iso}\nauthor: radar\n---\n# Morning briefing\n\n## Needs a decision\n- **${c.northwind.name}** is on the retention watch list; Pulse owns the next touch.\n- Summit Roofing closed-won, kickoff not scheduled yet (Atlas).\n\n## Numbers\n- Ad spend pacing: ${rng.int(92, 104)}% of plan across ${AD_ACCOUNTS.length} accounts\n- Pipeline: $${rng.int(180, 260)}k weighted, ${rng.int(11, 19)} open deals\n- Scorecard: as of ${scorecard.iso.slice(0, 10)} (Tally has not run since)\n\n## Anomalies overnight\n- CPA spike on ${AT_RISK_CLIENTS[0]!.name} (Meta), see Dash's report\n`,
    },
    {
      path: 'state/dash/anomalies.json',
      mtime: anomalies.ms,
      content: json({
        updatedAt: anomalies.iso,
        window: '24h',
        anomalies: [
          { account: 'bluefin-fitness-meta', metric: 'cpa', change: `+${rng.int(30, 60)}%`, severity: 'high' },
          { account: 'harbor-dental-google', metric: 'spend', change: `+${rng.int(15, 25)}%`, severity: 'medium' },
          { account: 'lumen-spa-meta', metric: 'ctr', change: `-${rng.int(10, 30)}%`, severity: 'low' },
        ],
      }),
    },
    {
      // No time inside: its mtime is its time (docs/fleet-format.md, "State files").
      path: 'state/dash/spend-pacing.csv',
      mtime: pacing.ms,
      content: `account,budget,spent,pacing\n${AD_ACCOUNTS.map((a) => {
        const budget = rng.int(3, 20) * 1000;
        const spent = Math.round(budget * (0.55 + rng.next() * 0.2));
        return `${a},${budget},${spent},${Math.round((spent / budget) * 100)}%`;
      }).join('\n')}\n`,
    },
    {
      path: 'state/pulse/watchlist.json',
      mtime: watch.ms,
      content: json({
        updatedAt: watch.iso,
        entities: [
          { entity: `client:${c.cedarLaw.id}`, since: isoTime(now - 12 * DAY), reason: 'Contract review requested' },
          { entity: `client:${c.northwind.id}`, since: isoTime(now - 5 * DAY), reason: 'Health score 48, missed two QBRs' },
          { entity: `client:${c.lumenSpa.id}`, since: isoTime(now - 2 * DAY - 3 * HOUR), reason: 'Asked about cancelling on a call' },
        ],
      }),
    },
    {
      path: 'state/pulse/health-scores.json',
      mtime: health.ms,
      content: json({
        updatedAt: health.iso,
        scores: Object.fromEntries([...AT_RISK_CLIENTS, c.northwind, ...SALES_CLIENTS].map((x) => [x.id, rng.int(40, 95)])),
      }),
    },
    {
      path: 'state/dirk/pipeline.json',
      mtime: pipeline.ms,
      content: json({
        updatedAt: pipeline.iso,
        deals: SALES_CLIENTS.map((x, i) => ({ deal: 1040 + i * 3, client: x.id, stage: rng.pick(['discovery', 'proposal', 'negotiation', 'closed-won']), monthly: rng.int(3, 12) * 1000 })),
      }),
    },
    {
      path: 'state/echo/send-log.json',
      mtime: sendLog.ms,
      content: json({ updatedAt: sendLog.iso, sentToday: rng.int(8, 30), replies: rng.int(2, 9), bounced: rng.int(0, 2) }),
    },
    {
      path: 'state/atlas/projects.json',
      mtime: projects.ms,
      content: json({
        updatedAt: projects.iso,
        projects: SALES_CLIENTS.slice(0, 4).map((x) => ({ project: `${x.id}-launch`, status: rng.pick(['on-track', 'on-track', 'at-risk']), nextMilestone: rng.pick(['creative approval', 'tracking verified', 'campaigns live', 'month-one report']) })),
      }),
    },
    {
      path: 'state/coach/call-scores.json',
      mtime: calls.ms,
      content: json({ updatedAt: calls.iso, reps: ['alex', 'jordan', 'casey', 'riley'].map((rep) => ({ rep, calls: rng.int(12, 40), avgScore: rng.int(58, 88) })) }),
    },
    {
      path: 'state/scout/prospects.md',
      mtime: prospects.ms,
      content: `---\nlast_updated: ${prospects.iso}\n---\n# Qualified prospects\n\n| prospect | city | fit |\n|---|---|---|\n| Bayview Orthodontics | Tampa | ${rng.int(70, 95)} |\n| Copperline Plumbing | Austin | ${rng.int(60, 90)} |\n| Meadowbrook Dental Group | Tampa | ${rng.int(70, 95)} |\n`,
    },
    {
      path: 'state/tally/scorecard.json',
      mtime: scorecard.ms,
      content: json({
        updatedAt: scorecard.iso,
        note: 'CRM export failed: token expired',
        week: { leads: rng.int(300, 450), closedWon: rng.int(2, 6), churned: rng.int(0, 2), nps: rng.int(38, 61) },
      }),
    },
    {
      path: 'state/jeff/integrity-report.json',
      mtime: integrity.ms,
      content: json({
        updatedAt: integrity.iso,
        checks: [
          { source: 'google-ads', status: 'mismatch', detail: 'offline conversions counted twice for 2 accounts' },
          { source: 'crm', status: 'ok', detail: 'no duplicate contacts' },
          { source: 'project-board', status: 'warning', detail: '3 tasks without an owner' },
        ],
      }),
    },
  ];
}

// ---------------------------------------------------------------------------------------------
// Inbox traffic.

/** Collects message and ack lines per inbox, then writes them in time order. */
class Traffic {
  private readonly inboxes = new Map<string, Array<{ at: number; value: object }>>();
  private readonly ids = new Set<string>();

  constructor(
    private readonly rng: Rng,
    private readonly now: number,
  ) {}

  private lines(seat: string) {
    let lines = this.inboxes.get(seat);
    if (!lines) this.inboxes.set(seat, (lines = []));
    return lines;
  }

  private newId(): string {
    let id: string;
    do id = `m-${this.rng.hex(6)}`;
    while (this.ids.has(id));
    this.ids.add(id);
    return id;
  }

  send(from: string, to: string, at: number, draft: Draft, re?: string): MessageLine {
    const message: MessageLine = { id: this.newId(), ts: isoTime(at), from, to, type: draft.type, subject: draft.subject, body: draft.body };
    if (re) message.re = re;
    if (draft.entities?.length) message.entities = draft.entities;
    this.lines(to).push({ at, value: message });
    return message;
  }

  /**
   * A message with a fixed id (no draw from the shared random stream, so the rest of the demo stays
   * the same), and the forwarded copy Seatmap appends to the successor's inbox (service/retire).
   */
  sendForwarded(id: string, from: string, retired: string, successor: string, at: number, draft: Draft): MessageLine {
    this.ids.add(id);
    const message: MessageLine = { id, ts: isoTime(at), from, to: retired, type: draft.type, subject: draft.subject, body: draft.body };
    this.lines(retired).push({ at, value: message });
    const forwardedAt = at + 5 * 60_000;
    this.lines(successor).push({ at: forwardedAt, value: { ...message, to: successor, forwardedFrom: retired, forwardedAt: isoTime(forwardedAt) } });
    return { ...message, to: successor };
  }

  /** The owner acks a message `delay` after it arrived, if that is already in the past. */
  ack(owner: string, message: MessageLine, at: number): boolean {
    if (at >= this.now) return false;
    this.lines(owner).push({ at, value: { ack: message.id, ts: isoTime(at), by: owner } });
    return true;
  }

  files(): GeneratedFile[] {
    return [...this.inboxes].map(([seat, lines]) => ({
      path: `inbox/${seat}.jsonl`,
      content: jsonlFile(lines),
      mtime: Math.max(...lines.map((l) => l.at)),
    }));
  }
}

interface RouteOptions {
  count: number;
  /** Spread over [now - from, now - to]. */
  fromAgo: number;
  toAgo: number;
  /** Share answered by the receiver with a RESPONSE (`re`). */
  replies?: number;
  /** Acked by the receiver (default true). */
  acks?: boolean;
}

/** Healthy traffic on one route: acked within minutes to hours, sometimes answered. */
function route(t: Traffic, rng: Rng, now: number, key: string, options: RouteOptions): MessageLine[] {
  const [from, to] = key.split('->') as [string, string];
  const draft = DRAFTS[key];
  if (!draft) throw new Error(`no drafts for ${key}`);
  const span = options.fromAgo - options.toAgo;
  const sent: MessageLine[] = [];
  for (let i = 0; i < options.count; i++) {
    const at = now - options.fromAgo + ((i + 0.15 + rng.next() * 0.7) * span) / options.count;
    const message = t.send(from, to, at, draft(rng));
    sent.push(message);
    if (options.acks === false) continue;
    const ackAt = at + rng.int(20, 6 * 60) * 60_000;
    if (!t.ack(to, message, ackAt)) continue;
    if (rng.chance(options.replies ?? 0)) {
      const replyAt = ackAt + rng.int(2, 30) * 60_000;
      if (replyAt >= now) continue;
      const reply = t.send(to, from, replyAt, draftReply(rng, message), message.id);
      t.ack(from, reply, replyAt + rng.int(10, 4 * 60) * 60_000);
    }
  }
  return sent;
}

function writeTraffic(t: Traffic, rng: Rng, now: number): void {
  const day = DAY;
  // Healthy designed routes, two weeks of them.
  route(t, rng, now, 'pulse->dirk', { count: 6, fromAgo: 14 * day, toAgo: 3 * HOUR, replies: 0.4 });
  route(t, rng, now, 'dash->pulse', { count: 7, fromAgo: 14 * day, toAgo: 2 * HOUR });
  route(t, rng, now, 'dirk->echo', { count: 9, fromAgo: 14 * day, toAgo: 1 * HOUR, replies: 0.6 });
  route(t, rng, now, 'dirk->atlas', { count: 4, fromAgo: 14 * day, toAgo: 4 * day, replies: 0.9 });
  route(t, rng, now, 'atlas->echo', { count: 5, fromAgo: 13 * day, toAgo: 5 * HOUR, replies: 0.5 });
  route(t, rng, now, 'scout->dirk', { count: 5, fromAgo: 14 * day, toAgo: 8 * HOUR });
  route(t, rng, now, 'david->radar', { count: 3, fromAgo: 12 * day, toAgo: 2 * day, replies: 1 });
  route(t, rng, now, 'david->dirk', { count: 2, fromAgo: 10 * day, toAgo: 3 * day, replies: 1 });

  // inbox-backlog: a closed deal waits for kickoff; Atlas has not acked it for ~58 hours.
  t.send('dirk', 'atlas', now - 58 * HOUR, {
    type: 'REQUEST',
    subject: 'Kick off: Summit Roofing (deal 1051 closed-won)',
    body: 'Closed-won: **Summit Roofing**, $7,500/mo, 12-month term.\n\nScope: paid search for 3 locations plus call tracking.\nMain contact: Jim Alvarez. He expects a kickoff call **this week**; please schedule it.',
    entities: ['deal:1051', 'client:summit-roofing'],
  });

  // orphan-output (inbox): Dirk sends lead feedback to Scout, which never acks anything.
  route(t, rng, now, 'dirk->scout', { count: 5, fromAgo: 14 * day, toAgo: 6 * HOUR, acks: false });

  // dead-handoff: coach → echo carried two messages three weeks ago, nothing since.
  t.ack('echo', t.send('coach', 'echo', now - 22 * day, DRAFTS['coach->echo']!(rng)), now - 22 * day + 2 * HOUR);
  t.ack('echo', t.send('coach', 'echo', now - 19 * day, DRAFTS['coach->echo']!(rng)), now - 19 * day + 3 * HOUR);

  // human-bridge: Maria reads Coach's call reviews and retypes the retention risks to Pulse.
  const reviews = route(t, rng, now, 'coach->maria', { count: 6, fromAgo: 14 * day, toAgo: 10 * HOUR });
  let forwarded = 0;
  for (const [i, review] of reviews.entries()) {
    // Spread over the two weeks: a habit, not a one-off.
    if (forwarded >= 4 || i % 3 === 1) continue;
    const target = clientNamedIn(review.subject) ?? AT_RISK_CLIENTS[0]!;
    const at = Date.parse(review.ts) + rng.int(7 * 60, 9 * 60) * 60_000;
    if (at >= now - 2 * HOUR) continue;
    const forward = t.send('maria', 'pulse', at, draftForward(rng, review, target), review.id);
    t.ack('pulse', forward, at + rng.int(15, 120) * 60_000);
    forwarded++;
  }

  // undesigned-traffic: Jeff challenges Dash's numbers directly; Dash answers (replies are fine).
  for (const ago of [11 * day, 8 * day, 4 * day, 1 * day]) {
    const at = now - ago + rng.int(0, 6 * 60) * 60_000;
    const challenge = t.send('jeff', 'dash', at, DRAFTS['jeff->dash']!(rng));
    const ackAt = at + rng.int(1, 5) * HOUR;
    t.ack('dash', challenge, ackAt);
    if (ago > day) {
      const reply = t.send('dash', 'jeff', ackAt + 20 * 60_000, draftReply(rng, challenge), challenge.id);
      t.ack('jeff', reply, ackAt + 2 * HOUR);
    }
  }

  // rule-violation, part 1: Maria warned Dirk; a day later he still pitched Northwind (see activity).
  const warning = t.send('maria', 'dirk', now - 4 * day, {
    type: 'INFORM',
    subject: 'Northwind is on the watch list: hold the upsell',
    body: `Dirk, **Northwind Outfitters** went on Pulse's watch list yesterday. Please don't pitch them anything until Pulse clears them.\n\n— Maria`,
    entities: [`client:${WATCHED_CLIENTS.northwind.id}`],
  });
  t.ack('dirk', warning, now - 4 * day + 40 * 60_000);
  const pitch = t.send('dirk', 'echo', now - 25 * HOUR, {
    type: 'REQUEST',
    subject: 'Send Northwind the retargeting add-on one-pager',
    body: `Please email **Dana Whitfield** at Northwind Outfitters the Meta retargeting add-on one-pager, with the intro pricing ($1,200/mo for 3 months).\n\nI told her on the phone it was coming today.`,
    entities: [`client:${WATCHED_CLIENTS.northwind.id}`],
  });
  t.ack('echo', pitch, now - 24 * HOUR);

  // retired-traffic: Maria still sends billing reminders to Ledger, retired 45 days ago; Seatmap
  // forwarded them to Echo (its successor), which handled them. Maria should write to Echo.
  for (const [id, ago, client] of [['m-1ed9e1', 6 * day, 'Harbor Dental'], ['m-1ed9e2', 2 * day, 'Pinecrest HVAC']] as const) {
    const copy = t.sendForwarded(id, 'maria', 'ledger', 'echo', now - ago, {
      type: 'REQUEST',
      subject: `Chase the overdue invoice: ${client}`,
      body: `${client}'s October invoice is 30 days overdue. Please send the usual friendly reminder.\n\n— Maria`,
    });
    t.ack('echo', copy, now - ago + 3 * HOUR);
  }
}

// ---------------------------------------------------------------------------------------------
// Activity: what seats touched, outside messages.

function writeActivity(rng: Rng, now: number): GeneratedFile[] {
  const bySeat = new Map<string, Array<{ at: number; value: ActivityLine }>>();
  const touch = (seat: string, at: number, entity: string, action: string) => {
    if (at >= now) return;
    const lines = bySeat.get(seat) ?? [];
    lines.push({ at, value: { ts: isoTime(at), entity, action } });
    bySeat.set(seat, lines);
  };
  const jitter = () => rng.int(0, 3 * 60) * 60_000;

  // Dash: two checks a night over two weeks, always including the accounts Jeff duplicates.
  for (let d = 14; d >= 1; d--) {
    const night = now - d * DAY + 2 * HOUR;
    touch('dash', night + jitter(), `adaccount:${rng.pick(AD_ACCOUNTS)}`, rng.pick(['checked overnight spend', 'flagged CPA spike', 'paused an ad set over budget', 'refreshed conversion tracking']));
    touch('dash', night + jitter(), `adaccount:${JEFF_DUPLICATED_ACCOUNTS[d % 2]!}`, 'pulled conversions and CPA for the anomaly report');
  }
  // Jeff re-pulls the same accounts himself in the last week (duplicate-work with Dash).
  touch('jeff', now - 5 * DAY + jitter(), `adaccount:${JEFF_DUPLICATED_ACCOUNTS[0]}`, 're-pulled conversions from the Google Ads API to verify the anomaly report');
  touch('jeff', now - 2 * DAY + jitter(), `adaccount:${JEFF_DUPLICATED_ACCOUNTS[1]}`, 'rebuilt the CPA calculation from raw clicks');
  touch('jeff', now - 20 * HOUR, `adaccount:${JEFF_DUPLICATED_ACCOUNTS[0]}`, 're-pulled conversions again after the import fix');
  touch('jeff', now - 3 * DAY, 'dataset:crm-contacts', 'ran the duplicate-contact check');

  // Dirk: sales work on his own clients, and Northwind before and after it was listed.
  for (let d = 13; d >= 1; d -= 2) {
    const c = rng.pick(SALES_CLIENTS);
    touch('dirk', now - d * DAY + 10 * HOUR + jitter(), `client:${c.id}`, rng.pick(['discovery call', 'sent proposal', 'renewal call', 'pricing follow-up']));
  }
  touch('dirk', now - 8 * DAY, `client:${WATCHED_CLIENTS.northwind.id}`, 'renewal check-in call');
  // rule-violation, part 2: after Northwind went on the watch list (5 days ago).
  touch('dirk', now - 26 * HOUR, `client:${WATCHED_CLIENTS.northwind.id}`, 'sent upsell proposal: Meta retargeting add-on');

  // Pulse: the watched and at-risk clients.
  touch('pulse', now - 12 * DAY, `client:${WATCHED_CLIENTS.cedarLaw.id}`, 'added to the watch list after a contract-review request');
  touch('pulse', now - 5 * DAY, `client:${WATCHED_CLIENTS.northwind.id}`, 'added to the watch list');
  touch('pulse', now - 3 * DAY, `client:${WATCHED_CLIENTS.northwind.id}`, 'save call with the CMO');
  touch('pulse', now - 2 * DAY - 3 * HOUR, `client:${WATCHED_CLIENTS.lumenSpa.id}`, 'added to the watch list');
  touch('pulse', now - 30 * HOUR, `client:${AT_RISK_CLIENTS[0]!.id}`, 'health check: lead quality review');

  // Atlas: projects. Scout: prospects.
  for (const c of SALES_CLIENTS.slice(0, 4)) touch('atlas', now - rng.int(1, 12) * DAY + jitter(), `project:${c.id}-launch`, rng.pick(['updated milestones', 'moved tasks to review', 'flagged a late deliverable']));
  for (let d = 12; d >= 0; d -= 3) touch('scout', now - d * DAY - 4 * HOUR, `prospect:${rng.pick(['bayview-ortho', 'copperline-plumbing', 'meadowbrook-dental', 'willow-vet'])}`, 'researched and scored');

  return [...bySeat].map(([seat, lines]) => ({
    path: `activity/${seat}.jsonl`,
    content: jsonlFile(lines),
    mtime: Math.max(...lines.map((l) => l.at)),
  }));
}
