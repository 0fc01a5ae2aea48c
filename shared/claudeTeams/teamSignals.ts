/**
 * Warnings for a Claude Code team, in the team's own terms (docs/sources.md). They reuse the
 * signal kinds of the fleet format where the failure is the same one:
 * - orphan-output: messages to a name that is not a member (an inbox file nobody reads);
 * - inbox-backlog: unread messages waiting past `backlogAfterMs`;
 * - stale-state: a teammate with a task in progress and no message or task change for
 *   `staleAfterMs`;
 * - pending-request (the one new kind): a permission or plan request nobody answered for
 *   `requestAfterMs`;
 * - duplicate-work: two members with tasks on the same subject or the same files;
 * - undesigned-traffic: teammate-to-teammate messages outside the plan (shared/claudeTeams/plan.ts).
 * Idle notifications are bookkeeping, not traffic: they never count as waiting or undesigned.
 * A team that ended waits for nothing: only the structural warnings remain.
 */
import type { Signal, SignalKind } from '../signalTypes';
import type { Severity } from '../diagnostics';
import { formatSpan, parseDuration } from '../duration';
import { isInternalTask } from './format';
import type { TeamModel, TeamMessage } from './teamModel';
import { REQUEST_ANSWERS } from './protocol';

export interface TeamThresholds {
  staleAfterMs: number;
  backlogAfterMs: number;
  quietAfterMs: number;
  overlapWindowMs: number;
  /** A permission or plan request unanswered longer than this is a warning. */
  requestAfterMs: number;
  /** Count idle notifications as traffic on the graph (off by default). */
  includeIdleTraffic: boolean;
}

/** Minutes, not days: team runs last minutes to hours. */
export const TEAM_DEFAULTS: TeamThresholds = {
  staleAfterMs: 10 * 60_000,
  backlogAfterMs: 5 * 60_000,
  quietAfterMs: 30 * 60_000,
  overlapWindowMs: 60 * 60_000,
  requestAfterMs: 60_000,
  includeIdleTraffic: false,
};

function signal(kind: SignalKind, key: string, severity: Severity, fields: Omit<Signal, 'id' | 'kind' | 'severity' | 'handoffs'> & { handoffs?: string[] }): Signal {
  return { id: `${kind}:${key}`, kind, severity, handoffs: [], ...fields };
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
export const inboxFile = (team: string, name: string) => `teams/${team}/inboxes/${name}.json`;

/** A pending request: not answered by a response with its request id anywhere in the team. */
export interface PendingRequest {
  message: TeamMessage;
  kind: string;
}

export function pendingRequests(model: TeamModel): PendingRequest[] {
  const { requests, answered } = model.stats;
  return requests
    .map((message) => ({ message, kind: message.decoded.kind }))
    .filter(({ message, kind }) => {
      const id = message.decoded.requestId;
      return !(id && REQUEST_ANSWERS[kind]!.some((answer) => answered.has(`${answer}:${id}`)));
    });
}

/** Path-like words in a task's text (`src/types.rs`), to tell two tasks on the same files. */
function filesOf(text: string): string[] {
  return [...new Set(text.match(/[\w.-]*\/[\w./-]*\.[A-Za-z0-9]{1,8}\b/g) ?? [])];
}

export function teamSignals(model: TeamModel, now: number, limits: TeamThresholds, designed: Set<string>): Signal[] {
  const signals: Signal[] = [];
  const team = model.team;
  const live = model.live;
  const members = new Map([...model.members.values()].filter((m) => m.leftAt === null).map((m) => [m.name, m]));
  const everMember = (name: string) => model.members.has(name);

  for (const inbox of model.inboxes.values()) {
    const file = inboxFile(team, inbox.name);
    // Messages to a name that is not a member: nobody will ever read them.
    if (!members.has(inbox.name)) {
      const left = model.members.get(inbox.name)?.leftAt ?? null;
      const orphaned = inbox.messages.filter((m) => m.raw.from !== inbox.name && (left === null || m.firstSeen > left));
      if (orphaned.length > 0 && (!everMember(inbox.name) || left !== null)) {
        const last = orphaned[orphaned.length - 1]!;
        signals.push(signal('orphan-output', file, 'warning', {
          seats: [...new Set(orphaned.map((m) => model.seatOf(m.raw.from))), inbox.seat],
          files: [file],
          message: `${plural(orphaned.length, 'message')} went to ${inbox.name}, who is not a member of the team${left !== null ? ' any more' : ''}: nobody will read them`,
          hint: `Send to a member's name (check config.json's members), or add ${inbox.name} to the team`,
          numbers: { count: orphaned.length, lastTs: last.ts, line: last.line },
          exampleInbox: inbox.seat,
        }));
      }
      continue;
    }
    if (!live) continue;
    // Unread messages waiting past the threshold (idle notifications are not waiting for anyone).
    const late = [...(model.stats.unread.get(inbox.name) ?? [])].filter((m) => now - m.ts > limits.backlogAfterMs);
    if (late.length > 0) {
      const oldest = late.reduce((a, b) => (b.ts < a.ts ? b : a));
      signals.push(signal('inbox-backlog', inbox.seat, 'warning', {
        seats: [inbox.seat],
        files: [file],
        message: `${inbox.name} has ${plural(late.length, 'unread message')} older than ${formatSpan(limits.backlogAfterMs)}; the oldest waited ${formatSpan(now - oldest.ts)}`,
        hint: `Check that ${inbox.name} is still running and reading its inbox`,
        numbers: { count: late.length, ageMs: now - oldest.ts, limitMs: limits.backlogAfterMs, oldestTs: oldest.ts, line: oldest.line },
        exampleInbox: inbox.seat,
      }));
    }
  }

  const lastSent = model.stats.lastSent;
  const work = [...model.tasks.values()].filter((t) => t.goneAt === null && !isInternalTask(t.task) && t.task.status !== 'deleted');

  if (live) {
    // A teammate with a task in progress and no sign of life.
    for (const member of members.values()) {
      const active = work.filter((t) => t.task.owner === member.name && t.task.status === 'in_progress');
      if (active.length === 0) continue;
      const last = Math.max(lastSent.get(member.name) ?? -Infinity, ...active.map((t) => t.changedAt), member.member.joinedAt ?? -Infinity);
      const quiet = now - last;
      if (!(quiet > limits.staleAfterMs)) continue;
      signals.push(signal('stale-state', member.seat, 'warning', {
        seats: [member.seat],
        files: active.map((t) => `tasks/${team}/${t.task.id}.json`),
        message: `${member.name} has ${plural(active.length, 'task')} in progress (#${active.map((t) => t.task.id).join(', #')}) and no message or task change for ${formatSpan(quiet)}`,
        hint: `Look at ${member.name}'s pane: it may be stuck, waiting for a permission, or finished without reporting`,
        numbers: { count: active.length, ageMs: quiet, limitMs: limits.staleAfterMs, lastTs: last },
      }));
    }
    // Permission and plan requests nobody answered.
    for (const { message, kind } of pendingRequests(model)) {
      if (kind === 'shutdown_request') continue;
      const waited = now - message.ts;
      if (!(waited > limits.requestAfterMs)) continue;
      const what = kind === 'permission_request' ? `permission${message.decoded.toolName ? ` to use ${message.decoded.toolName}` : ''}` : 'approval of a plan';
      signals.push(signal('pending-request', `${message.inbox}/${message.key}`, 'warning', {
        seats: [model.seatOf(message.raw.from), model.seatOf(message.inbox)],
        files: [inboxFile(team, message.inbox)],
        message: `${message.raw.from} asked ${message.inbox} for ${what} ${formatSpan(waited)} ago and has no answer`,
        hint: `Answer the request in ${message.inbox}'s session; ${message.raw.from} is blocked until then`,
        numbers: { ageMs: waited, limitMs: limits.requestAfterMs, lastTs: message.ts, line: message.line },
        exampleInbox: model.seatOf(message.inbox),
      }));
    }
  }

  // Two members working on the same subject or the same files.
  const open = work.filter((t) => t.task.owner && t.task.status !== 'completed');
  const reported = new Set<string>();
  for (let i = 0; i < open.length; i++) {
    for (let j = i + 1; j < open.length; j++) {
      const a = open[i]!.task;
      const b = open[j]!.task;
      if (a.owner === b.owner) continue;
      const sameSubject = a.subject.trim().toLowerCase() !== '' && a.subject.trim().toLowerCase() === b.subject.trim().toLowerCase();
      const filesA = filesOf(`${a.subject} ${a.description}`);
      const shared = filesOf(`${b.subject} ${b.description}`).filter((f) => filesA.includes(f));
      if (!sameSubject && shared.length === 0) continue;
      const [x, y] = [model.seatOf(a.owner!), model.seatOf(b.owner!)].sort() as [string, string];
      const key = `${x}+${y}`;
      if (reported.has(key)) continue;
      reported.add(key);
      signals.push(signal('duplicate-work', key, 'warning', {
        seats: [x, y],
        files: [`tasks/${team}/${a.id}.json`, `tasks/${team}/${b.id}.json`],
        message: `${a.owner} (task #${a.id}) and ${b.owner} (task #${b.id}) work on ${sameSubject ? `the same subject, "${a.subject.slice(0, 80)}"` : `the same files: ${shared.slice(0, 3).join(', ')}`}`,
        hint: 'Have the lead give the work to one of them, or split it by file',
        numbers: { count: 2 },
      }));
    }
  }

  // Teammate-to-teammate messages outside the plan.
  const pairs = new Map<string, { from: string; to: string; count: number; last: TeamMessage }>();
  for (const pair of model.stats.pairs.values()) {
    if (!members.has(pair.to) || !members.has(pair.from)) continue;
    const from = model.seatOf(pair.from);
    const to = model.seatOf(pair.to);
    const key = `${from}->${to}`;
    if (!designed.has(key)) pairs.set(key, { from, to, count: pair.count, last: pair.last });
  }
  for (const [key, pair] of pairs) {
    signals.push(signal('undesigned-traffic', key, 'warning', {
      seats: [pair.from, pair.to],
      files: [inboxFile(team, pair.last.inbox)],
      message: `${pair.last.raw.from} sent ${pair.last.inbox} ${plural(pair.count, 'message')} outside the plan (no spawn, task assignment or task dependency links them)`,
      hint: 'Fine if it was asked for; otherwise have the lead route the work through tasks',
      numbers: { count: pair.count, lastTs: pair.last.ts, line: pair.last.line },
      exampleInbox: pair.to,
    }));
  }
  return signals;
}

const LIMIT_KEYS = { stale: 'staleAfterMs', backlog: 'backlogAfterMs', quiet: 'quietAfterMs', request: 'requestAfterMs' } as const;

/**
 * `stale=10m,backlog=5m,request=1m,quiet=30m,idle-traffic`: the team thresholds as the CLI takes
 * them (durations as in the fleet format: `<n>m`, `<n>h`, `<n>d`). Unnamed ones keep their defaults.
 */
export function parseTeamLimits(text: string): { ok: true; value: Partial<TeamThresholds> } | { ok: false; error: string } {
  const value: Partial<TeamThresholds> = {};
  for (const part of text.split(',').map((p) => p.trim()).filter(Boolean)) {
    if (part === 'idle-traffic') {
      value.includeIdleTraffic = true;
      continue;
    }
    const [name, duration] = part.split('=', 2) as [string, string | undefined];
    const key = LIMIT_KEYS[name as keyof typeof LIMIT_KEYS];
    if (!key) return { ok: false, error: `unknown limit "${name}" (use stale, backlog, request, quiet or idle-traffic)` };
    const ms = parseDuration(duration);
    if (ms === null) return { ok: false, error: `${name} needs a duration like 10m, 2h or 1d` };
    value[key] = ms;
  }
  return { ok: true, value };
}
