import { useState } from 'preact/hooks';
import { navigate, openChat, openChatId } from '../../app/router';
import { currentClient, synced, useAppState } from '../../app/session';
import { t } from '../../i18n/i18n';
import { Icon } from '../../ui/icon';
import { Menu, menuPointFor } from '../../ui/menu';
import { overlay } from '../conversation/overlays';
import { NotificationPrompt } from '../notifications/notification-prompt';
import { DialogList } from './dialog-list';
import { searchQuery } from './search';
import { SearchResults } from './search-results';

/** The left column: menu, search, and the dialog list (or search results). */
export function Sidebar() {
  const state = useAppState();
  const dialogs = state.dialogs();
  const [menu, setMenu] = useState<{ x: number; y: number } | undefined>(undefined);
  const query = searchQuery.value;
  const savedMessages = async () => {
    const chat = await currentClient().request('openPrivateChat', { userId: state.selfId });
    openChat(chat.id);
  };
  return (
    <nav class="sidebar" aria-label={t('dialogs.title')}>
      <header class="sidebar-header">
        <button
          type="button"
          class="icon-button"
          aria-label={t('app.menu')}
          aria-haspopup="menu"
          onClick={(event) => setMenu(menuPointFor(event.currentTarget))}
        >
          <Icon name="menu" />
        </button>
        <div class="search-box">
          <Icon name="search" size={20} />
          <input
            type="search"
            class="search-input"
            value={query}
            onInput={(event) => {
              searchQuery.value = event.currentTarget.value;
            }}
            onKeyDown={(event) => {
              if (event.key === 'Escape') searchQuery.value = '';
            }}
            placeholder={t('search.placeholder')}
            aria-label={t('search.placeholder')}
          />
        </div>
      </header>
      <NotificationPrompt />
      {query.trim() ? (
        <SearchResults state={state} dialogs={dialogs} />
      ) : dialogs.length > 0 ? (
        <DialogList state={state} dialogs={dialogs} activeId={openChatId.value} />
      ) : (
        <div class="empty-list">
          <p>{synced.value ? t('dialogs.empty') : t('common.loading')}</p>
        </div>
      )}
      <button
        type="button"
        class="fab"
        aria-label={t('dialogs.newChat')}
        onClick={() => {
          overlay.value = { kind: 'new-chat' };
        }}
      >
        <Icon name="edit" />
      </button>
      {menu && (
        <Menu
          x={menu.x}
          y={menu.y}
          label={t('app.menu')}
          onClose={() => setMenu(undefined)}
          items={[
            {
              label: t('dialogs.newChat'),
              icon: 'user',
              onSelect: () => (overlay.value = { kind: 'new-chat' }),
            },
            {
              label: t('groups.new'),
              icon: 'group',
              onSelect: () => (overlay.value = { kind: 'new-group' }),
            },
            {
              label: t('channels.new'),
              icon: 'send',
              onSelect: () => (overlay.value = { kind: 'new-channel' }),
            },
            { label: t('chat.savedMessages'), icon: 'bookmark', onSelect: () => void savedMessages() },
            { label: t('settings.title'), icon: 'settings', onSelect: () => navigate('/settings') },
          ]}
        />
      )}
    </nav>
  );
}
