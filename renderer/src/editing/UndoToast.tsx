/** One short-lived message at the bottom: "Handoff removed — Undo", "Undone: … — Redo", or why an undo failed. */
import { useEffect } from 'react';
import { CloseIcon } from '../icons';
import { useEditing } from './editStore';

const SHOWN_MS = 8000;

export function UndoToast() {
  const toast = useEditing((s) => s.toast);
  const pending = useEditing((s) => s.pending);
  const dismiss = useEditing((s) => s.dismissToast);
  const undo = useEditing((s) => s.undo);
  const redo = useEditing((s) => s.redo);

  useEffect(() => {
    if (!toast) return;
    const timer = setTimeout(dismiss, toast.tone === 'error' ? SHOWN_MS * 2 : SHOWN_MS);
    return () => clearTimeout(timer);
  }, [toast, dismiss]);

  if (!toast) return null;
  const mod = /Mac|iPhone|iPad/.test(navigator.platform) ? '⌘' : 'Ctrl+';
  return (
    <div className={`edit-toast edit-toast--${toast.tone}`} role={toast.tone === 'error' ? 'alert' : 'status'} data-testid="undo-toast">
      <span className="edit-toast-text">{toast.message}</span>
      {toast.action === 'undo' && (
        <button type="button" className="button button--small edit-toast-action" disabled={pending} onClick={() => void undo()} title={`Undo (${mod}Z)`} data-testid="toast-undo">
          Undo
        </button>
      )}
      {toast.action === 'redo' && (
        <button type="button" className="button button--small edit-toast-action" disabled={pending} onClick={() => void redo()} title={`Redo (${mod}Shift+Z)`} data-testid="toast-redo">
          Redo
        </button>
      )}
      <button type="button" className="button button--icon button--small edit-toast-close" aria-label="Dismiss" onClick={dismiss}>
        <CloseIcon size={14} />
      </button>
    </div>
  );
}
