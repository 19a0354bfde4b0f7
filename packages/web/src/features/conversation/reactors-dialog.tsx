import type { ReactorList } from '@peyk/protocol';
import { useEffect, useState } from 'preact/hooks';
import { errorText } from '../../app/error-text';
import { userName } from '../../app/names';
import { currentClient } from '../../app/session';
import { t } from '../../i18n/i18n';
import { Avatar } from '../../ui/avatar';
import { Modal } from '../../ui/modal';

/** Who reacted to a message, and with what. */
export function ReactorsDialog({ chatId, id, onClose }: { chatId: string; id: number; onClose: () => void }) {
  const [list, setList] = useState<ReactorList | undefined>(undefined);
  const [error, setError] = useState('');
  useEffect(() => {
    currentClient()
      .request('listReactors', { chatId, messageId: id })
      .then(setList, (failure) => setError(errorText(failure)));
  }, [chatId, id]);
  return (
    <Modal title={t('reactions.title')} onClose={onClose}>
      {!list && !error && <p class="muted-text">{t('common.loading')}</p>}
      {error && <p class="form-error">{error}</p>}
      <ul class="pick-list reactors">
        {list?.reactors.map((reactor) => {
          const user = list.users.find((u) => u.id === reactor.userId);
          return (
            <li key={reactor.userId} class="pick-row">
              <Avatar id={reactor.userId} name={userName(user)} size={36} />
              <span dir="auto">{userName(user)}</span>
              <span class="reactor-emoji">{reactor.emoji}</span>
            </li>
          );
        })}
      </ul>
    </Modal>
  );
}
