/**
 * Create a handoff after a drag from one seat to another, or edit one picked on the graph: what it
 * carries and via what (the sender's inbox route or one of its state files), reverse or remove it.
 */
import { useId, useMemo, useState } from 'react';
import type { HandoffView } from '../../../shared/snapshot';
import { EditDialog, Field } from './EditDialog';
import { useEditing } from './editStore';
import { handoffDefaults, handoffProblem, handoffUpdate, reverseDraft, viaOptions, type HandoffDraft, type SeatInfo } from './formModel';
import { useHandoffList, useSeatInfos } from './useFleetLists';

const nameOf = (seats: ReadonlyMap<string, SeatInfo>, id: string) => seats.get(id)?.name ?? id;

function HandoffFields({ draft, setDraft, seats }: { draft: HandoffDraft; setDraft(next: HandoffDraft): void; seats: ReadonlyMap<string, SeatInfo> }) {
  const whatId = useId();
  const viaId = useId();
  const options = viaOptions(seats.get(draft.from));
  if (!options.some((o) => o.value === draft.via)) options.unshift({ value: draft.via, label: `${draft.via} (not written by ${nameOf(seats, draft.from)})` });
  return (
    <>
      <p className="edit-route" data-testid="handoff-route">
        <strong>{nameOf(seats, draft.from)}</strong> <span aria-hidden="true">→</span>
        <span className="visually-hidden"> to </span> <strong>{nameOf(seats, draft.to)}</strong>
      </p>
      <Field label="What it carries" htmlFor={whatId} hint="One line, e.g. “Overnight anomalies in client ad accounts”.">
        <input id={whatId} type="text" className="edit-input" value={draft.what} maxLength={2000} data-testid="handoff-what" onChange={(e) => setDraft({ ...draft, what: e.target.value })} />
      </Field>
      <Field label="Via" htmlFor={viaId} hint={`A state file ${nameOf(seats, draft.from)} writes, or a message in ${nameOf(seats, draft.to)}’s inbox.`}>
        <select id={viaId} className="edit-input" value={draft.via} data-testid="handoff-via" onChange={(e) => setDraft({ ...draft, via: e.target.value })}>
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      </Field>
    </>
  );
}

export function HandoffCreateForm({ from, to }: { from: string; to: string }) {
  const seats = useSeatInfos();
  const handoffs = useHandoffList();
  const [draft, setDraft] = useState(() => handoffDefaults(seats.get(from), seats.get(to), from, to));
  const [error, setError] = useState<string | null>(null);
  const run = useEditing((s) => s.run);
  const closeForm = useEditing((s) => s.closeForm);
  const problem = handoffProblem(draft, seats, handoffs);

  const save = async () => {
    if (problem) return setError(problem);
    const answer = await run({ type: 'addHandoff', from: draft.from, to: draft.to, via: draft.via, what: draft.what.trim() });
    if (answer.ok) closeForm();
    else setError(answer.message);
  };

  return (
    <EditDialog
      title="New handoff"
      description="Written to fleet.yaml as a designed handoff; comments in the file stay as they are."
      testId="handoff-form"
      saveLabel="Add handoff"
      saveTestId="handoff-save"
      error={error ?? (draft.from === draft.to ? problem : null)}
      onSubmit={() => void save()}
    >
      <HandoffFields draft={draft} setDraft={(next) => (setDraft(next), setError(null))} seats={seats} />
    </EditDialog>
  );
}

export function HandoffEditForm({ ids }: { ids: readonly string[] }) {
  const seats = useSeatInfos();
  const handoffs = useHandoffList();
  const pickId = useId();
  const byId = useMemo(() => new Map(handoffs.map((h) => [h.id, h])), [handoffs]);
  const [selectedId, setSelectedId] = useState(ids[0] ?? '');
  const original = byId.get(selectedId);
  const [draft, setDraft] = useState<HandoffDraft | null>(() => (original ? { from: original.from, to: original.to, via: original.via, what: original.what } : null));
  const [error, setError] = useState<string | null>(null);
  const run = useEditing((s) => s.run);
  const closeForm = useEditing((s) => s.closeForm);

  const choose = (id: string) => {
    const next = byId.get(id);
    setSelectedId(id);
    setDraft(next ? { from: next.from, to: next.to, via: next.via, what: next.what } : null);
    setError(null);
  };

  const save = async () => {
    if (!original || !draft) return setError('This handoff is no longer in fleet.yaml.');
    const problem = handoffProblem(draft, seats, handoffs, original.id);
    if (problem) return setError(problem);
    const command = handoffUpdate(original, draft);
    if (!command) return closeForm();
    const answer = await run(command);
    if (answer.ok) closeForm();
    else setError(answer.message);
  };

  const remove = async (handoff: HandoffView) => {
    const answer = await run({ type: 'removeHandoff', id: handoff.id }, { toast: { message: 'Handoff removed', action: 'undo' } });
    if (answer.ok) closeForm();
    else setError(answer.message);
  };

  return (
    <EditDialog
      title="Edit handoff"
      description="Change what it carries or its route, reverse it, or remove it. Ctrl+Z undoes."
      testId="handoff-form"
      saveLabel="Save"
      saveTestId="handoff-save"
      error={error}
      onSubmit={() => void save()}
      extraActions={
        original && draft ? (
          <>
            <button type="button" className="button button--danger" data-testid="handoff-delete" onClick={() => void remove(original)}>
              Remove
            </button>
            <button type="button" className="button" data-testid="handoff-reverse" onClick={() => (setDraft(reverseDraft(draft, seats)), setError(null))} title="Swap sender and receiver">
              Reverse
            </button>
          </>
        ) : null
      }
    >
      {ids.length > 1 && (
        <Field label="Handoff" htmlFor={pickId}>
          <select id={pickId} className="edit-input" value={selectedId} onChange={(e) => choose(e.target.value)}>
            {ids.map((id) => (
              <option key={id} value={id}>
                {byId.get(id)?.what || id} (via {byId.get(id)?.via ?? '?'})
              </option>
            ))}
          </select>
        </Field>
      )}
      {draft ? (
        <HandoffFields draft={draft} setDraft={(next) => (setDraft(next), setError(null))} seats={seats} />
      ) : (
        <p className="edit-description">This handoff is no longer in fleet.yaml (it changed on disk).</p>
      )}
    </EditDialog>
  );
}
