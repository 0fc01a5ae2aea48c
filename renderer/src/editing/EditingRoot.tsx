/**
 * Mounted once in the App: connects the editing store to the host (commands carry the snapshot's
 * fleetHash as their base), owns the undo/redo keys, and shows the open form, the undo toast and
 * the banner that says why editing is off.
 */
import { useEffect } from 'react';
import { fleetIdentity } from '../../../shared/snapshot';
import { HostError } from '../api';
import { useHost } from '../hostContext';
import { AlertIcon } from '../icons';
import { useFleet, useFleetSync } from '../store/hooks';
import { useEditing } from './editStore';
import { editingDisabledText } from './formModel';
import { HandoffCreateForm, HandoffEditForm } from './HandoffForm';
import { RuleCreateForm, RuleEditForm } from './RuleForm';
import { SeatAddForm, SeatEditForm } from './SeatForms';
import { UndoToast } from './UndoToast';
import { useFleetError } from './useFleetLists';
import { undoKey } from './undoStack';
import './editing.css';

/** Text fields keep their own Ctrl+Z (the browser's text undo), as do open forms. */
function isTextTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  return target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT';
}

function useEditingHost() {
  const { api } = useHost();
  const sync = useFleetSync();
  useEffect(() => {
    useEditing.getState().install(
      (command) => {
        // The edit names the fleet on screen; the host refuses it if another one is open by now.
        const snapshot = sync.store.getState().data?.snapshot;
        if (!snapshot) return Promise.reject(new HostError('fleet-changed', 'No fleet is shown yet'));
        const baseHash = snapshot.fleetHash;
        return api.runCommand(fleetIdentity(snapshot), baseHash ? { command, baseHash } : { command });
      },
      () => Boolean(sync.store.getState().data?.snapshot.fleetError),
    );
  }, [api, sync]);
  // Another fleet on screen: the previous fleet's edits are not undoable here.
  const fleetKey = useFleet((s) => s.data?.snapshot.fleetKey ?? '');
  useEffect(() => () => useEditing.getState().reset(), [fleetKey]);
}

function useUndoKeys() {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      const action = undoKey(event);
      if (!action || event.defaultPrevented || isTextTarget(event.target)) return;
      if (useEditing.getState().form) return;
      event.preventDefault();
      void (action === 'undo' ? useEditing.getState().undo() : useEditing.getState().redo());
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);
}

/** "fleet.yaml line 12 does not parse; fix it to edit again", shown while editing is off. */
export function EditingBanner() {
  const error = useFleetError();
  const attempts = useEditing((s) => s.blockedAttempts);
  // A read-only source has its own banner (chrome/Banners.tsx); this one only answers an attempt.
  if (!error || (error.severity === 'info' && attempts === 0)) return null;
  return (
    <div key={attempts} className={`banner banner--warning editing-banner${attempts > 0 ? ' is-nudged' : ''}`} role={attempts > 0 ? 'alert' : 'status'} data-testid="editing-disabled">
      <AlertIcon size={16} />
      <span className="banner-text">
        <strong>Editing is off:</strong> {editingDisabledText(error)}
        {attempts > 0 && <span className="banner-detail"> Nothing was written.</span>}
      </span>
    </div>
  );
}

function OpenForm() {
  const form = useEditing((s) => s.form);
  if (!form) return null;
  switch (form.kind) {
    case 'handoff-create':
      return <HandoffCreateForm key={`${form.from}->${form.to}`} from={form.from} to={form.to} />;
    case 'handoff-edit':
      return <HandoffEditForm key={form.ids.join('\n')} ids={form.ids} />;
    case 'rule-create':
      return <RuleCreateForm key={`${form.winner}>${form.over}`} winner={form.winner} over={form.over} />;
    case 'rule-edit':
      return <RuleEditForm key={form.ids.join('\n')} ids={form.ids} />;
    case 'seat-edit':
      return <SeatEditForm key={form.seat} seat={form.seat} />;
    case 'seat-add':
      return <SeatAddForm />;
  }
}

export function EditingRoot() {
  useEditingHost();
  useUndoKeys();
  return (
    <>
      <OpenForm />
      <UndoToast />
    </>
  );
}
