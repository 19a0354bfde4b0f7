import type { Message } from '@peyk/protocol';
import { signal } from '@preact/signals';
import { currentClient } from '../../app/session';

/** Views of channel posts as the server last counted them, by `chatId:messageId`. */
export const viewCounts = signal<ReadonlyMap<string, number>>(new Map());

/** Posts whose view this page has reported already: each is reported once. */
const reported = new Set<string>();

export function viewsOf(message: Message): number {
  return viewCounts.value.get(`${message.chatId}:${message.id}`) ?? message.views;
}

/** Tells the server these posts were seen (each once per page) and keeps the counts it answers. */
export async function reportViews(chatId: string, ids: readonly number[]): Promise<void> {
  const fresh = ids.filter((id) => !reported.has(`${chatId}:${id}`)).slice(-100);
  if (fresh.length === 0) return;
  for (const id of fresh) reported.add(`${chatId}:${id}`);
  try {
    const { views } = await currentClient().request('viewMessages', {
      chatId,
      messageIds: fresh,
      increment: true,
    });
    const next = new Map(viewCounts.peek());
    for (const [index, id] of fresh.entries()) next.set(`${chatId}:${id}`, views[index] ?? 0);
    viewCounts.value = next;
  } catch {
    // Not counted this time: the next render of these posts tries again.
    for (const id of fresh) reported.delete(`${chatId}:${id}`);
  }
}
