import { useState } from 'preact/hooks';
import { errorCode, errorText } from '../../app/error-text';
import { currentClient } from '../../app/session';
import { t } from '../../i18n/i18n';
import { Field } from '../../ui/field';
import { SecondFactorField } from '../auth/second-factor-field';

/**
 * Deleting the account, behind a second step that asks for the password again. Once the server
 * has deleted it, every device (this one too) is signed out by the server.
 */
export function DeleteAccountSection() {
  const [open, setOpen] = useState(false);
  const [password, setPassword] = useState('');
  const [secondFactor, setSecondFactor] = useState<string | undefined>(undefined);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    setError('');
    setBusy(true);
    try {
      await currentClient().request('deleteAccount', { password, secondFactor: secondFactor ?? '' });
    } catch (failure) {
      if (errorCode(failure) === 'SECOND_FACTOR_REQUIRED' && secondFactor === undefined) setSecondFactor('');
      setError(errorText(failure));
      setBusy(false);
    }
  };

  return (
    <section class="settings-section" aria-labelledby="delete-account-title">
      <h2 id="delete-account-title">{t('settings.deleteAccount')}</h2>
      {!open ? (
        <button type="button" class="button wide" onClick={() => setOpen(true)}>
          {t('settings.deleteAccount')}
        </button>
      ) : (
        <form class="form" onSubmit={submit} noValidate>
          <p class="muted-text">{t('settings.deleteAccountInfo')}</p>
          <Field
            label={t('auth.password')}
            type="password"
            value={password}
            onInput={setPassword}
            autoComplete="current-password"
            dir="ltr"
            name="delete-password"
          />
          {secondFactor !== undefined && <SecondFactorField value={secondFactor} onInput={setSecondFactor} />}
          {error && (
            <p class="form-error" role="alert">
              {error}
            </p>
          )}
          <button class="button danger wide" type="submit" disabled={busy}>
            {busy ? t('common.wait') : t('settings.deleteAccountConfirm')}
          </button>
        </form>
      )}
    </section>
  );
}
