import { randomId } from '@peyk/client';
import type { Message } from '@peyk/protocol';
import { errorText } from '../../app/error-text';
import { currentClient } from '../../app/session';
import { toast } from '../../app/toast';
import { t } from '../../i18n/i18n';

/** Runs a request and shows a translated error when it fails. */
export async function attempt(work: () => Promise<unknown>): Promise<boolean> {
  try {
    await work();
    return true;
  } catch (error) {
    toast(errorText(error));
    return false;
  }
}

/** Sets my reaction, or removes it when it is the one I have. */
export function toggleReaction(message: Message, emoji: string): void {
  void attempt(() =>
    currentClient().request('setReaction', {
      chatId: message.chatId,
      messageId: message.id,
      emoji: message.myReaction === emoji ? '' : emoji,
    }),
  );
}

export function setPinned(message: Message, pinned: boolean): void {
  void attempt(() =>
    currentClient().request('setMessagePinned', { chatId: message.chatId, messageId: message.id, pinned }),
  );
}

export function deleteMessages(chatId: string, ids: number[], forEveryone: boolean): Promise<boolean> {
  return attempt(() => currentClient().request('deleteMessages', { chatId, messageIds: ids, forEveryone }));
}

/** Forwards messages to each chat (one request per chat, with its own random ids). */
export async function forwardMessages(
  fromChatId: string,
  ids: number[],
  toChatIds: string[],
): Promise<boolean> {
  const sorted = [...ids].sort((a, b) => a - b);
  let ok = true;
  for (const toChatId of toChatIds) {
    ok =
      (await attempt(() =>
        currentClient().request('forwardMessages', {
          fromChatId,
          messageIds: sorted,
          toChatId,
          randomIds: sorted.map(() => randomId()),
        }),
      )) && ok;
  }
  return ok;
}

/** Copies text to the clipboard and says so. */
export async function copyText(text: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
    toast(t('message.copied'));
  } catch {
    toast(t('error.clipboard'));
  }
}
