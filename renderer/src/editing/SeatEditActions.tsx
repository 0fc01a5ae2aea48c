/** The seat panel's editing actions: edit the seat's fields, add a rule it wins. */
import { useFleet } from '../store/hooks';
import { useEditing } from './editStore';
import { editingDisabledText } from './formModel';

export function SeatEditActions({ seat }: { seat: string }) {
  const declared = useFleet((s) => {
    const view = s.data?.seats.byId[seat];
    return Boolean(view && !view.undeclared && view.status !== 'retired');
  });
  const broken = useFleet((s) => s.data?.snapshot.fleetError ?? null);
  const openForm = useEditing((s) => s.openForm);
  const showToast = useEditing((s) => s.showToast);
  // A source Seatmap may only read (a Claude Code team) offers no editing at all (docs/sources.md).
  const readOnly = useFleet((s) => Boolean(s.data?.snapshot.source?.readOnly));
  if (!declared || readOnly) return null;
  const open = (ok: boolean) => {
    if (!ok) showToast(`Editing is off: ${editingDisabledText(broken)}`, 'error');
  };
  return (
    <div className="seat-edit-actions">
      <button type="button" className="button button--small" data-testid="seat-edit" onClick={() => open(openForm({ kind: 'seat-edit', seat }))} aria-label="Edit this seat’s name, owner, role and domains">
        Edit seat
      </button>
      <button type="button" className="button button--small" data-testid="seat-add-rule" onClick={() => open(openForm({ kind: 'rule-create', winner: seat, over: '' }))} aria-label="Add a conflict rule this seat wins">
        + Rule
      </button>
    </div>
  );
}
