/**
 * What the seat graph needs for editing, kept here so FleetGraph only wires it in: the drag-connect
 * handler, and a layer inside <ReactFlow> that follows the edge selection, shows the selected
 * edge's actions, the "+ Seat" / "+ Rule" actions, and removes a selected edge on Delete.
 */
import { useCallback, useEffect, type MouseEvent } from 'react';
import { Panel, useOnSelectionChange, useStoreApi, type Connection, type Edge, type OnSelectionChangeParams } from '@xyflow/react';
import { useFleet } from '../store/hooks';
import { useSelection } from '../store/selection';
import { useEditing, type SelectedEdge } from './editStore';
import { editingDisabledText, reverseDraft, type SeatInfo } from './formModel';
import { useSeatInfos } from './useFleetLists';

/** React Flow `onConnect`: a drag from one seat's source handle to another's target opens the handoff form. */
export function connectSeats(connection: Connection): void {
  const { source, target } = connection;
  if (!source || !target) return;
  const editing = useEditing.getState();
  if (!editing.openForm({ kind: 'handoff-create', from: source, to: target })) {
    editing.showToast('Editing is off until fleet.yaml parses again; nothing was written.', 'error');
  }
}

type SpecLike = { kind?: unknown; from?: unknown; to?: unknown; handoffIds?: unknown; ruleIds?: unknown };

/** The editable meaning of a React Flow edge (handoff and rule edges; undesigned traffic is not editable). */
export function editableEdge(edge: Pick<Edge, 'id' | 'data'>): SelectedEdge | null {
  const data = edge.data as SpecLike | undefined;
  if (!data || typeof data.from !== 'string' || typeof data.to !== 'string') return null;
  if (data.kind === 'handoff' && Array.isArray(data.handoffIds)) return { edgeId: edge.id, kind: 'handoff', from: data.from, to: data.to, ids: data.handoffIds as string[] };
  if (data.kind === 'rule' && Array.isArray(data.ruleIds)) return { edgeId: edge.id, kind: 'rule', from: data.from, to: data.to, ids: data.ruleIds as string[] };
  // Undesigned traffic: nothing to edit or remove, but it can be designed as a handoff.
  if (data.kind === 'traffic') return { edgeId: edge.id, kind: 'traffic', from: data.from, to: data.to, ids: [] };
  return null;
}

/** A click on an edge's label selects the edge, as a click on its line does (labels are HTML over the SVG). */
export function useSelectEdgeOnLabelClick(edgeId: string): (event: MouseEvent) => void {
  const store = useStoreApi();
  return useCallback(
    (event: MouseEvent) => {
      event.stopPropagation();
      const { addSelectedEdges, resetSelectedElements } = store.getState();
      resetSelectedElements();
      addSelectedEdges([edgeId]);
    },
    [store, edgeId],
  );
}

/** Removes what a selected edge stands for; an edge of several handoffs (or rules) opens the form to pick one. */
async function removeSelected(edge: SelectedEdge) {
  if (edge.kind === 'traffic') return;
  const editing = useEditing.getState();
  if (edge.ids.length !== 1) {
    editing.openForm(edge.kind === 'handoff' ? { kind: 'handoff-edit', ids: edge.ids } : { kind: 'rule-edit', ids: edge.ids });
    return;
  }
  if (editing.isBroken()) {
    editing.showToast('Editing is off until fleet.yaml parses again; nothing was written.', 'error');
    useEditing.setState((s) => ({ blockedAttempts: s.blockedAttempts + 1 }));
    return;
  }
  const id = edge.ids[0]!;
  const answer =
    edge.kind === 'handoff'
      ? await editing.run({ type: 'removeHandoff', id }, { toast: { message: 'Handoff removed', action: 'undo' } })
      : await editing.run({ type: 'removeRule', id }, { toast: { message: 'Rule removed', action: 'undo' } });
  if (!answer.ok) editing.showToast(answer.message, 'error');
}

function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT';
}

function useDeleteKey() {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== 'Delete' && event.key !== 'Backspace') return;
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || isTypingTarget(event.target)) return;
      const { selectedEdge, form, pending } = useEditing.getState();
      if (!selectedEdge || form || pending) return;
      // Only while the user is on the graph (or nowhere in particular), not in a side panel.
      const target = event.target as HTMLElement | null;
      if (target && target !== document.body && !target.closest('.canvas')) return;
      event.preventDefault();
      void removeSelected(selectedEdge);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);
}

const nameOf = (seats: ReadonlyMap<string, SeatInfo>, id: string) => seats.get(id)?.name ?? id;

function SelectedEdgeActions({ edge }: { edge: SelectedEdge }) {
  const seats = useSeatInfos();
  const pending = useEditing((s) => s.pending);
  const handoff = useFleet((s) => (edge.kind === 'handoff' && edge.ids.length === 1 ? s.data?.handoffs.byId[edge.ids[0]!] : undefined));
  const openForm = useEditing((s) => s.openForm);
  const run = useEditing((s) => s.run);
  const showToast = useEditing((s) => s.showToast);
  if (edge.kind === 'traffic') {
    const design = () => {
      if (!openForm({ kind: 'handoff-create', from: edge.from, to: edge.to })) showToast('Editing is off until fleet.yaml parses again; nothing was written.', 'error');
    };
    return (
      <Panel position="top-center" className="edge-actions" data-testid="edge-actions" aria-label="Selected undesigned traffic">
        <span className="edge-actions-title">
          Undesigned traffic <strong>{nameOf(seats, edge.from)}</strong> → <strong>{nameOf(seats, edge.to)}</strong>
        </span>
        <button type="button" className="button button--small button--primary" onClick={design} disabled={pending} data-testid="edge-design">
          Design handoff
        </button>
      </Panel>
    );
  }
  const label = edge.kind === 'handoff' ? 'Handoff' : 'Rule';
  const edit = () => openForm(edge.kind === 'handoff' ? { kind: 'handoff-edit', ids: edge.ids } : { kind: 'rule-edit', ids: edge.ids });
  const reverse = async () => {
    if (!handoff) return;
    const draft = reverseDraft(handoff, seats);
    const answer = await run({ type: 'updateHandoff', id: handoff.id, changes: { from: draft.from, to: draft.to, ...(draft.via !== handoff.via ? { via: draft.via } : {}) } });
    if (!answer.ok) showToast(answer.message, 'error');
  };
  return (
    <Panel position="top-center" className="edge-actions" data-testid="edge-actions" aria-label={`Selected ${label.toLowerCase()}`}>
      <span className="edge-actions-title">
        {edge.kind === 'handoff' ? (
          <>
            {label} <strong>{nameOf(seats, edge.from)}</strong> → <strong>{nameOf(seats, edge.to)}</strong>
          </>
        ) : (
          <>
            <strong>{nameOf(seats, edge.from)}</strong> wins over <strong>{nameOf(seats, edge.to)}</strong>
          </>
        )}
      </span>
      <button type="button" className="button button--small" onClick={edit} disabled={pending} data-testid="edge-edit">
        Edit
      </button>
      {handoff && (
        <button type="button" className="button button--small" onClick={() => void reverse()} disabled={pending} data-testid="edge-reverse" title="Swap sender and receiver">
          Reverse
        </button>
      )}
      <button type="button" className="button button--small button--danger" onClick={() => void removeSelected(edge)} disabled={pending} data-testid="edge-delete" title={`Remove (Delete)`}>
        Remove
      </button>
    </Panel>
  );
}

function AddActions() {
  const openForm = useEditing((s) => s.openForm);
  const showToast = useEditing((s) => s.showToast);
  const broken = useFleet((s) => s.data?.snapshot.fleetError ?? null);
  const openSeat = useSelection((s) => s.seat) ?? '';
  // A source Seatmap may only read (a Claude Code team) offers no editing at all (docs/sources.md).
  const readOnly = useFleet((s) => Boolean(s.data?.snapshot.source?.readOnly));
  const tryOpen = (ok: boolean) => {
    if (!ok) showToast(`Editing is off: ${editingDisabledText(broken)}`, 'error');
  };
  if (readOnly) return null;
  return (
    <Panel position="top-left" className="add-actions" aria-label="Design the fleet">
      <button type="button" className="button button--small" data-testid="add-seat" onClick={() => tryOpen(openForm({ kind: 'seat-add' }))} title="Add a seat to fleet.yaml">
        + Seat
      </button>
      <button type="button" className="button button--small" data-testid="add-rule" onClick={() => tryOpen(openForm({ kind: 'rule-create', winner: openSeat, over: '' }))} title="Add a conflict rule">
        + Rule
      </button>
      <span className="add-actions-hint">Drag from a seat’s handle to another seat to add a handoff</span>
    </Panel>
  );
}

/** Rendered as a child of <ReactFlow>. */
export function EditingGraphLayer() {
  const selectEdge = useEditing((s) => s.selectEdge);
  const selected = useEditing((s) => s.selectedEdge);
  const onChange = useCallback(
    ({ edges, nodes }: OnSelectionChangeParams) => {
      selectEdge(edges.length === 1 && nodes.length === 0 ? editableEdge(edges[0]!) : null);
    },
    [selectEdge],
  );
  useOnSelectionChange({ onChange });
  useDeleteKey();
  // The selection ends with the graph (another fleet, an empty fleet).
  useEffect(() => () => selectEdge(null), [selectEdge]);
  // An edge whose handoffs all went (removed here or on disk) is no longer selected.
  const stillThere = useFleet((s) => (selected ? s.data?.edges.some((e) => e.id === selected.edgeId) ?? false : true));
  useEffect(() => {
    if (!stillThere) selectEdge(null);
  }, [stillThere, selectEdge]);
  return (
    <>
      <AddActions />
      {selected && stillThere && <SelectedEdgeActions edge={selected} />}
    </>
  );
}
