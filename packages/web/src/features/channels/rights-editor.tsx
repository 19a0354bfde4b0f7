import { type AdminRights, type Chat, ChatKind, MemberRole } from '@peyk/protocol';
import { useState } from 'preact/hooks';
import { errorText } from '../../app/error-text';
import { currentClient } from '../../app/session';
import { t } from '../../i18n/i18n';
import { FormActions } from '../../ui/form-actions';
import { Modal } from '../../ui/modal';
import { useToggleSet } from '../../ui/use-toggle-set';
import { reloadMembers } from '../groups/members';

type RightName = Exclude<keyof AdminRights, '$typeName' | '$unknown'>;

const COMMON: RightName[] = [
  'changeInfo',
  'deleteMessages',
  'banUsers',
  'inviteUsers',
  'pinMessages',
  'manageAdmins',
];
const BY_KIND: Partial<Record<ChatKind, RightName[]>> = {
  [ChatKind.CHANNEL]: [...COMMON, 'postMessages', 'editMessages'],
  [ChatKind.SUPERGROUP]: [...COMMON, 'postAnonymously'],
};

/** The rights of one admin (none: a plain member), among those the editor may grant. */
export function RightsEditor({
  chat,
  userId,
  name,
  current,
  onClose,
}: {
  chat: Chat;
  userId: string;
  name: string;
  current: AdminRights | undefined;
  onClose: () => void;
}) {
  const owner = chat.myRole === MemberRole.OWNER;
  const grantable = (BY_KIND[chat.kind] ?? []).filter((right) => owner || chat.myRights?.[right] === true);
  const [picked, toggle] = useToggleSet<RightName>(() =>
    grantable.filter((right) => current?.[right] === true),
  );
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const save = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    try {
      const rights = Object.fromEntries([...picked].map((right) => [right, true]));
      await currentClient().request('setAdminRights', { chatId: chat.id, userId, rights });
      // Others' rights are not pushed in a large chat: the list is fetched again.
      await reloadMembers(chat.id);
      onClose();
    } catch (failure) {
      setError(errorText(failure));
      setBusy(false);
    }
  };
  return (
    <Modal title={`${t('channels.rights')}: ${name}`} onClose={onClose}>
      <form class="form" onSubmit={save}>
        <fieldset class="choice">
          <legend>{t('channels.rights')}</legend>
          {grantable.map((right) => (
            <label key={right}>
              <input
                type="checkbox"
                name={right}
                checked={picked.has(right)}
                onChange={() => toggle(right)}
              />
              {t(`channels.right.${right}`)}
            </label>
          ))}
        </fieldset>
        <FormActions error={error} busy={busy} onCancel={onClose}>
          {t('channels.saveRights')}
        </FormActions>
      </form>
    </Modal>
  );
}
