/** Create or edit a conflict rule: who wins over whom, when, and optionally the watchlist that makes it checkable. */
import { useId, useMemo, useState } from 'react';
import { EditDialog, Field } from './EditDialog';
import { useEditing } from './editStore';
import { ruleCommand, ruleProblem, ruleUpdate, type RuleDraft, type SeatInfo } from './formModel';
import { useRuleList, useSeatInfos } from './useFleetLists';

function RuleFields({ draft, setDraft, seats }: { draft: RuleDraft; setDraft(next: RuleDraft): void; seats: ReadonlyMap<string, SeatInfo> }) {
  const winnerId = useId();
  const overId = useId();
  const whenId = useId();
  const watchId = useId();
  const active = [...seats.values()].filter((s) => s.status !== 'retired');
  const winnerFiles = seats.get(draft.winner)?.writes ?? [];
  const watchOptions = draft.watchlist && !winnerFiles.includes(draft.watchlist) ? [draft.watchlist, ...winnerFiles] : winnerFiles;
  const seatOptions = (
    <>
      <option value="">Choose a seat…</option>
      {active.map((s) => (
        <option key={s.id} value={s.id}>
          {s.name} ({s.id})
        </option>
      ))}
    </>
  );
  return (
    <>
      <div className="edit-row">
        <Field label="Winner" htmlFor={winnerId}>
          <select id={winnerId} className="edit-input" value={draft.winner} data-testid="rule-winner" onChange={(e) => setDraft({ ...draft, winner: e.target.value, watchlist: '' })}>
            {seatOptions}
          </select>
        </Field>
        <span className="edit-row-word" aria-hidden="true">
          wins over
        </span>
        <Field label="Over" htmlFor={overId}>
          <select id={overId} className="edit-input" value={draft.over} data-testid="rule-over" onChange={(e) => setDraft({ ...draft, over: e.target.value })}>
            {seatOptions}
          </select>
        </Field>
      </div>
      <Field label="When" htmlFor={whenId} hint="The situation in which the winner wins, e.g. “Client is on the retention watch list”.">
        <input id={whenId} type="text" className="edit-input" value={draft.when} maxLength={2000} data-testid="rule-when" onChange={(e) => setDraft({ ...draft, when: e.target.value })} />
      </Field>
      <Field label="Watchlist (optional)" htmlFor={watchId} hint="A JSON state file of the winner listing the entities the rule covers; makes the rule checkable.">
        <select id={watchId} className="edit-input" value={draft.watchlist} data-testid="rule-watchlist" onChange={(e) => setDraft({ ...draft, watchlist: e.target.value })}>
          <option value="">None</option>
          {watchOptions.map((path) => (
            <option key={path} value={path}>
              {path}
            </option>
          ))}
        </select>
      </Field>
    </>
  );
}

export function RuleCreateForm({ winner, over }: { winner: string; over: string }) {
  const seats = useSeatInfos();
  const rules = useRuleList();
  const [draft, setDraft] = useState<RuleDraft>({ winner, over, when: '', watchlist: '' });
  const [error, setError] = useState<string | null>(null);
  const run = useEditing((s) => s.run);
  const closeForm = useEditing((s) => s.closeForm);

  const save = async () => {
    const problem = ruleProblem(draft, seats, rules);
    if (problem) return setError(problem);
    const answer = await run(ruleCommand(draft));
    if (answer.ok) closeForm();
    else setError(answer.message);
  };

  return (
    <EditDialog title="New conflict rule" description="Settles a contested boundary in advance." testId="rule-form" saveLabel="Add rule" saveTestId="rule-save" error={error} onSubmit={() => void save()}>
      <RuleFields draft={draft} setDraft={(next) => (setDraft(next), setError(null))} seats={seats} />
    </EditDialog>
  );
}

export function RuleEditForm({ ids }: { ids: readonly string[] }) {
  const seats = useSeatInfos();
  const rules = useRuleList();
  const byId = useMemo(() => new Map(rules.map((r) => [r.id, r])), [rules]);
  const pickId = useId();
  const [selectedId, setSelectedId] = useState(ids[0] ?? '');
  const original = byId.get(selectedId);
  const toDraft = (id: string): RuleDraft | null => {
    const rule = byId.get(id);
    return rule ? { winner: rule.winner, over: rule.over, when: rule.when, watchlist: rule.watchlist ?? '' } : null;
  };
  const [draft, setDraft] = useState<RuleDraft | null>(() => toDraft(selectedId));
  const [error, setError] = useState<string | null>(null);
  const run = useEditing((s) => s.run);
  const closeForm = useEditing((s) => s.closeForm);

  const save = async () => {
    if (!original || !draft) return setError('This rule is no longer in fleet.yaml.');
    const problem = ruleProblem(draft, seats, rules, original.id);
    if (problem) return setError(problem);
    const command = ruleUpdate(original, draft);
    if (!command) return closeForm();
    const answer = await run(command);
    if (answer.ok) closeForm();
    else setError(answer.message);
  };

  const remove = async () => {
    if (!original) return;
    const answer = await run({ type: 'removeRule', id: original.id }, { toast: { message: 'Rule removed', action: 'undo' } });
    if (answer.ok) closeForm();
    else setError(answer.message);
  };

  return (
    <EditDialog
      title="Edit conflict rule"
      testId="rule-form"
      saveLabel="Save"
      saveTestId="rule-save"
      error={error}
      onSubmit={() => void save()}
      extraActions={
        original ? (
          <button type="button" className="button button--danger" data-testid="rule-delete" onClick={() => void remove()}>
            Remove
          </button>
        ) : null
      }
    >
      {ids.length > 1 && (
        <Field label="Rule" htmlFor={pickId}>
          <select
            id={pickId}
            className="edit-input"
            value={selectedId}
            onChange={(e) => {
              setSelectedId(e.target.value);
              setDraft(toDraft(e.target.value));
              setError(null);
            }}
          >
            {ids.map((id) => (
              <option key={id} value={id}>
                when {byId.get(id)?.when || id}
              </option>
            ))}
          </select>
        </Field>
      )}
      {draft ? <RuleFields draft={draft} setDraft={(next) => (setDraft(next), setError(null))} seats={seats} /> : <p className="edit-description">This rule is no longer in fleet.yaml (it changed on disk).</p>}
    </EditDialog>
  );
}
