import { render } from 'preact';
import { App } from './app/app';
import { restoreSession } from './app/session';
import { startDocumentEffects } from './app/theme';
import './app/outbox';
import './app/typing';
import './app/account-settings';
import './features/notifications/notifier';
import './features/notifications/push';
import { startTitleBadge } from './features/notifications/title-badge';
import { loadCatalog } from './i18n/i18n';
import './styles/app.css';

startDocumentEffects();
const session = restoreSession();
await loadCatalog();
render(<App />, document.getElementById('app') as HTMLElement);
startTitleBadge();
await session;
