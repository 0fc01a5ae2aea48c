/**
 * Plain examples of what the planner property (properties-planner.test.ts) found: each failed
 * before its fix, by losing a comment, refusing a safe edit, or refusing to edit an existing entry.
 */
import { describe, expect, it } from 'vitest';
import { planCommand } from '../../shared/commands/plan';
import type { FleetCommand } from '../../shared/commands/types';

function applied(text: string, command: FleetCommand): string {
  const result = planCommand(text, command);
  if (!result.ok) throw new Error(`refused: ${result.refusal.message}`);
  return result.text;
}

const fleet = `version: 1
seats:
  dash:
    kind: agent
    owns: # what dash owns
      - ads # paid ads
      - crm # the CRM
      - seo # search
  radar: { kind: agent }
  old: { kind: agent, status: retired }
handoffs:
  - from: dash # sender
    to: old # retired since
    what: Reports
  - { from: radar, to: dash, via: state/radar/notes.md, what: Notes }
rules: [{ winner: dash, over: radar, when: Always }]
`;

describe('planner regressions', () => {
  it('emptying a block list keeps the comment on its key line', () => {
    const text = applied(fleet, { type: 'updateSeat', seat: 'dash', changes: { owns: [] } });
    expect(text).toContain('    owns: [] # what dash owns\n');
  });

  it('reordering a block list keeps the comments of the items that stay', () => {
    const text = applied(fleet, { type: 'updateSeat', seat: 'dash', changes: { owns: ['seo', 'new', 'ads'] } });
    expect(text).toContain('    owns: # what dash owns\n      - seo # search\n      - new\n      - ads # paid ads\n  radar:');
  });

  it('removing one item and adding another to a block list is one clean edit (was "overlapping edits")', () => {
    const text = applied(fleet, { type: 'updateSeat', seat: 'dash', changes: { owns: ['ads', 'web'] } });
    expect(text).toContain('      - ads # paid ads\n      - web\n  radar:');
  });

  it('changing a value and adding a key after it in a flow map is one clean edit (was "overlapping edits")', () => {
    const text = applied(fleet, { type: 'updateRule', id: 'dash>radar#0', changes: { when: 'Never', watchlist: 'state/dash/w.json' } });
    expect(text).toContain('rules: [{ winner: dash, over: radar, when: Never, watchlist: state/dash/w.json }]\n');
  });

  it("edits a handoff's `what` although its receiver was retired since (was refused: seat is retired)", () => {
    const text = applied(fleet, { type: 'updateHandoff', id: 'dash->old@inbox', changes: { what: 'Weekly reports' } });
    expect(text).toContain('    what: Weekly reports\n');
    const moved = planCommand(fleet, { type: 'updateHandoff', id: 'dash->old@inbox', changes: { from: 'radar' } });
    expect(moved).toMatchObject({ ok: true });
    const toRetired = planCommand(fleet, { type: 'addHandoff', from: 'radar', to: 'old', via: 'inbox', what: 'x' });
    expect(toRetired).toMatchObject({ ok: false, refusal: { message: 'to old: seat old is retired' } });
  });

  it("edits a handoff whose via its sender does not list in `writes` (was refused: radar does not write it)", () => {
    const text = applied(fleet, { type: 'updateHandoff', id: 'radar->dash@state/radar/notes.md', changes: { what: 'Daily notes' } });
    expect(text).toContain('  - { from: radar, to: dash, via: state/radar/notes.md, what: Daily notes }\n');
    const newVia = planCommand(fleet, { type: 'addHandoff', from: 'radar', to: 'dash', via: 'state/radar/other.md', what: 'x' });
    expect(newVia).toMatchObject({ ok: false, refusal: { message: expect.stringMatching(/radar does not write state\/radar\/other.md/) } });
  });

  it('undoes removing a handoff to a seat retired since, at its old place (the inverse was refused)', () => {
    const removed = planCommand(fleet, { type: 'removeHandoff', id: 'dash->old@inbox' });
    if (!removed.ok) throw new Error(removed.refusal.message);
    expect(removed.inverse).toMatchObject({ type: 'addHandoff', to: 'old', at: 0, restore: true });
    const restored = applied(removed.text, removed.inverse);
    expect(restored).toContain('handoffs:\n  - from: dash\n    to: old\n    via: inbox\n    what: Reports\n  - { from: radar');
  });
});
