import { AuthScreen } from '../features/auth/auth-screen';
import { Conversation } from '../features/conversation/conversation';
import { Sidebar } from '../features/dialogs/sidebar';
import { loadCatalogPart, t } from '../i18n/i18n';
import { lazy } from '../ui/lazy';
import { ConnectionBanner } from './connection-banner';
import { OverlayHost } from './overlay-host';
import { route } from './router';
import { phase } from './session';

const SettingsPage = lazy(() =>
  Promise.all([import('../features/settings/settings-page'), loadCatalogPart('panels')]).then(
    ([page]) => page.SettingsPage,
  ),
);
/** A channel or group reached by `#/@name` or `#/+<invite>`, offered to join. */
const JoinPane = lazy(() =>
  Promise.all([import('../features/channels/join-pane'), loadCatalogPart('panels')]).then(
    ([pane]) => pane.JoinPane,
  ),
);

/** The shell: sign-in, or the two panes (list and conversation; one at a time on phones). */
export function App() {
  if (phase.value === 'loading') {
    return (
      <div class="splash" role="status">
        <span class="spinner" aria-hidden="true" />
        <span>{t('common.loading')}</span>
      </div>
    );
  }
  if (phase.value === 'signed-out') return <AuthScreen />;
  const current = route.value;
  const paneOpen = current.name !== 'home';
  return (
    <div class={paneOpen ? 'layout pane-open' : 'layout'}>
      <ConnectionBanner />
      <div class="columns">
        <Sidebar />
        <main class="main-pane">
          {current.name === 'chat' && (
            <Conversation chatId={current.chatId} info={current.info} comments={current.comments} />
          )}
          {current.name === 'settings' && <SettingsPage />}
          {current.name === 'resolve' && <JoinPane target={{ username: current.username }} />}
          {current.name === 'invite' && <JoinPane target={{ link: current.link }} />}
          {current.name === 'home' && (
            <div class="empty-pane">
              <p>{t('conversation.pick')}</p>
            </div>
          )}
        </main>
      </div>
      <OverlayHost />
    </div>
  );
}
