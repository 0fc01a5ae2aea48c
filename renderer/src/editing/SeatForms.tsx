/** Edit a seat's documented fields (name, owner, role, owns, not owns), or add a new seat. */
import { useId, useState } from 'react';
import { useFleet } from '../store/hooks';
import { EditDialog, Field } from './EditDialog';
import { useEditing } from './editStore';
import { idFromName, seatDraft, seatIdProblem, seatProblem, seatUpdate, type SeatDraft, type SeatInfo } from './formModel';
import { useSeatInfos } from './useFleetLists';

/** Owner suggestions: human seats first (an owner is the accountable human). */
function OwnerOptions({ id, seats }: { id: string; seats: ReadonlyMap<string, SeatInfo> }) {
  const list = [...seats.values()].sort((a, b) => (a.kind === b.kind ? 0 : a.kind === 'human' ? -1 : 1));
  return (
    <datalist id={id}>
      {list.map((s) => (
        <option key={s.id} value={s.id}>
          {s.name}
        </option>
      ))}
    </datalist>
  );
}

export function SeatEditForm({ seat }: { seat: string }) {
  const view = useFleet((s) => s.data?.seats.byId[seat]);
  const seats = useSeatInfos();
  const [draft, setDraft] = useState<SeatDraft | null>(() => (view ? seatDraft(view) : null));
  const [error, setError] = useState<string | null>(null);
  const run = useEditing((s) => s.run);
  const closeForm = useEditing((s) => s.closeForm);
  const ids = { name: useId(), owner: useId(), owners: useId(), role: useId(), owns: useId(), notOwns: useId() };
  const update = (patch: Partial<SeatDraft>) => {
    setDraft((d) => (d ? { ...d, ...patch } : d));
    setError(null);
  };

  const save = async () => {
    if (!view || !draft) return setError(`Seat ${seat} is no longer in fleet.yaml.`);
    const problem = seatProblem(draft);
    if (problem) return setError(problem);
    const command = seatUpdate(seat, view, draft);
    if (!command) return closeForm();
    const answer = await run(command);
    if (answer.ok) closeForm();
    else setError(answer.message);
  };

  return (
    <EditDialog title={`Edit seat ${view?.name ?? seat}`} description={<code>@{seat}</code>} testId="seat-form" saveLabel="Save" saveTestId="seat-save" error={error} onSubmit={() => void save()}>
      {draft ? (
        <>
          <Field label="Name" htmlFor={ids.name}>
            <input id={ids.name} type="text" className="edit-input" value={draft.name} maxLength={2000} data-testid="seat-name" onChange={(e) => update({ name: e.target.value })} />
          </Field>
          {view?.kind !== 'human' && (
            <Field label="Owner" htmlFor={ids.owner} hint="The accountable human: a human seat’s id, or a name.">
              <input id={ids.owner} type="text" className="edit-input" list={ids.owners} value={draft.owner} maxLength={2000} data-testid="seat-owner" onChange={(e) => update({ owner: e.target.value })} />
              <OwnerOptions id={ids.owners} seats={seats} />
            </Field>
          )}
          <Field label="Role" htmlFor={ids.role} hint="Ctrl+Enter saves.">
            <textarea id={ids.role} className="edit-input" rows={3} value={draft.role} maxLength={10_000} data-testid="seat-role" onChange={(e) => update({ role: e.target.value })} />
          </Field>
          <Field label="Owns" htmlFor={ids.owns} hint="Domains, separated by commas. One domain, one seat.">
            <input id={ids.owns} type="text" className="edit-input" value={draft.owns} data-testid="seat-owns" onChange={(e) => update({ owns: e.target.value })} />
          </Field>
          <Field label="Not its job" htmlFor={ids.notOwns} hint="Explicit non-mandate, separated by commas.">
            <input id={ids.notOwns} type="text" className="edit-input" value={draft.notOwns} data-testid="seat-not-owns" onChange={(e) => update({ notOwns: e.target.value })} />
          </Field>
        </>
      ) : (
        <p className="edit-description">This seat is no longer in fleet.yaml.</p>
      )}
    </EditDialog>
  );
}

export function SeatAddForm() {
  const seats = useSeatInfos();
  const allIds = useFleet((s) => s.data?.seats.byId);
  const [id, setId] = useState('');
  const [idTouched, setIdTouched] = useState(false);
  const [name, setName] = useState('');
  const [kind, setKind] = useState<'agent' | 'human'>('agent');
  const [owner, setOwner] = useState('');
  const [role, setRole] = useState('');
  const [error, setError] = useState<string | null>(null);
  const run = useEditing((s) => s.run);
  const closeForm = useEditing((s) => s.closeForm);
  const ids = { id: useId(), idProblem: useId(), name: useId(), kind: useId(), owner: useId(), owners: useId(), role: useId() };
  const existing = new Set(Object.keys(allIds ?? {}));
  const idProblem = seatIdProblem(id, existing);
  // Say what is wrong with the id as it is typed, but not before anything was typed.
  const shownIdProblem = idTouched || id !== '' ? idProblem : null;

  const save = async () => {
    setIdTouched(true);
    if (name.trim() === '') return setError('A seat needs a name.');
    if (idProblem) return setError(idProblem);
    const answer = await run({ type: 'addSeat', id, name: name.trim(), kind, ...(owner.trim() ? { owner: owner.trim() } : {}), ...(role.trim() ? { role: role.trim() } : {}) });
    if (answer.ok) closeForm();
    else setError(answer.message);
  };

  return (
    <EditDialog title="Add seat" description="A new seat in fleet.yaml: one mandate, one accountable owner." testId="seat-add-form" saveLabel="Add seat" saveTestId="seat-add-save" error={error} onSubmit={() => void save()}>
      <Field label="Name" htmlFor={ids.name}>
        <input
          id={ids.name}
          type="text"
          className="edit-input"
          value={name}
          maxLength={2000}
          data-testid="seat-add-name"
          onChange={(e) => {
            setName(e.target.value);
            if (!idTouched) setId(idFromName(e.target.value));
            setError(null);
          }}
        />
      </Field>
      <Field label="Id" htmlFor={ids.id} hint="Names the seat’s files: lowercase letters, digits, - and _." problem={shownIdProblem} problemId={ids.idProblem}>
        <input
          id={ids.id}
          type="text"
          className="edit-input edit-input--mono"
          value={id}
          maxLength={80}
          spellCheck={false}
          autoCapitalize="off"
          aria-invalid={shownIdProblem ? true : undefined}
          aria-describedby={shownIdProblem ? ids.idProblem : undefined}
          data-testid="seat-add-id"
          onChange={(e) => {
            setId(e.target.value);
            setIdTouched(true);
            setError(null);
          }}
        />
      </Field>
      <Field label="Kind" htmlFor={ids.kind}>
        <select id={ids.kind} className="edit-input" value={kind} data-testid="seat-add-kind" onChange={(e) => setKind(e.target.value as 'agent' | 'human')}>
          <option value="agent">Agent</option>
          <option value="human">Human</option>
        </select>
      </Field>
      {kind === 'agent' && (
        <Field label="Owner" htmlFor={ids.owner} hint="The accountable human.">
          <input id={ids.owner} type="text" className="edit-input" list={ids.owners} value={owner} maxLength={2000} data-testid="seat-add-owner" onChange={(e) => setOwner(e.target.value)} />
          <OwnerOptions id={ids.owners} seats={seats} />
        </Field>
      )}
      <Field label="Role" htmlFor={ids.role}>
        <textarea id={ids.role} className="edit-input" rows={2} value={role} maxLength={10_000} data-testid="seat-add-role" onChange={(e) => setRole(e.target.value)} />
      </Field>
    </EditDialog>
  );
}
