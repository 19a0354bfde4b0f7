import type { ComponentChildren } from 'preact';
import { t } from '../i18n/i18n';

/** The end of a dialog's form: what went wrong, if anything, then Cancel and the form's own button. */
export function FormActions({
  error,
  busy,
  onCancel,
  danger = false,
  children,
}: {
  error: string;
  busy: boolean;
  onCancel: () => void;
  /** The button does something that cannot be undone (a ban). */
  danger?: boolean;
  /** The submit button's label. */
  children: ComponentChildren;
}) {
  return (
    <>
      {error && (
        <p class="form-error" role="alert">
          {error}
        </p>
      )}
      <div class="modal-actions">
        <button type="button" class="button" onClick={onCancel}>
          {t('common.cancel')}
        </button>
        <button type="submit" class={danger ? 'button danger' : 'button primary'} disabled={busy}>
          {children}
        </button>
      </div>
    </>
  );
}
