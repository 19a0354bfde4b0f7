import { signal } from '@preact/signals';
import { currentClient, currentState } from '../../app/session';
import { refreshMemberCount } from '../channels/member-counts';

/** Bumped whenever a chat's member list was fetched again (after a change that is not pushed). */
export const membersFetched = signal(0);

/** Fetches the chat's member list (a large chat's first page) into the state. */
export async function reloadMembers(chatId: string): Promise<void> {
  try {
    const list = await currentClient().request('listMembers', { chatId });
    const state = currentState();
    state?.loadMembers(chatId, list);
    membersFetched.value++;
    await refreshMemberCount(state?.dialog(chatId)?.chat);
  } catch {
    // The panel shows what it has; opening it again retries.
  }
}
