import type { Message } from '@peyk/protocol';
import { signal } from '@preact/signals';
import { currentClient } from '../../app/session';

/** Comments on channel posts as last counted, by `chatId:messageId`. */
export const commentCounts = signal<ReadonlyMap<string, number>>(new Map());

export function commentsOf(message: Message): number {
  return commentCounts.value.get(`${message.chatId}:${message.id}`) ?? 0;
}

/** Asks how many comments these posts have (those with a discussion thread; the newest 100). */
export async function refreshCommentCounts(chatId: string, posts: readonly Message[]): Promise<void> {
  const ids = posts
    .filter((m) => m.discussionMessageId > 0)
    .map((m) => m.id)
    .slice(-100);
  if (ids.length === 0) return;
  try {
    const { counts } = await currentClient().request('countComments', { channelId: chatId, messageIds: ids });
    const next = new Map(commentCounts.peek());
    for (const [index, id] of ids.entries()) next.set(`${chatId}:${id}`, counts[index] ?? 0);
    commentCounts.value = next;
  } catch {
    // The counts shown stay; the next page or thread visit asks again.
  }
}
