import type { ClientState } from '@peyk/client';
import { type Chat, ChatKind, type User } from '@peyk/protocol';
import { t } from '../i18n/i18n';

/** A person's name to show: display name, else @username, else a placeholder. */
export function userName(user: User | undefined): string {
  if (!user) return t('user.unknown');
  return user.displayName || (user.username ? `@${user.username}` : t('user.unknown'));
}

/** The other person of a private chat (oneself for Saved Messages). */
export function peerOf(state: ClientState, chat: Chat | undefined): User | undefined {
  if (!chat || chat.kind !== ChatKind.PRIVATE) return undefined;
  return state.user(chat.peerUserId);
}

export function isSavedMessages(state: ClientState, chat: Chat | undefined): boolean {
  return chat?.kind === ChatKind.PRIVATE && chat.peerUserId === state.selfId;
}

/** The name of a chat: the group's title, the peer's name, or "Saved Messages". */
export function chatTitle(state: ClientState, chat: Chat | undefined): string {
  if (!chat) return '';
  if (chat.kind === ChatKind.GROUP) return chat.title || t('chat.untitledGroup');
  if (isSavedMessages(state, chat)) return t('chat.savedMessages');
  if (chat.kind === ChatKind.PRIVATE) return userName(state.user(chat.peerUserId));
  return chat.title || t('chat.loading');
}
