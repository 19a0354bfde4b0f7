import type { Chat, ChatMember } from '@peyk/protocol';
import { useState } from 'preact/hooks';
import { errorText } from '../../../app/error-text';
import { currentClient } from '../../../app/session';
import { t } from '../../../i18n/i18n';
import { FormActions } from '../../../ui/form-actions';
import { Modal } from '../../../ui/modal';
import { useToggleSet } from '../../../ui/use-toggle-set';
import { reloadMembers } from '../../groups/members';
import { DURATIONS, formatPeriod, untilFromNow } from '../durations';

const KINDS = ['noMessages', 'noMedia', 'noLinks'] as const;
type Kind = (typeof KINDS)[number];

/**
 * Ban a member (out of the chat, kept out) or restrict them (no messages / media / links),
 * for a while or until lifted. Restricting with nothing ticked lifts their restrictions.
 */
export function ModerateDialog({
  chat,
  member,
  name,
  action,
  onClose,
}: {
  chat: Chat;
  member: ChatMember;
  name: string;
  action: 'ban' | 'restrict';
  onClose: () => void;
}) {
  const current = member.restrictions;
  const [picked, toggle] = useToggleSet<Kind>(() =>
    action === 'restrict' ? KINDS.filter((kind) => current?.[kind] === true) : [],
  );
  const [duration, setDuration] = useState(0);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const apply = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    const client = currentClient();
    const until = untilFromNow(duration);
    try {
      if (action === 'ban') {
        await client.request('banMember', { chatId: chat.id, userId: member.userId, until });
      } else {
        const restrictions = { ...Object.fromEntries([...picked].map((kind) => [kind, true])), until };
        await client.request('restrictMember', { chatId: chat.id, userId: member.userId, restrictions });
      }
      // Others' restrictions are not pushed in a large chat: the list is fetched again.
      await reloadMembers(chat.id);
      onClose();
    } catch (failure) {
      setError(errorText(failure));
      setBusy(false);
    }
  };
  const title = t(action === 'ban' ? 'channels.banTitle' : 'channels.restrictTitle', { name });
  return (
    <Modal title={title} onClose={onClose}>
      <form class="form" onSubmit={apply}>
        {action === 'restrict' && (
          <fieldset class="choice">
            <legend>{t('channels.restrictions')}</legend>
            {KINDS.map((kind) => (
              <label key={kind}>
                <input type="checkbox" name={kind} checked={picked.has(kind)} onChange={() => toggle(kind)} />
                {t(`channels.${kind}`)}
              </label>
            ))}
          </fieldset>
        )}
        <div class="field inline">
          <label for="moderate-duration">{t('channels.duration')}</label>
          <select
            id="moderate-duration"
            value={duration}
            onChange={(e) => setDuration(Number(e.currentTarget.value))}
          >
            {DURATIONS.map((seconds) => (
              <option key={seconds} value={seconds}>
                {seconds === 0 ? t('channels.untilLifted') : formatPeriod(seconds)}
              </option>
            ))}
          </select>
        </div>
        <FormActions error={error} busy={busy} onCancel={onClose} danger={action === 'ban'}>
          {t(action === 'ban' ? 'channels.ban' : 'channels.restrict')}
        </FormActions>
      </form>
    </Modal>
  );
}
