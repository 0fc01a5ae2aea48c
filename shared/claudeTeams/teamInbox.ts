/**
 * The seat panel's inbox views for a Claude Code team, from the team model (pure): the same
 * InboxWindow and MessageDetail the fleet format answers with, plus a chip for protocol messages,
 * a note on messages Claude Code pruned, and runs of idle notifications collapsed into one row.
 */
import {
  BODY_LIMIT,
  filterCandidates,
  toRow,
  ackIndex,
  viewCandidates,
  viewFacets,
  type Candidate,
  type InboxWindow,
  type MessageDetail,
  type MessageRow,
  type ParsedInboxQuery,
} from '../inboxQuery';
import type { TeamMessage, TeamModel } from './teamModel';

export const PRUNED_NOTE = "no longer in Claude's file";

function lookup(model: TeamModel, inboxSeat: string, key: string): TeamMessage | undefined {
  for (const log of model.inboxes.values()) if (log.seat === inboxSeat) return log.byKey.get(key);
  return undefined;
}

function decorate(model: TeamModel, row: MessageRow): MessageRow {
  const message = lookup(model, row.inbox, row.id);
  if (!message) return row;
  const chip = message.decoded.chip;
  // The row shows the chip, then only what the subject adds to it ("idle: available" → "available").
  let subject = row.subject;
  if (chip && subject.startsWith(chip)) subject = subject.slice(chip.length).replace(/^[:\s]+/, '');
  else if (message.decoded.kind === 'idle_notification') subject = subject.replace(/^idle:\s*/, '');
  return { ...row, subject, chip, note: message.goneAt !== null ? PRUNED_NOTE : null };
}

function matchesText(message: TeamMessage, needle: string): boolean {
  const lower = needle.toLowerCase();
  return [message.raw.text, message.raw.summary ?? '', message.raw.from, message.decoded.subject, message.decoded.kind].some((field) => field.toLowerCase().includes(lower));
}

/** Consecutive idle notifications (newest first) as one row: the newest, with the run's length. */
function collapseIdle(candidates: Candidate[]): Array<{ candidate: Candidate; run: number }> {
  const out: Array<{ candidate: Candidate; run: number }> = [];
  for (const candidate of candidates) {
    const prev = out[out.length - 1];
    const idle = candidate.message.type === 'idle_notification';
    if (idle && prev && prev.candidate.message.type === 'idle_notification' && prev.candidate.inbox === candidate.inbox) prev.run++;
    else out.push({ candidate, run: 1 });
  }
  return out;
}

export function queryTeamInbox(model: TeamModel, query: ParsedInboxQuery): InboxWindow {
  const inboxes = [...model.inboxes.values()].map((log) => log.all);
  const candidates = viewCandidates(inboxes, query);
  let textMatches: Set<string> | undefined;
  const text = query.text?.trim();
  if (text) {
    textMatches = new Set();
    for (const c of candidates) {
      const message = lookup(model, c.inbox, c.message.id);
      if (message && matchesText(message, text)) textMatches.add(`${c.inbox}/${c.message.id}`);
    }
  }
  // Idle runs collapse only in the plain view; a filter for idle notifications lists each one.
  const matching = filterCandidates(candidates, query, textMatches);
  const collapse = !query.types?.includes('idle_notification');
  const rowsAll = collapse ? collapseIdle(matching) : matching.map((candidate) => ({ candidate, run: 1 }));
  const acks = new Map(inboxes.map((inbox) => [inbox.seat, ackIndex(inbox)]));
  const rows = rowsAll.slice(query.start, query.start + query.count).map(({ candidate, run }) => {
    const row = decorate(model, toRow(candidate.message, candidate.inbox, acks.get(candidate.inbox) ?? new Map()));
    if (run > 1) {
      row.run = run;
      row.chip = `idle ×${run}`;
    }
    return row;
  });
  return {
    seat: query.seat,
    view: query.view,
    total: rowsAll.length,
    start: query.start,
    rows,
    // The counts and the filter bar's choices cover the whole view, before its filters.
    ...viewFacets(candidates, query.view),
    problems: [],
    complete: true,
  };
}

export function teamMessageAtLine(model: TeamModel, inboxSeat: string, line: number): MessageRow | null {
  for (const log of model.inboxes.values()) {
    if (log.seat !== inboxSeat) continue;
    const message = log.messages[line - 1];
    const record = log.all.messages[line - 1];
    if (!message || !record) return null;
    return decorate(model, toRow(record, log.seat, ackIndex(log.all)));
  }
  return null;
}

/** The message's text as the body (protocol messages as indented JSON), and the raw entry. */
export function teamMessage(model: TeamModel, inboxSeat: string, key: string): MessageDetail | null {
  for (const log of model.inboxes.values()) {
    if (log.seat !== inboxSeat) continue;
    const message = log.byKey.get(key);
    if (!message) return null;
    const record = log.all.messages[message.line - 1]!;
    const row = decorate(model, toRow(record, log.seat, ackIndex(log.all)));
    let body = message.raw.text;
    if (message.decoded.protocolType) {
      try {
        body = `\`\`\`json\n${JSON.stringify(JSON.parse(message.raw.text), null, 2)}\n\`\`\``;
      } catch {
        /* shown as written */
      }
    }
    return {
      row,
      body: body.slice(0, BODY_LIMIT),
      bodyTruncated: body.length > BODY_LIMIT,
      raw: JSON.stringify(message.raw).slice(0, 64 * 1024),
      thread: [row],
    };
  }
  return null;
}
