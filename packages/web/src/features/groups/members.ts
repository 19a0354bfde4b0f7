import { currentClient, currentState } from '../../app/session';

/** Fetches the chat's member list (a large chat's first page) into the state. */
export async function reloadMembers(chatId: string): Promise<void> {
  try {
    const list = await currentClient().request('listMembers', { chatId });
    currentState()?.loadMembers(chatId, list);
  } catch {
    // The panel shows what it has; opening it again retries.
  }
}
