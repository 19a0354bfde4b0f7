import { Limits } from '@peyk/protocol';
import { useState } from 'preact/hooks';
import { errorCode, errorText } from '../../app/error-text';
import { authClient, completeSignIn } from '../../app/session';
import { t } from '../../i18n/i18n';
import { Field } from '../../ui/field';
import { SecondFactorField } from './second-factor-field';

const USERNAME_RE = /^[a-zA-Z0-9_]{5,32}$/;

/** Username and password: sign in, or create an account. */
export function PasswordForm({ signUp }: { signUp: boolean }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [secondFactor, setSecondFactor] = useState<string | undefined>(undefined);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const [checking, setChecking] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    setError('');
    const name = username.trim().replace(/^@/, '');
    if (!USERNAME_RE.test(name)) return setError(t('error.USERNAME_INVALID'));
    if (password.length < Limits.passwordMin) return setError(t('error.PASSWORD_TOO_SHORT'));
    setBusy(true);
    const client = authClient();
    try {
      const auth = signUp
        ? await client.signUp(
            { username: name, password, displayName: displayName.trim() || name },
            { onChallenge: () => setChecking(true) },
          )
        : await client.signIn({ username: name, password, secondFactor: secondFactor ?? '' });
      completeSignIn(client, auth);
    } catch (failure) {
      if (errorCode(failure) === 'SECOND_FACTOR_REQUIRED' && secondFactor === undefined) setSecondFactor('');
      setError(errorText(failure));
      setBusy(false);
    } finally {
      setChecking(false);
    }
  };

  return (
    <form class="form" onSubmit={submit} noValidate>
      {signUp && (
        <Field
          label={t('auth.displayName')}
          value={displayName}
          onInput={setDisplayName}
          autoComplete="name"
          maxLength={Limits.displayNameMax}
        />
      )}
      <Field
        label={t('auth.username')}
        value={username}
        onInput={setUsername}
        autoComplete="username"
        dir="ltr"
        hint={signUp ? t('auth.usernameHint') : undefined}
        name="username"
      />
      <Field
        label={t('auth.password')}
        type="password"
        value={password}
        onInput={setPassword}
        autoComplete={signUp ? 'new-password' : 'current-password'}
        dir="ltr"
        hint={signUp ? t('auth.passwordHint', { min: Limits.passwordMin }) : undefined}
        name="password"
      />
      {secondFactor !== undefined && <SecondFactorField value={secondFactor} onInput={setSecondFactor} />}
      {checking && (
        <p class="form-note" role="status">
          {t('auth.challenge')}
        </p>
      )}
      {error && (
        <p class="form-error" role="alert">
          {error}
        </p>
      )}
      <button class="button primary" type="submit" disabled={busy}>
        {busy ? t('common.wait') : signUp ? t('auth.createAccount') : t('auth.signIn')}
      </button>
    </form>
  );
}
