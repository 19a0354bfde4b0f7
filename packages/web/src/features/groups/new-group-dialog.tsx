import { Limits, type User } from '@peyk/protocol';
import { useState } from 'preact/hooks';
import { errorText } from '../../app/error-text';
import { openChat } from '../../app/router';
import { currentClient } from '../../app/session';
import { t } from '../../i18n/i18n';
import { Field } from '../../ui/field';
import { FormActions } from '../../ui/form-actions';
import { Modal } from '../../ui/modal';
import { UserPicker } from './user-picker';

/** Creates a group: a title and the first members. */
export function NewGroupDialog({ onClose }: { onClose: () => void }) {
  const [title, setTitle] = useState('');
  const [members, setMembers] = useState<User[]>([]);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const create = async (event: Event) => {
    event.preventDefault();
    if (!title.trim()) return setError(t('error.CHAT_TITLE_INVALID'));
    setBusy(true);
    try {
      const chat = await currentClient().request('createGroup', {
        title: title.trim(),
        memberIds: members.map((u) => u.id),
      });
      onClose();
      openChat(chat.id);
    } catch (failure) {
      setError(errorText(failure));
      setBusy(false);
    }
  };
  return (
    <Modal title={t('groups.new')} onClose={onClose}>
      <form class="form" onSubmit={create}>
        <Field
          label={t('groups.title')}
          value={title}
          onInput={setTitle}
          maxLength={Limits.chatTitleMax}
          name="title"
        />
        <UserPicker picked={members} onChange={setMembers} />
        <FormActions error={error} busy={busy} onCancel={onClose}>
          {t('groups.create', { count: members.length })}
        </FormActions>
      </form>
    </Modal>
  );
}
