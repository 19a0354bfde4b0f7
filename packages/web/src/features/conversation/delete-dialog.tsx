import { useState } from 'preact/hooks';
import { currentState } from '../../app/session';
import { t } from '../../i18n/i18n';
import { Modal } from '../../ui/modal';
import { deleteMessages } from './message-actions';
import { canDeleteForEveryone } from './message-menu';
import { clearSelection } from './overlays';

/** Asks how to delete: for me only, or for everyone when allowed. */
export function DeleteDialog({
  chatId,
  ids,
  onClose,
}: {
  chatId: string;
  ids: number[];
  onClose: () => void;
}) {
  const state = currentState();
  const [busy, setBusy] = useState(false);
  const messages = ids.map((id) => state?.message(chatId, id)).filter((m) => m !== undefined);
  const forEveryone =
    state !== undefined && messages.length > 0 && messages.every((m) => canDeleteForEveryone(state, m));
  const run = async (everyone: boolean) => {
    setBusy(true);
    if (await deleteMessages(chatId, ids, everyone)) {
      clearSelection();
      onClose();
    }
    setBusy(false);
  };
  return (
    <Modal title={t('delete.title', { count: ids.length })} onClose={onClose}>
      <p>{t('delete.question', { count: ids.length })}</p>
      <div class="modal-actions">
        <button type="button" class="button" onClick={onClose}>
          {t('common.cancel')}
        </button>
        <button type="button" class="button danger" disabled={busy} onClick={() => run(false)}>
          {t('delete.forMe')}
        </button>
        {forEveryone && (
          <button type="button" class="button danger" disabled={busy} onClick={() => run(true)}>
            {t('delete.forEveryone')}
          </button>
        )}
      </div>
    </Modal>
  );
}
