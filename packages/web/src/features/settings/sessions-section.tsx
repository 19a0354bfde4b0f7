import type { Session } from '@peyk/protocol';
import { useEffect, useState } from 'preact/hooks';
import { errorText } from '../../app/error-text';
import { currentClient } from '../../app/session';
import { dateSettings, t } from '../../i18n/i18n';
import { formatDateTime } from '../../lib/dates';
import { attempt } from '../conversation/message-actions';

/** The account's sessions (devices), with revoke. */
export function SessionsSection() {
  const [sessions, setSessions] = useState<Session[] | undefined>(undefined);
  const [error, setError] = useState('');
  const load = () =>
    currentClient()
      .request('listSessions', {})
      .then(
        (list) => setSessions(list.sessions),
        (failure) => setError(errorText(failure)),
      );
  useEffect(() => {
    void load();
  }, []);
  const revoke = async (id: string) => {
    if (await attempt(() => currentClient().request('revokeSession', { sessionId: id }))) void load();
  };
  const revokeOthers = async () => {
    if (await attempt(() => currentClient().request('revokeOtherSessions', {}))) void load();
  };
  const settings = dateSettings.value;
  return (
    <section class="settings-section" aria-labelledby="sessions-title">
      <h2 id="sessions-title">{t('settings.sessions')}</h2>
      {error && <p class="form-error">{error}</p>}
      {!sessions && !error && <p class="muted-text">{t('common.loading')}</p>}
      <ul class="session-list">
        {sessions?.map((session) => (
          <li key={session.id} class="session-row">
            <span class="result-main">
              <span>
                {session.deviceName || t('settings.unknownDevice')}
                {session.current && <span class="role">{t('settings.thisDevice')}</span>}
              </span>
              <span class="result-sub">
                {t('settings.lastActive', { date: formatDateTime(session.lastActiveAt, settings) })}
              </span>
            </span>
            {!session.current && (
              <button type="button" class="button small danger" onClick={() => revoke(session.id)}>
                {t('settings.revoke')}
              </button>
            )}
          </li>
        ))}
      </ul>
      {sessions && sessions.length > 1 && (
        <button type="button" class="button danger" onClick={revokeOthers}>
          {t('settings.revokeOthers')}
        </button>
      )}
    </section>
  );
}
