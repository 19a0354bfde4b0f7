import { LastSeenPrivacy } from '@peyk/protocol';
import { type LastSeenChoice, prefs, setPrefs, type ThemeChoice } from '../../app/prefs';
import { goHome } from '../../app/router';
import { currentClient, signOut } from '../../app/session';
import { t } from '../../i18n/i18n';
import { Icon } from '../../ui/icon';
import { attempt } from '../conversation/message-actions';
import { permission } from '../notifications/notifier';
import { disablePush, pushActive, turnOnNotifications, updatePushPreview } from '../notifications/push';
import { DateFormatFields } from './date-format-fields';
import { DeleteAccountSection } from './delete-account-section';
import { ExportSection } from './export-section';
import { LanguageSelect } from './language-select';
import { ProfileSection } from './profile-section';
import { formatBytes } from '../media/media-format';
import { SelectField, SwitchField } from './select-field';

/** Data saver choices: no limit, or the largest file downloaded without a tap. */
const AUTO_DOWNLOAD_LIMITS = [0, 100 * 1024, 1024 * 1024, 10 * 1024 * 1024];
import { SessionsSection } from './sessions-section';

const LAST_SEEN: Record<LastSeenChoice, LastSeenPrivacy> = {
  everybody: LastSeenPrivacy.EVERYBODY,
  contacts: LastSeenPrivacy.CONTACTS,
  nobody: LastSeenPrivacy.NOBODY,
};

/** Profile, language and look, privacy, notifications, sessions, sign out. */
export function SettingsPage() {
  const p = prefs.value;
  const setLastSeen = async (choice: LastSeenChoice) => {
    if (await attempt(() => currentClient().request('setPrivacy', { lastSeen: LAST_SEEN[choice] }))) {
      setPrefs({ lastSeen: choice });
    }
  };
  return (
    <section class="settings" aria-labelledby="settings-title">
      <header class="panel-header">
        <button
          type="button"
          class="icon-button back-button always"
          aria-label={t('common.back')}
          onClick={goHome}
        >
          <Icon name="back" />
        </button>
        <h1 id="settings-title">{t('settings.title')}</h1>
      </header>
      <div class="settings-body">
        <ProfileSection />
        <section class="settings-section" aria-labelledby="look-title">
          <h2 id="look-title">{t('settings.languageAndLook')}</h2>
          <LanguageSelect />
          <SelectField<ThemeChoice>
            label={t('settings.theme')}
            value={p.theme}
            onChange={(theme) => setPrefs({ theme })}
            options={[
              ['system', t('settings.themeSystem')],
              ['light', t('settings.themeLight')],
              ['dark', t('settings.themeDark')],
            ]}
          />
          <DateFormatFields />
          <SwitchField
            label={t('settings.enterSends')}
            checked={p.enterSends}
            onChange={(enterSends) => setPrefs({ enterSends })}
          />
        </section>
        <section class="settings-section" aria-labelledby="notify-title">
          <h2 id="notify-title">{t('settings.notifications')}</h2>
          <SwitchField
            label={t('settings.notifyBackground')}
            checked={p.notifications}
            onChange={(notifications) => {
              setPrefs({ notifications });
              void (notifications ? turnOnNotifications() : disablePush());
            }}
          />
          <SwitchField
            label={t('settings.notifyPreview')}
            checked={p.notificationPreview}
            onChange={(notificationPreview) => {
              setPrefs({ notificationPreview });
              void updatePushPreview();
            }}
          />
          {permission.value === 'denied' && <p class="muted-text">{t('notifications.blocked')}</p>}
          <p class="muted-text">{t(pushActive.value ? 'notifications.pushOn' : 'notifications.pushInfo')}</p>
        </section>
        <section class="settings-section" aria-labelledby="privacy-title">
          <h2 id="privacy-title">{t('settings.privacy')}</h2>
          <SelectField<LastSeenChoice>
            label={t('settings.lastSeen')}
            value={p.lastSeen}
            onChange={(choice) => void setLastSeen(choice)}
            options={[
              ['everybody', t('settings.everybody')],
              ['contacts', t('settings.contacts')],
              ['nobody', t('settings.nobody')],
            ]}
          />
        </section>
        <section class="settings-section" aria-labelledby="media-title">
          <h2 id="media-title">{t('settings.media')}</h2>
          <SelectField<string>
            label={t('settings.autoDownload')}
            value={String(p.autoDownloadBytes)}
            onChange={(choice) => setPrefs({ autoDownloadBytes: Number(choice) })}
            options={AUTO_DOWNLOAD_LIMITS.map((bytes) => [
              String(bytes),
              bytes === 0
                ? t('settings.autoDownloadAlways')
                : t('settings.autoDownloadUpTo', { size: formatBytes(bytes) }),
            ])}
          />
        </section>
        <SessionsSection />
        <ExportSection />
        <DeleteAccountSection />
        <section class="settings-section">
          <button
            type="button"
            class="button danger wide"
            onClick={() => {
              goHome();
              void signOut();
            }}
          >
            <Icon name="logout" size={18} /> {t('settings.signOut')}
          </button>
        </section>
      </div>
    </section>
  );
}
