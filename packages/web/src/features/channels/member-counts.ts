import { isLargeChat } from '@peyk/client';
import type { Chat } from '@peyk/protocol';
import { signal } from '@preact/signals';
import { currentClient } from '../../app/session';

/**
 * Member counts of large chats as last fetched. Joins and departures of others are not pushed
 * to a channel's or supergroup's members (that would cost a delivery per member each time), so
 * the count is asked for when the chat is opened.
 */
const fetchedCounts = signal<ReadonlyMap<string, number>>(new Map());

export function memberCountOf(chat: Chat): number {
  return fetchedCounts.value.get(chat.id) ?? chat.memberCount;
}

export async function refreshMemberCount(chat: Chat | undefined): Promise<void> {
  if (!chat || !isLargeChat(chat)) return;
  try {
    const fresh = await currentClient().request('getChat', { chatId: chat.id });
    fetchedCounts.value = new Map(fetchedCounts.peek()).set(chat.id, fresh.memberCount);
  } catch {
    // The count the chat came with stays.
  }
}
