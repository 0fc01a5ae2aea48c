/** Inbox arrays rewritten whole: what is new, what changed, what Claude Code pruned (kept here). */
import { describe, expect, it } from 'vitest';
import type { RawInboxMessage } from '../../shared/claudeTeams/format';
import { arrayIdentities, messageIdentity } from '../../shared/claudeTeams/identity';
import { diffInbox, diffTasks, TeamModel } from '../../shared/claudeTeams/teamModel';

const msg = (n: number, fields: Partial<RawInboxMessage> = {}): RawInboxMessage => ({
  from: 'team-lead',
  text: `message ${n}`,
  timestamp: `2026-02-09T15:0${n % 10}:00.000Z`,
  read: false,
  ...fields,
});

function apply(model: TeamModel, inbox: string, messages: RawInboxMessage[], at: number) {
  const events = diffInbox(model, inbox, messages, at);
  for (const event of events) model.apply(event);
  return events;
}

describe('inbox array diffing', () => {
  it('a message seen again is not new; a new one is', () => {
    const model = new TeamModel('t');
    expect(apply(model, 'a', [msg(1), msg(2)], 1).map((e) => e.e)).toEqual(['msg', 'msg']);
    expect(apply(model, 'a', [msg(1), msg(2)], 2)).toEqual([]);
    expect(apply(model, 'a', [msg(1), msg(2), msg(3)], 3).map((e) => e.e)).toEqual(['msg']);
    expect(model.inboxes.get('a')!.messages).toHaveLength(3);
  });

  it('a read flag that flips is a read event, not a new message', () => {
    const model = new TeamModel('t');
    apply(model, 'a', [msg(1)], 1);
    expect(apply(model, 'a', [msg(1, { read: true })], 2)).toMatchObject([{ e: 'read', read: true }]);
    const log = model.inboxes.get('a')!;
    expect(log.messages[0]).toMatchObject({ read: true, readAt: 2 });
    expect(log.all.acks).toHaveLength(1);
  });

  it('a pruned message is kept, marked gone; coming back clears the mark', () => {
    const model = new TeamModel('t');
    apply(model, 'a', [msg(1), msg(2)], 1);
    expect(apply(model, 'a', [msg(2)], 2)).toMatchObject([{ e: 'gone' }]);
    const log = model.inboxes.get('a')!;
    expect(log.messages).toHaveLength(2);
    expect(log.messages[0]!.goneAt).toBe(2);
    expect(apply(model, 'a', [msg(2)], 3)).toEqual([]);
    expect(apply(model, 'a', [msg(1), msg(2)], 4)).toMatchObject([{ e: 'back' }]);
    expect(log.messages[0]!.goneAt).toBeNull();
  });

  it('an emptied file prunes everything and keeps everything', () => {
    const model = new TeamModel('t');
    apply(model, 'a', [msg(1), msg(2)], 1);
    expect(apply(model, 'a', [], 2).map((e) => e.e)).toEqual(['gone', 'gone']);
    expect(model.inboxes.get('a')!.messages).toHaveLength(2);
  });

  it('identity: msg_id when present, else sender + time + text; twins in one array stay two', () => {
    expect(messageIdentity(msg(1, { msg_id: 'abc' }))).toBe('id-abc');
    expect(messageIdentity(msg(1))).toBe(messageIdentity(msg(1, { read: true, color: 'blue' })));
    expect(messageIdentity(msg(1))).not.toBe(messageIdentity(msg(1, { text: 'other' })));
    const twins = arrayIdentities([msg(1), msg(1)]);
    expect(new Set(twins).size).toBe(2);
    const model = new TeamModel('t');
    expect(apply(model, 'a', [msg(1), msg(1)], 1)).toHaveLength(2);
  });

  it('the derive records only grow by push (the incremental index contract)', () => {
    const model = new TeamModel('t');
    apply(model, 'a', [msg(1)], 1);
    const log = model.inboxes.get('a')!;
    const messages = log.all.messages;
    apply(model, 'a', [msg(1, { read: true }), msg(2), msg(3, { text: '{"type":"idle_notification"}' })], 2);
    expect(log.all.messages).toBe(messages);
    expect(log.all.messages).toHaveLength(3);
    // Idle notifications are not traffic.
    expect(log.traffic.messages).toHaveLength(2);
  });

  it('a diff touches only the array: the history kept does not enter it', () => {
    const model = new TeamModel('t');
    const many = Array.from({ length: 2000 }, (_, i) => msg(i, { text: `m${i}` }));
    apply(model, 'a', many, 1);
    apply(model, 'a', [], 2); // all pruned, all kept
    const events = diffInbox(model, 'a', [msg(5000, { text: 'fresh' })], 3);
    expect(events).toEqual([expect.objectContaining({ e: 'msg' })]);
  });
});

describe('task diffing', () => {
  it('new and changed tasks are events; a removed file is a task gone (kept)', () => {
    const model = new TeamModel('t');
    const task = { id: '1', subject: 's', description: '', status: 'pending', blocks: [], blockedBy: [] };
    for (const e of diffTasks(model, new Map([['1', { task, mtime: 5 }]]), 10)) model.apply(e);
    expect(model.tasks.get('1')).toMatchObject({ changedAt: 5 });
    expect(diffTasks(model, new Map([['1', { task, mtime: 5 }]]), 11)).toEqual([]);
    const changed = diffTasks(model, new Map([['1', { task: { ...task, status: 'in_progress' }, mtime: 12 }]]), 12);
    expect(changed).toMatchObject([{ e: 'task' }]);
    for (const e of changed) model.apply(e);
    for (const e of diffTasks(model, new Map(), 13)) model.apply(e);
    expect(model.tasks.get('1')).toMatchObject({ goneAt: 13, task: { status: 'in_progress' } });
  });
});
