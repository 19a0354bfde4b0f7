import { useState } from 'preact/hooks';
import { chatTitle } from '../../app/names';
import { openChat } from '../../app/router';
import { useAppState } from '../../app/session';
import { t } from '../../i18n/i18n';
import { matchesQuery } from '../../lib/search-text';
import { Avatar } from '../../ui/avatar';
import { Modal } from '../../ui/modal';
import { forwardMessages } from './message-actions';
import { clearSelection } from './overlays';

/** Picks one or more chats and forwards the messages to each. */
export function ForwardDialog({
  chatId,
  ids,
  onClose,
}: {
  chatId: string;
  ids: number[];
  onClose: () => void;
}) {
  const state = useAppState();
  const [query, setQuery] = useState('');
  const [picked, setPicked] = useState<ReadonlySet<string>>(new Set());
  const [busy, setBusy] = useState(false);
  const dialogs = state.dialogs().filter((d) => d.chat && matchesQuery(chatTitle(state, d.chat), query));
  const toggle = (id: string) => {
    const next = new Set(picked);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setPicked(next);
  };
  const send = async () => {
    setBusy(true);
    const targets = [...picked];
    if (await forwardMessages(chatId, ids, targets)) {
      clearSelection();
      onClose();
      if (targets.length === 1) openChat(targets[0] as string);
    }
    setBusy(false);
  };
  return (
    <Modal title={t('forward.title', { count: ids.length })} onClose={onClose}>
      <input
        class="search-input"
        type="search"
        value={query}
        onInput={(event) => setQuery(event.currentTarget.value)}
        placeholder={t('search.placeholder')}
        aria-label={t('search.placeholder')}
      />
      <ul class="pick-list">
        {dialogs.map((dialog) => {
          const chat = dialog.chat;
          if (!chat) return null;
          const title = chatTitle(state, chat);
          return (
            <li key={chat.id}>
              <label class="pick-row">
                <input type="checkbox" checked={picked.has(chat.id)} onChange={() => toggle(chat.id)} />
                <Avatar id={chat.id} name={title} size={36} />
                <span dir="auto">{title}</span>
              </label>
            </li>
          );
        })}
      </ul>
      <div class="modal-actions">
        <button type="button" class="button" onClick={onClose}>
          {t('common.cancel')}
        </button>
        <button type="button" class="button primary" disabled={busy || picked.size === 0} onClick={send}>
          {t('forward.send', { count: picked.size })}
        </button>
      </div>
    </Modal>
  );
}
