import { effect } from '@preact/signals';
import { currentState, revision } from '../../app/session';
import { n, t } from '../../i18n/i18n';

/** The unread messages of unmuted chats, for the tab title. */
export function unreadTotal(): number {
  const state = currentState();
  if (!state) return 0;
  let total = 0;
  for (const dialog of state.dialogs()) if (!dialog.muted) total += dialog.unreadCount;
  return total;
}

/** Keeps the tab title as "(3) Peyk" while there are unread messages. */
export function startTitleBadge(): () => void {
  return effect(() => {
    void revision.value;
    const name = t('app.name');
    const total = unreadTotal();
    document.title = total > 0 ? `(${n(total)}) ${name}` : name;
  });
}
