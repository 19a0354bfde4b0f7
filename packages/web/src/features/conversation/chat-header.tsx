import type { ClientState } from '@peyk/client';
import { ChatKind, type Dialog } from '@peyk/protocol';
import { useState } from 'preact/hooks';
import { chatTitle, isSavedMessages, peerOf, userName } from '../../app/names';
import { isOnline, presenceText } from '../../app/presence';
import { goHome, navigate } from '../../app/router';
import { currentClient } from '../../app/session';
import { typingByChat } from '../../app/typing';
import { mixesScripts } from '../../lib/mixed-scripts';
import { t } from '../../i18n/i18n';
import { BotBadge } from '../bots/bot-badge';
import { Avatar } from '../../ui/avatar';
import { Icon } from '../../ui/icon';
import { Menu, type MenuItem, menuPointFor } from '../../ui/menu';
import { memberCountOf } from '../channels/member-counts';
import { chatSearchOpen } from '../search/chat-search';
import { attempt } from './message-actions';

/** The subtitle under a chat's name: typing, presence, or member count. */
export function chatSubtitle(state: ClientState, dialog: Dialog): string {
  const chat = dialog.chat;
  if (!chat || isSavedMessages(state, chat)) return '';
  const typers = typingByChat.value.get(chat.id) ?? [];
  if (chat.kind === ChatKind.CHANNEL) return t('channels.subscribers', { count: memberCountOf(chat) });
  if (chat.kind === ChatKind.GROUP || chat.kind === ChatKind.SUPERGROUP) {
    if (typers.length > 0) {
      return t('typing.someone', { name: userName(state.user(typers[0] as string)), count: typers.length });
    }
    const members = state.members(chat.id);
    const online =
      members?.filter((m) => m.userId !== state.selfId && isOnline(state.user(m.userId))).length ?? 0;
    // A supergroup's member list is only its first page: its count comes with the chat.
    const count =
      chat.kind === ChatKind.SUPERGROUP ? memberCountOf(chat) : (members?.length ?? chat.memberCount);
    return online > 0 ? t('chat.membersOnline', { count, online }) : t('chat.members', { count });
  }
  if (typers.length > 0) return t('typing.private');
  return presenceText(peerOf(state, chat));
}

/** The conversation's header: back (on phones), avatar, name, subtitle and the chat menu. */
export function ChatHeader({ state, dialog }: { state: ClientState; dialog: Dialog }) {
  const [menu, setMenu] = useState<{ x: number; y: number } | undefined>(undefined);
  const chat = dialog.chat;
  if (!chat) return null;
  const title = chatTitle(state, chat);
  const saved = isSavedMessages(state, chat);
  const subtitle = chatSubtitle(state, dialog);
  const typing = (typingByChat.value.get(chat.id)?.length ?? 0) > 0;
  const peer = saved ? undefined : peerOf(state, chat);
  // A name spelled to look like someone else's: say so, and show who it really is.
  const spoofWarning =
    peer && mixesScripts(peer.displayName)
      ? `⚠ ${t('user.mixedScripts')}${peer.username ? ` · @${peer.username}` : ''}`
      : undefined;
  const client = currentClient();
  const items: MenuItem[] = [
    {
      label: dialog.pinned ? t('chat.unpin') : t('chat.pin'),
      icon: 'pin',
      onSelect: () =>
        void attempt(() => client.request('setDialogPinned', { chatId: chat.id, pinned: !dialog.pinned })),
    },
    {
      label: dialog.muted ? t('chat.unmute') : t('chat.mute'),
      icon: 'muted',
      onSelect: () =>
        void attempt(() => client.request('setDialogMuted', { chatId: chat.id, muted: !dialog.muted })),
    },
  ];
  if (!saved)
    items.push({ label: t('chat.info'), icon: 'info', onSelect: () => navigate(`/chat/${chat.id}/info`) });
  return (
    <header class="chat-header">
      <button type="button" class="icon-button back-button" aria-label={t('common.back')} onClick={goHome}>
        <Icon name="back" />
      </button>
      <button
        type="button"
        class="chat-header-main"
        onClick={saved ? undefined : () => navigate(`/chat/${chat.id}/info`)}
        aria-label={saved ? title : t('chat.openInfo', { name: title })}
      >
        <Avatar
          id={chat.id}
          name={title}
          size={40}
          saved={saved}
          online={!saved && isOnline(peerOf(state, chat))}
        />
        <span class="chat-header-text">
          <span class="chat-title" dir="auto">
            {title}
            <BotBadge user={peer} />
          </span>
          {spoofWarning && (
            <span class="chat-subtitle name-warning" role="note">
              {spoofWarning}
            </span>
          )}
          {subtitle && (
            <span
              class={
                typing
                  ? 'chat-subtitle typing'
                  : isOnline(peerOf(state, chat))
                    ? 'chat-subtitle online'
                    : 'chat-subtitle'
              }
            >
              {subtitle}
            </span>
          )}
        </span>
      </button>
      <button
        type="button"
        class="icon-button"
        aria-label={t('search.inChat')}
        aria-pressed={chatSearchOpen.value === chat.id}
        onClick={() => {
          chatSearchOpen.value = chatSearchOpen.value === chat.id ? undefined : chat.id;
        }}
      >
        <Icon name="search" />
      </button>
      <button
        type="button"
        class="icon-button"
        aria-label={t('chat.menu')}
        aria-haspopup="menu"
        onClick={(event) => setMenu(menuPointFor(event.currentTarget))}
      >
        <Icon name="more" />
      </button>
      {menu && (
        <Menu x={menu.x} y={menu.y} items={items} label={t('chat.menu')} onClose={() => setMenu(undefined)} />
      )}
    </header>
  );
}
