/**
 * Who is in the demo fleet and what they talk about: the clients, which entities each seat
 * touches, and message drafts per designed route. Shared by the generator (two weeks of history)
 * and the live simulator (new traffic every few seconds), so both sound like the same company.
 *
 * Entities are partitioned on purpose: each agent touches its own namespace (`adaccount:` for the
 * analytics seats, `prospect:` for prospecting, `call:` for the coach, `project:` for projects),
 * and clients (`client:`) only between seats with a designed handoff. That keeps duplicate-work
 * to the one pair the demo means it for (Jeff and Dash); see demoFleet.ts.
 */
import type { Rng } from './prng';
import type { MessageLine } from './fleetFiles';

export const DEMO_FLEET_NAME = 'Brightline Agency';

export interface Client {
  id: string;
  name: string;
  contact: string;
}

const client = (id: string, name: string, contact: string): Client => ({ id, name, contact });

/** On Pulse's retention watch list (demoFleet.ts writes the list). */
export const WATCHED_CLIENTS = {
  northwind: client('northwind', 'Northwind Outfitters', 'Dana Whitfield'),
  cedarLaw: client('cedar-law', 'Cedar & Pine Law', 'Marcus Oyelaran'),
  lumenSpa: client('lumen-spa', 'Lumen Day Spa', 'Ivy Chen'),
} as const;

/** Clients Pulse and Dash talk about (at risk, or already on the list, except Northwind). */
export const AT_RISK_CLIENTS: readonly Client[] = [
  client('bluefin-fitness', 'Bluefin Fitness', 'Tara Moss'),
  WATCHED_CLIENTS.cedarLaw,
  WATCHED_CLIENTS.lumenSpa,
];

/** Clients Sales, Projects and Email work on (no overlap with the at-risk ones). */
export const SALES_CLIENTS: readonly Client[] = [
  client('summit-roofing', 'Summit Roofing', 'Jim Alvarez'),
  client('keystone-pt', 'Keystone Physical Therapy', 'Dr. Renee Park'),
  client('goldleaf-bakery', 'Goldleaf Bakery', 'Sofia Russo'),
  client('oakridge-auto', 'Oakridge Auto', 'Ben Kowalski'),
  client('pinecrest-hvac', 'Pinecrest HVAC', 'Luis Moreno'),
];

/** Ad accounts Dash watches every night; Jeff re-checks some of them too (duplicate work). */
export const AD_ACCOUNTS = [
  'harbor-dental-google',
  'pinecrest-hvac-google',
  'bluefin-fitness-meta',
  'lumen-spa-meta',
  'acme-dental-google',
  'cedar-law-google',
] as const;

/** The accounts Jeff re-pulls behind Dash's back. */
export const JEFF_DUPLICATED_ACCOUNTS = ['harbor-dental-google', 'pinecrest-hvac-google'] as const;
/** The accounts Jeff challenges Dash about by message (coordination, not duplication). */
export const JEFF_CHALLENGED_ACCOUNTS = ['oakridge-auto-meta', 'goldleaf-bakery-meta'] as const;

const PROSPECTS = [
  ['bayview-ortho', 'Bayview Orthodontics', 'Tampa'],
  ['copperline-plumbing', 'Copperline Plumbing', 'Austin'],
  ['meadowbrook-dental', 'Meadowbrook Dental Group', 'Tampa'],
  ['ironclad-gym', 'Ironclad Gym', 'Denver'],
  ['sage-family-law', 'Sage Family Law', 'Raleigh'],
  ['northstar-roofing', 'Northstar Roofing', 'Columbus'],
  ['willow-vet', 'Willow Creek Vet', 'Boise'],
  ['harborview-chiro', 'Harborview Chiropractic', 'San Diego'],
] as const;

/** What a caller complained about, and how they put it. */
const CALL_ISSUES = [
  ['frustrated about lead quality', 'We are paying for leads that never pick up the phone.'],
  ['asked about cancelling', 'Honestly, we are looking at other options.'],
  ['complained about slow replies', 'Nobody got back to us for a week.'],
  ['compared us to a cheaper agency', 'The other agency quoted half of this.'],
] as const;

export type Draft = Pick<MessageLine, 'type' | 'subject' | 'body'> & { entities?: string[] };

const money = (n: number) => `$${n.toLocaleString('en-US')}`;
const pct = (rng: Rng, min: number, max: number) => rng.int(min, max);

/** A prospect entity and its line in a message. */
function prospects(rng: Rng, count: number): { ids: string[]; lines: string[] } {
  const start = rng.int(0, PROSPECTS.length - 1);
  const picked = Array.from({ length: count }, (_, i) => PROSPECTS[(start + i) % PROSPECTS.length]!);
  return {
    ids: picked.map(([id]) => `prospect:${id}`),
    lines: picked.map(([, name, city]) => `- **${name}** (${city}): ${rng.int(2, 14)} locations, spends ~${money(rng.int(3, 25) * 1000)}/mo on ads, fit score ${rng.int(62, 94)}`),
  };
}

/** Drafts per designed route `from->to`. Each returns a realistic message about that route's work. */
export const DRAFTS: Record<string, (rng: Rng) => Draft> = {
  'pulse->dirk': (rng) => {
    const c = rng.pick(AT_RISK_CLIENTS);
    const from = rng.int(62, 80);
    return {
      type: 'INFORM',
      subject: `Hands off ${c.name}: on the retention watch list`,
      body: `**${c.name}** is on the retention watch list (state/pulse/watchlist.json).\n\n- Health score ${from} → ${from - rng.int(12, 25)} in two weeks\n- ${rng.pick(['Missed the last QBR', 'Asked for a contract review', 'Two unanswered report emails', 'Budget cut announced internally'])}\n\nPlease **hold any upsell or renewal pitch** until I clear them. I own the next touch with ${c.contact}.`,
      entities: [`client:${c.id}`],
    };
  },
  'dash->pulse': (rng) => {
    const c = rng.pick(AT_RISK_CLIENTS);
    const cpa = rng.int(38, 70);
    return {
      type: 'INFORM',
      subject: `Ad performance drop at ${c.name}`,
      body: `Leads at **${c.name}** are down ${pct(rng, 18, 41)}% week over week.\n\n| metric | last week | this week |\n|---|---|---|\n| CPA | ${money(cpa)} | ${money(cpa + rng.int(15, 40))} |\n| Leads | ${rng.int(60, 120)} | ${rng.int(30, 59)} |\n\nThis usually shows up in the client's mood within two weeks: flagging it for retention.`,
      entities: [`client:${c.id}`],
    };
  },
  'dirk->echo': (rng) => {
    const c = rng.pick(SALES_CLIENTS);
    return {
      type: 'REQUEST',
      subject: `Follow-up email: ${c.name} ${rng.pick(['proposal', 'renewal', 'call recap', 'pricing question'])}`,
      body: `Please send a follow-up to **${c.contact}** at ${c.name} today.\n\nPoints to cover:\n1. Thank them for the call on ${rng.pick(['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'])}\n2. Attach the ${rng.pick(['Q3 results deck', 'proposal PDF', 'local SEO add-on one-pager', 'case study from a similar client'])}\n3. Offer two times for a ${rng.int(15, 30)}-minute check-in next week\n\nTone: warm, short, no discount talk.`,
      entities: [`client:${c.id}`],
    };
  },
  'dirk->atlas': (rng) => {
    const c = rng.pick(SALES_CLIENTS);
    const deal = rng.int(1020, 1099);
    return {
      type: 'REQUEST',
      subject: `Kick off: ${c.name} (deal ${deal} closed-won)`,
      body: `Closed-won today: **${c.name}**, ${money(rng.int(3, 12) * 1000)}/mo, ${rng.pick(['6', '12'])}-month term.\n\nScope: ${rng.pick(['Google Ads + landing pages', 'Meta ads and creative refresh', 'local SEO and Google Business Profile', 'paid search for 3 locations'])}.\nMain contact: ${c.contact}. Please schedule kickoff within 3 business days.`,
      entities: [`deal:${deal}`, `client:${c.id}`],
    };
  },
  'atlas->echo': (rng) => {
    const c = rng.pick(SALES_CLIENTS);
    return {
      type: 'REQUEST',
      subject: `Milestone email: ${c.name} ${rng.pick(['landing pages are live', 'campaigns launched', 'tracking verified', 'month-one report ready'])}`,
      body: `Milestone reached for **${c.name}**. Please email ${c.contact} with:\n\n- what went live and the link to the dashboard\n- next milestone: ${rng.pick(['first optimisation pass', 'creative refresh', 'month-one report', 'call tracking setup'])} in ${rng.int(5, 14)} days\n\nCC the account manager.`,
      entities: [`client:${c.id}`],
    };
  },
  'scout->dirk': (rng) => {
    const p = prospects(rng, rng.int(2, 3));
    return {
      type: 'PROPOSAL',
      subject: `${p.ids.length} qualified prospects for outreach`,
      body: `New qualified prospects from this week's research:\n\n${p.lines.join('\n')}\n\nSuggested opener: the local-search gap report. Want me to draft sequences?`,
      entities: p.ids,
    };
  },
  'dirk->scout': (rng) => {
    const p = prospects(rng, 2);
    return {
      type: 'INFORM',
      subject: 'Lead feedback: what converted this week',
      body: `Feedback on last week's leads:\n\n${p.lines.map((l, i) => `${l.split(':')[0]}: ${i === 0 ? 'booked a discovery call' : rng.pick(['not a fit (in-house team)', 'no budget until next quarter', 'went dark after the first email'])}`).join('\n')}\n\nMore multi-location dental, fewer single-site gyms, please.`,
      entities: p.ids,
    };
  },
  'coach->maria': (rng) => {
    const c = rng.pick(AT_RISK_CLIENTS);
    const call = rng.int(40000, 49999);
    const [issue, quote] = rng.pick(CALL_ISSUES);
    return {
      type: 'INFORM',
      subject: `Call review: ${c.name} caller ${issue}`,
      body: `From today's call reviews (call ${call}, score ${rng.int(41, 58)}/100):\n\n> "${quote}"\n\n${c.contact} (${c.name}) sounded ready to leave. This is a retention risk, not a coaching point.`,
      entities: [`call:${call}`],
    };
  },
  'coach->echo': (rng) => {
    const call = rng.int(40000, 49999);
    return {
      type: 'REQUEST',
      subject: `Follow-up email after call ${call}`,
      body: `The rep promised a written summary on the call. Please send the caller:\n\n- the three next steps we agreed\n- the booking link for the strategy session\n\nCoaching note for the rep is in state/coach/call-scores.json.`,
      entities: [`call:${call}`],
    };
  },
  'jeff->dash': (rng) => {
    const account = rng.pick(JEFF_CHALLENGED_ACCOUNTS);
    const reported = rng.int(80, 160);
    return {
      type: 'CHALLENGE',
      subject: `Conversions for ${account} don't reconcile`,
      body: `Your anomaly report says **${reported}** conversions last week for \`${account}\`; the platform export says **${reported - rng.int(9, 30)}**.\n\nI think the offline-conversion import is double counting. Can you re-run with deduplication on, or tell me which number the briefing should use?`,
      entities: [`adaccount:${account}`],
    };
  },
  'david->radar': (rng) => ({
    type: 'REQUEST',
    subject: rng.pick(['Add cash collected to the briefing', 'Briefing: put client churn risk at the top', 'Shorter briefing on Mondays, please', 'Briefing: include pipeline vs. target']),
    body: `Radar, from tomorrow please ${rng.pick(['add a line with cash collected yesterday (from the scorecard)', 'lead with anything on the retention watch list', 'keep Monday briefings to one screen', 'show pipeline against the monthly target'])}.\n\nThanks, David`,
  }),
  'david->dirk': (rng) => {
    const c = rng.pick(SALES_CLIENTS);
    return {
      type: 'REQUEST',
      subject: `Can we get ${c.name} a proposal this week?`,
      body: `Met ${c.contact} at the chamber breakfast; they're open to ${rng.pick(['expanding to Meta', 'adding a second location', 'a local SEO package'])}. Can you get a proposal out by Friday?\n\n— David`,
      entities: [`client:${c.id}`],
    };
  },
};

/** A reply from the receiver of `original` back to its sender (a RESPONSE with `re`). */
export function draftReply(rng: Rng, original: Pick<MessageLine, 'from' | 'to' | 'subject'>): Draft {
  const lines: Record<string, string[]> = {
    echo: ['Sent. Open tracking is on; I will flag a reply.', 'Drafted and sent; copied the account manager.', 'Sent, and scheduled a reminder for Thursday if there is no answer.'],
    atlas: ['Kickoff scheduled for Thursday 10:00; project board created.', 'Added to the project board; kickoff invite sent to the client.', 'On it: onboarding checklist started, kickoff early next week.'],
    dash: ['Re-ran with deduplication on: the platform number is right, fixed in tonight\'s report.', 'The import double counted phone calls. Corrected; the briefing uses the platform number.', 'Checked: the difference is view-through conversions, which the briefing excludes.'],
    dirk: ['Thanks, noted. Holding off.', 'Got it, I will work these this week.', 'Understood; pausing outreach there.'],
    radar: ['Done: it is in tomorrow\'s briefing.', 'Changed the template; tomorrow\'s briefing has it.'],
    pulse: ['Picked up; save call booked with the client.', 'On the watch list now; I will own the next touch.'],
  };
  return { type: 'RESPONSE', subject: `Re: ${original.subject.replace(/^Re: /, '')}`, body: rng.pick(lines[original.to] ?? ['Thanks, handled.']) };
}

/** The at-risk client a message's subject names (coach findings name the client in the subject). */
export function clientNamedIn(text: string): Client | null {
  return AT_RISK_CLIENTS.find((c) => text.includes(c.name)) ?? null;
}

/** Human forwarding a coach finding to retention by hand (the human bridge). */
export function draftForward(rng: Rng, original: Pick<MessageLine, 'subject' | 'body'>, target: Client): Draft {
  const quoted = original.body.split('\n').map((l) => `> ${l}`).join('\n');
  return {
    type: 'REQUEST',
    subject: `Fwd: ${original.subject}`,
    body: `Pulse, can you pick this up? Coach flagged it in the call reviews:\n\n${quoted}\n\n${rng.pick(['— Maria', 'Thanks, Maria', 'Please treat as urgent. — M'])}`,
    entities: [`client:${target.id}`],
  };
}
