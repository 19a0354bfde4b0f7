import type { Message } from '@peyk/protocol';
import { signal } from '@preact/signals';
import { chatTitle, userName } from '../../app/names';
import { prefs } from '../../app/prefs';
import { openChat } from '../../app/router';
import { currentClient, currentState, onClient } from '../../app/session';
import { language, t } from '../../i18n/i18n';
import { textDirection } from '../../lib/direction';
import { messagePreview } from '../conversation/service-text';

/** The browser's permission for notifications ('unsupported' where there is no Notification API). */
export const permission = signal<NotificationPermission | 'unsupported'>(
  typeof Notification === 'undefined' ? 'unsupported' : Notification.permission,
);

/** Asks for permission (must run in a click handler). */
export async function requestPermission(): Promise<void> {
  if (typeof Notification === 'undefined') return;
  permission.value = await Notification.requestPermission();
}

/**
 * While the app is open in a background tab, shows a system notification for each new
 * message from someone else in an unmuted chat: the sender and a preview, or only that a
 * message came (a privacy setting). Notifications of one chat replace each other (`tag`).
 * With the app closed, Web Push does this instead (push.ts, public/sw.js).
 */
export async function notify(message: Message): Promise<void> {
  const state = currentState();
  if (!state || message.senderId === state.selfId || document.visibilityState === 'visible') return;
  if (
    !prefs.value.notifications ||
    typeof Notification === 'undefined' ||
    Notification.permission !== 'granted'
  )
    return;
  const dialog = state.dialog(message.chatId);
  if (!dialog || dialog.muted) return;
  if (!state.user(message.senderId)) {
    // The first message of a new chat can come before its sender is known.
    try {
      const { users } = await currentClient().request(
        'getUsers',
        { userIds: [message.senderId] },
        { timeoutMs: 5000 },
      );
      state.loadUsers(users);
    } catch {
      // Notify anyway, without the name.
    }
  }
  const chatName = chatTitle(state, dialog.chat);
  const sender = userName(state.user(message.senderId));
  const preview = prefs.value.notificationPreview;
  const title = preview
    ? chatName === sender
      ? sender
      : t('notifications.title', { sender, chat: chatName })
    : t('app.name');
  const body = preview ? messagePreview(state, message) : t('notifications.newMessage');
  const notification = new Notification(title, {
    body,
    tag: `chat-${message.chatId}`,
    lang: language.value,
    dir: textDirection(body) === 'rtl' ? 'rtl' : 'auto',
  });
  notification.onclick = () => {
    window.focus();
    openChat(message.chatId);
    notification.close();
  };
}

onClient((client) =>
  client.on('update', (update) => {
    if (update.kind.case === 'newMessage') void notify(update.kind.value);
  }),
);
