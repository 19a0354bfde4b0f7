import { useState } from 'preact/hooks';
import { t } from '../../i18n/i18n';
import { LanguageSelect } from '../settings/language-select';
import { PasswordForm } from './password-form';
import { PhoneForm } from './phone-form';

type Mode = 'sign-in' | 'sign-up' | 'phone';

/** Sign in, sign up, or sign in with a phone code. */
export function AuthScreen() {
  const [mode, setMode] = useState<Mode>('sign-in');
  const tabs: [Mode, string][] = [
    ['sign-in', t('auth.signIn')],
    ['sign-up', t('auth.signUp')],
    ['phone', t('auth.phone')],
  ];
  return (
    <main class="auth">
      <div class="auth-card">
        <div class="auth-brand">
          <span class="auth-logo" aria-hidden="true">
            پ
          </span>
          <h1>{t('app.name')}</h1>
          <p>{t('auth.tagline')}</p>
        </div>
        <div class="tabs" role="tablist" aria-label={t('auth.methods')}>
          {tabs.map(([value, label]) => (
            <button
              key={value}
              type="button"
              role="tab"
              id={`tab-${value}`}
              aria-selected={mode === value}
              aria-controls="auth-panel"
              class={mode === value ? 'tab active' : 'tab'}
              onClick={() => setMode(value)}
            >
              {label}
            </button>
          ))}
        </div>
        <div id="auth-panel" role="tabpanel" aria-labelledby={`tab-${mode}`}>
          {mode === 'phone' ? <PhoneForm /> : <PasswordForm key={mode} signUp={mode === 'sign-up'} />}
        </div>
        <div class="auth-footer">
          <LanguageSelect />
        </div>
      </div>
    </main>
  );
}
