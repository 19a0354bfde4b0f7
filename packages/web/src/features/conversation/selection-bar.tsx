import type { ClientState } from '@peyk/client';
import { n, t } from '../../i18n/i18n';
import { Icon } from '../../ui/icon';
import { copyText } from './message-actions';
import { clearSelection, overlay } from './overlays';

/** Replaces the composer while messages are selected: forward, copy or delete them together. */
export function SelectionBar({
  state,
  chatId,
  ids,
}: {
  state: ClientState;
  chatId: string;
  ids: ReadonlySet<number>;
}) {
  const list = [...ids].sort((a, b) => a - b);
  const copy = () => {
    const texts = list.map((id) => state.message(chatId, id)?.text ?? '').filter(Boolean);
    void copyText(texts.join('\n\n'));
    clearSelection();
  };
  return (
    <div class="selection-bar" role="toolbar" aria-label={t('selection.label')}>
      <button type="button" class="icon-button" aria-label={t('common.cancel')} onClick={clearSelection}>
        <Icon name="close" />
      </button>
      <span class="selection-count" aria-live="polite">
        {t('selection.count', { count: list.length })}
      </span>
      <button type="button" class="button" onClick={copy}>
        <Icon name="copy" size={18} /> {t('message.copy')}
      </button>
      <button
        type="button"
        class="button"
        onClick={() => {
          overlay.value = { kind: 'forward', chatId, ids: list };
        }}
      >
        <Icon name="forward" size={18} /> {t('message.forward')}
      </button>
      <button
        type="button"
        class="button danger"
        onClick={() => {
          overlay.value = { kind: 'delete', chatId, ids: list };
        }}
      >
        <Icon name="delete" size={18} /> {t('message.delete')} {n(list.length)}
      </button>
    </div>
  );
}
