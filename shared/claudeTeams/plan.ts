/**
 * The designed structure of a Claude Code team: its plan. The lead spawned each teammate (and the
 * teammate reports back), tasks were assigned (task_assignment messages, task owners), and task
 * dependencies (`blocks`/`blockedBy`) link their owners. Messages are the traffic measured against
 * this plan, so teammate-to-teammate messages outside it show as undesigned traffic.
 */
import { isInternalTask } from './format';
import { HUMAN_SEAT, type TeamModel } from './teamModel';

export interface PlannedLink {
  from: string;
  to: string;
  /** Why the link is in the plan, one phrase per reason. */
  reasons: string[];
}

export function teamPlan(model: TeamModel): PlannedLink[] {
  const links = new Map<string, PlannedLink>();
  const add = (fromName: string, toName: string, reason: string) => {
    const from = model.seatOf(fromName);
    const to = model.seatOf(toName);
    if (from === to) return;
    const key = `${from}->${to}`;
    const link = links.get(key) ?? { from, to, reasons: [] };
    if (!link.reasons.includes(reason) && link.reasons.length < 8) link.reasons.push(reason);
    links.set(key, link);
  };
  const lead = model.leadName;
  for (const record of model.members.values()) {
    if (!lead || record.name === lead) continue;
    add(lead, record.name, `spawned ${record.member.agentType ?? 'teammate'}`);
    add(record.name, lead, 'reports to the lead');
  }
  for (const [key, ids] of model.stats.assignments) {
    const [from, to] = key.split('\n') as [string, string];
    for (const id of ids) add(from, to, `task #${id}`);
  }
  const owners = new Map<string, string>();
  for (const [id, record] of model.tasks) if (record.task.owner && !isInternalTask(record.task)) owners.set(id, record.task.owner);
  for (const [id, record] of model.tasks) {
    const owner = owners.get(id);
    if (!owner) continue;
    if (lead && owner !== lead) add(lead, owner, `owns task #${id}`);
    for (const blocked of record.task.blocks) {
      const other = owners.get(blocked);
      if (other) add(owner, other, `task #${id} blocks #${blocked}`);
    }
    for (const blocker of record.task.blockedBy) {
      const other = owners.get(blocker);
      if (other) add(other, owner, `task #${blocker} blocks #${id}`);
    }
  }
  return [...links.values()].filter((link) => link.from !== HUMAN_SEAT);
}
