import { t } from '../i18n/i18n';
import { connection, networkOnline, phase, synced } from './session';

/** Says why the app is not live: no network, connecting, or catching up. */
export function ConnectionBanner() {
  if (phase.value !== 'signed-in') return null;
  let text = '';
  if (!networkOnline.value) text = t('connection.waitingForNetwork');
  else if (connection.value !== 'ready') text = t('connection.connecting');
  else if (!synced.value) text = t('connection.updating');
  if (!text) return null;
  return (
    <div class="connection-banner" role="status" aria-live="polite">
      <span class="spinner" aria-hidden="true" />
      {text}
    </div>
  );
}
