import { currentClient, currentState } from '../../app/session';

const pending = new Map<string, number>();
const timers = new Map<string, ReturnType<typeof setTimeout>>();

/**
 * Marks a chat read up to the newest message the user has seen, only while the page is
 * visible (a background tab reads nothing, so its notifications and counts stay).
 */
export function markRead(chatId: string, maxId: number): void {
  if (document.visibilityState !== 'visible') return;
  const dialog = currentState()?.dialog(chatId);
  if (!dialog || maxId <= dialog.readInboxMaxId || maxId <= (pending.get(chatId) ?? 0)) return;
  pending.set(chatId, maxId);
  if (timers.has(chatId)) return;
  timers.set(
    chatId,
    setTimeout(() => {
      timers.delete(chatId);
      const id = pending.get(chatId) ?? 0;
      currentClient()
        .request('readHistory', { chatId, maxId: id })
        .catch(() => pending.delete(chatId));
    }, 250),
  );
}
