import { prefs } from '../../app/prefs';
import { t } from '../../i18n/i18n';
import { permission } from './notifier';
import { turnOnNotifications } from './push';

/** A one-line offer to turn on notifications, until the browser has been asked. */
export function NotificationPrompt() {
  if (permission.value !== 'default' || !prefs.value.notifications) return null;
  return (
    <div class="notice">
      <span>{t('notifications.offer')}</span>
      <button type="button" class="button small" onClick={() => void turnOnNotifications()}>
        {t('notifications.enable')}
      </button>
    </div>
  );
}
