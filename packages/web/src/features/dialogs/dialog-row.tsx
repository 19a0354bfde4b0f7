import type { ClientState } from '@peyk/client';
import { ChatKind, type Dialog } from '@peyk/protocol';
import { chatTitle, isSavedMessages, peerOf, userName } from '../../app/names';
import { isOnline } from '../../app/presence';
import { typingByChat } from '../../app/typing';
import { dateSettings, n, t } from '../../i18n/i18n';
import { BotBadge } from '../bots/bot-badge';
import { formatListDate } from '../../lib/dates';
import { textDirection } from '../../lib/direction';
import { Avatar } from '../../ui/avatar';
import { Icon } from '../../ui/icon';
import { messagePreview } from '../conversation/service-text';

/** The height of a row in pixels: the list is windowed by it. */
export const ROW_HEIGHT = 72;

/** One chat in the list: avatar, title, time, last message, badges and marks. */
export function DialogRow({
  state,
  dialog,
  active,
  top,
  index,
}: {
  state: ClientState;
  dialog: Dialog;
  active: boolean;
  top: number;
  index: number;
}) {
  const chat = dialog.chat;
  if (!chat) return null;
  const title = chatTitle(state, chat);
  const saved = isSavedMessages(state, chat);
  const peer = peerOf(state, chat);
  const last = dialog.lastMessage;
  const typers = typingByChat.value.get(chat.id) ?? [];
  let preview = last ? messagePreview(state, last) : '';
  let sender = '';
  if (last && !last.service && !saved) {
    if (last.senderId === state.selfId) sender = t('dialogs.you');
    else if (chat.kind === ChatKind.GROUP) sender = userName(state.user(last.senderId));
  }
  if (typers.length > 0) {
    sender = '';
    preview =
      chat.kind === ChatKind.GROUP
        ? t('typing.someone', { name: userName(state.user(typers[0] as string)), count: typers.length })
        : t('typing.private');
  }
  const outgoing = last && last.senderId === state.selfId && !last.service && !saved;
  const read = outgoing && last && dialog.readOutboxMaxId >= last.id;
  const labelParts = [title];
  if (dialog.unreadCount > 0) labelParts.push(t('dialogs.unreadLabel', { count: dialog.unreadCount }));
  return (
    <li class="dialog-slot" style={{ top: `${top}px`, height: `${ROW_HEIGHT}px` }}>
      <a
        href={`#/chat/${chat.id}`}
        class={active ? 'dialog-row active' : 'dialog-row'}
        aria-current={active ? 'page' : undefined}
        aria-label={labelParts.join(', ')}
        data-chat-id={chat.id}
        data-index={index}
      >
        <Avatar id={chat.id} name={title} saved={saved} online={!saved && isOnline(peer)} />
        <span class="dialog-main">
          <span class="dialog-top">
            <span class="dialog-title" dir="auto">
              {title}
            </span>
            <BotBadge user={peer} />
            {dialog.muted && (
              <span class="mark" title={t('dialogs.muted')}>
                <Icon name="muted" size={14} />
              </span>
            )}
            <span class="dialog-meta">
              {outgoing && (
                <span
                  class={read ? 'ticks read' : 'ticks'}
                  role="img"
                  aria-label={read ? t('message.read') : t('message.sent')}
                >
                  <Icon name={read ? 'checks' : 'check'} size={16} />
                </span>
              )}
              {last && (
                <time class="dialog-time">
                  {formatListDate(last.date, Math.floor(Date.now() / 1000), dateSettings.value)}
                </time>
              )}
            </span>
          </span>
          <span class="dialog-bottom">
            <span class={typers.length > 0 ? 'dialog-preview typing' : 'dialog-preview'}>
              {sender && <span class="dialog-sender">{sender}: </span>}
              {/* The text reads in its own direction; the line stays where the layout puts it. */}
              <bdi dir={textDirection(preview)}>{preview}</bdi>
            </span>
            {dialog.unreadMentionsCount > 0 && (
              <span class="badge mention" title={t('dialogs.mentioned')}>
                @
              </span>
            )}
            {dialog.unreadCount > 0 && (
              <span class={dialog.muted ? 'badge muted' : 'badge'}>{n(dialog.unreadCount)}</span>
            )}
            {dialog.pinned && dialog.unreadCount === 0 && (
              <span class="mark pinned" title={t('dialogs.pinned')}>
                <Icon name="pin" size={16} />
              </span>
            )}
          </span>
        </span>
      </a>
    </li>
  );
}
