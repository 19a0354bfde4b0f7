import type { DialogList, Update } from '@peyk/protocol';
import type { ClientState } from './client-state.js';
import type { PeykClient } from './peyk-client.js';
import { UserFetcher } from './user-fetcher.js';

/** Loads every page of the dialog list, first to last. */
export async function fetchAllDialogs(client: PeykClient, pageSize = 100): Promise<DialogList[]> {
  const pages: DialogList[] = [];
  let cursor = '';
  do {
    const page = await client.request('getDialogs', { cursor, limit: pageSize });
    pages.push(page);
    cursor = page.nextCursor;
  } while (cursor);
  return pages;
}

/** Options of `syncClientState`. */
export interface SyncClientStateOptions {
  /** Newest messages to load per dialog (0: only each dialog's last message). Default 0. */
  historyPerChat?: number;
  /**
   * Load every dialog's member list (one `list_members` each). Default false: member lists
   * then come only from `chat_updated`, so compare two states' `members` only when both
   * loaded them.
   */
  members?: boolean;
  /** Fetch the users that updates mention and the state does not know. Default true. */
  fetchUnknownUsers?: boolean;
  /** Called when a background fetch (a reload after `reset`, unknown users) fails. */
  onError?: (error: unknown) => void;
}

/**
 * Loads `state` fresh (every dialog page, and optionally recent history), then keeps it
 * current with the client's updates, and reloads it after a `reset`. Updates that arrive while
 * a load runs are held and applied after it; the ones the fetch already reflects apply as
 * no-ops (see "ClientState rules" in the README). Resolves, once loaded, with a function that
 * stops following the client.
 *
 * @example
 * ```ts
 * const state = new ClientState(auth.user);
 * const stop = await syncClientState(client, state, { historyPerChat: 50 });
 * ```
 */
export async function syncClientState(
  client: PeykClient,
  state: ClientState,
  options: SyncClientStateOptions = {},
): Promise<() => void> {
  const onError = options.onError ?? (() => {});
  const users = options.fetchUnknownUsers === false ? undefined : new UserFetcher(client, state, onError);
  const apply = (update: Update) => {
    state.apply(update);
    users?.want(update);
  };
  let held: Update[] | undefined = [];
  const offUpdate = client.on('update', (update) => {
    if (held) held.push(update);
    else apply(update);
  });

  const load = async (): Promise<void> => {
    held ??= [];
    try {
      const pages = await fetchAllDialogs(client);
      state.clear();
      for (const page of pages) state.loadDialogs(page);
      // Large chats the client does not follow yet are followed from the list's snapshot.
      for (const page of pages) for (const { chat } of page.dialogs) if (chat) client.trackChat(chat);
      const before = options.historyPerChat ?? 0;
      for (const page of pages) {
        for (const { chat } of page.dialogs) {
          if (!chat) continue;
          if (before > 0) {
            const range = { anchorId: 0, before, after: 0 };
            state.loadHistory(
              chat.id,
              await client.request('getHistory', { chatId: chat.id, ...range }),
              range,
            );
          }
          if (options.members)
            state.loadMembers(chat.id, await client.request('listMembers', { chatId: chat.id }));
        }
      }
    } finally {
      const pending = held;
      held = undefined;
      for (const update of pending) apply(update);
    }
  };

  const reload = () => {
    load().catch(onError);
  };
  const offReset = client.on('reset', reload);
  const offChatReset = client.on('chatReset', reload);
  try {
    await load();
  } catch (error) {
    offUpdate();
    offReset();
    offChatReset();
    throw error;
  }
  return () => {
    offUpdate();
    offReset();
    offChatReset();
  };
}
