import type { ClientState } from '@peyk/client';
import type { Dialog, User } from '@peyk/protocol';
import { signal } from '@preact/signals';
import { chatTitle, peerOf } from '../../app/names';
import { currentClient } from '../../app/session';
import { matchesQuery } from '../../lib/search-text';

/** The sidebar's search text; a click on a #hashtag puts it here too. */
export const searchQuery = signal('');

/** Chats whose name (or peer's @username) matches. */
export function searchDialogs(state: ClientState, dialogs: Dialog[], query: string): Dialog[] {
  const q = query.trim().replace(/^@/, '');
  if (!q) return [];
  return dialogs.filter((dialog) => {
    const peer = peerOf(state, dialog.chat);
    return (
      matchesQuery(chatTitle(state, dialog.chat), q) || (peer?.username && matchesQuery(peer.username, q))
    );
  });
}

/** The username a query asks for, when it can be one (5–32 of a-z, 0-9, _). */
export function usernameOf(query: string): string | undefined {
  const name = query.trim().replace(/^@/, '');
  return /^[a-zA-Z0-9_]{5,32}$/.test(name) ? name.toLowerCase() : undefined;
}

/** Looks a user up by @username on the server; undefined when there is none. */
export async function resolveUser(username: string): Promise<User | undefined> {
  try {
    return await currentClient().request('resolveUsername', { username }, { timeoutMs: 8000 });
  } catch {
    return undefined;
  }
}

/** Opens (creating on first use) the private chat with a user; returns its id. */
export async function openPrivateChatWith(userId: string): Promise<string> {
  const chat = await currentClient().request('openPrivateChat', { userId });
  return chat.id;
}
