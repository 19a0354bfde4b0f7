import { Limits } from '@peyk/protocol';
import { useState } from 'preact/hooks';
import { errorCode, errorText } from '../../app/error-text';
import { authClient, completeSignIn } from '../../app/session';
import { t } from '../../i18n/i18n';
import { Field } from '../../ui/field';

/** Converts Persian and Arabic digits to ASCII, so a number typed on any keyboard works. */
export function asciiDigits(value: string): string {
  return value.replace(/[۰-۹٠-٩]/g, (digit) => String((digit.charCodeAt(0) & 0xf) % 10));
}

/** Phone number, then the texted code (and a name for a new account). */
export function PhoneForm() {
  const [phone, setPhone] = useState('');
  const [codeId, setCodeId] = useState('');
  const [code, setCode] = useState('');
  const [displayName, setDisplayName] = useState<string | undefined>(undefined);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const [checking, setChecking] = useState(false);

  const run = async (work: () => Promise<void>) => {
    setError('');
    setBusy(true);
    try {
      await work();
    } catch (failure) {
      if (errorCode(failure) === 'SIGN_UP_REQUIRED') {
        setDisplayName('');
        setError(t('auth.newNumber'));
      } else setError(errorText(failure));
    } finally {
      setBusy(false);
      setChecking(false);
    }
  };

  const normalized = () => `+${asciiDigits(phone).replace(/\D/g, '')}`;

  const sendCode = (event: Event) => {
    event.preventDefault();
    void run(async () => {
      const sent = await authClient().sendPhoneCode(normalized(), { onChallenge: () => setChecking(true) });
      setCodeId(sent.codeId);
    });
  };

  const signIn = (event: Event) => {
    event.preventDefault();
    void run(async () => {
      const client = authClient();
      const auth = await client.signInWithPhone({
        phone: normalized(),
        codeId,
        code: asciiDigits(code).trim(),
        displayName: displayName?.trim() ?? '',
      });
      completeSignIn(client, auth);
    });
  };

  if (!codeId) {
    return (
      <form class="form" onSubmit={sendCode} noValidate>
        <Field
          label={t('auth.phoneNumber')}
          type="tel"
          value={phone}
          onInput={setPhone}
          autoComplete="tel"
          dir="ltr"
          placeholder="+98 912 345 6789"
          name="phone"
        />
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
          {busy ? t('common.wait') : t('auth.sendCode')}
        </button>
      </form>
    );
  }
  return (
    <form class="form" onSubmit={signIn} noValidate>
      <p class="form-note">{t('auth.codeSent', { phone: normalized() })}</p>
      <Field
        label={t('auth.code')}
        value={code}
        onInput={setCode}
        autoComplete="one-time-code"
        inputMode="numeric"
        dir="ltr"
        name="code"
      />
      {displayName !== undefined && (
        <Field
          label={t('auth.displayName')}
          value={displayName}
          onInput={setDisplayName}
          maxLength={Limits.displayNameMax}
          name="displayName"
        />
      )}
      {error && (
        <p class="form-error" role="alert">
          {error}
        </p>
      )}
      <button class="button primary" type="submit" disabled={busy}>
        {busy ? t('common.wait') : t('auth.signIn')}
      </button>
      <button class="button link" type="button" onClick={() => setCodeId('')}>
        {t('auth.changeNumber')}
      </button>
    </form>
  );
}
