/**
 * The shell every editing form shares: a modal dialog with an accessible name, Esc to cancel,
 * Enter to save (Ctrl/Cmd+Enter inside a multi-line field), the refusal in plain words, and a
 * pending state while the host writes. Focus goes back where it was when the dialog closes.
 */
import { useEffect, useId, useRef, type FormEvent, type KeyboardEvent, type ReactNode } from 'react';
import { CloseIcon } from '../icons';
import { editingDisabledText } from './formModel';
import { useEditing } from './editStore';
import { useFleetError } from './useFleetLists';

interface EditDialogProps {
  title: string;
  /** One line under the title: what the form does. */
  description?: ReactNode;
  testId: string;
  saveLabel: string;
  saveTestId?: string;
  /** Shown above the buttons, announced: a local problem or the host's refusal. */
  error: string | null;
  /** Save is refused while this is set (shown as the error when the user tries). */
  onSubmit(): void;
  /** Extra buttons on the left of the footer (Delete, Reverse). */
  extraActions?: ReactNode;
  children: ReactNode;
}

export function EditDialog({ title, description, testId, saveLabel, saveTestId, error, onSubmit, extraActions, children }: EditDialogProps) {
  const titleId = useId();
  const descriptionId = useId();
  const errorId = useId();
  const pending = useEditing((s) => s.pending);
  const closeForm = useEditing((s) => s.closeForm);
  const fleetError = useFleetError();
  const dialogRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const dialog = dialogRef.current;
    // The first field (or the dialog itself) takes focus, so typing starts right away.
    const first = dialog?.querySelector<HTMLElement>('[data-autofocus], input:not([type=hidden]), select, textarea');
    (first ?? dialog)?.focus();
    if (first instanceof HTMLInputElement && first.type === 'text') first.select();
    return () => {
      if (previous?.isConnected) previous.focus({ preventScroll: true });
    };
  }, []);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (pending || fleetError) return;
    onSubmit();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key === 'Escape') {
      // Handled here: the seat panel's own Esc (which closes it) sees defaultPrevented and stays.
      event.preventDefault();
      event.stopPropagation();
      closeForm();
      return;
    }
    if (event.key === 'Enter' && !event.nativeEvent.isComposing) {
      const target = event.target as HTMLElement;
      if (target.tagName === 'BUTTON' || target.tagName === 'A') return;
      if (target.tagName === 'TEXTAREA' && !(event.ctrlKey || event.metaKey)) return;
      if (target.tagName === 'INPUT') return; // the form's own implicit submit
      event.preventDefault();
      target.closest('form')?.requestSubmit();
    }
    if (event.key === 'Tab') {
      // Keep focus inside the dialog while it is open.
      const focusables = dialogRef.current?.querySelectorAll<HTMLElement>('input, select, textarea, button:not([disabled])');
      if (!focusables || focusables.length === 0) return;
      const first = focusables[0]!;
      const last = focusables[focusables.length - 1]!;
      if (event.shiftKey && document.activeElement === first) {
        event.preventDefault();
        last.focus();
      } else if (!event.shiftKey && document.activeElement === last) {
        event.preventDefault();
        first.focus();
      }
    }
  };

  return (
    <div className="edit-backdrop" onMouseDown={(event) => event.target === event.currentTarget && !pending && closeForm()}>
      <div
        ref={dialogRef}
        className="edit-dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        aria-describedby={description ? descriptionId : undefined}
        aria-busy={pending}
        data-testid={testId}
        tabIndex={-1}
        onKeyDown={onKeyDown}
      >
        <form onSubmit={submit} noValidate>
          <header className="edit-head">
            <h2 id={titleId}>{title}</h2>
            <button type="button" className="button button--icon edit-close" aria-label="Cancel (Esc)" title="Cancel (Esc)" onClick={closeForm}>
              <CloseIcon size={16} />
            </button>
          </header>
          {description && (
            <p id={descriptionId} className="edit-description">
              {description}
            </p>
          )}
          <div className="edit-fields">{children}</div>
          {fleetError && (
            <p className="edit-error" role="alert" data-testid="edit-disabled-inline">
              Editing is off: {editingDisabledText(fleetError)}
            </p>
          )}
          {error && !fleetError && (
            <p id={errorId} className="edit-error" role="alert" data-testid="edit-error">
              {error}
            </p>
          )}
          <footer className="edit-foot">
            <div className="edit-foot-extra">{extraActions}</div>
            <button type="button" className="button" onClick={closeForm} disabled={pending}>
              Cancel
            </button>
            <button type="submit" className="button button--primary" data-testid={saveTestId} disabled={pending || Boolean(fleetError)} aria-describedby={error ? errorId : undefined}>
              {pending ? 'Saving…' : saveLabel}
            </button>
          </footer>
        </form>
      </div>
    </div>
  );
}

/** A labelled field: label above, hint or live problem below. */
export function Field({ label, htmlFor, hint, problem, problemId, children }: { label: string; htmlFor: string; hint?: ReactNode; problem?: string | null; problemId?: string; children: ReactNode }) {
  return (
    <div className={`edit-field${problem ? ' has-problem' : ''}`}>
      <label htmlFor={htmlFor}>{label}</label>
      {children}
      {problem ? (
        <span id={problemId} className="edit-field-problem" aria-live="polite">
          {problem}
        </span>
      ) : hint ? (
        <span className="edit-field-hint">{hint}</span>
      ) : null}
    </div>
  );
}
