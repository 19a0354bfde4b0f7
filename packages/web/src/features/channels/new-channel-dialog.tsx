import { Limits } from '@peyk/protocol';
import { useState } from 'preact/hooks';
import { errorText } from '../../app/error-text';
import { openChat } from '../../app/router';
import { currentClient } from '../../app/session';
import { t } from '../../i18n/i18n';
import { Field } from '../../ui/field';
import { FormActions } from '../../ui/form-actions';
import { Modal } from '../../ui/modal';

/** Creates a channel (only admins post) or a public group: a name, and a @username to be public. */
export function NewChannelDialog({ onClose }: { onClose: () => void }) {
  const [title, setTitle] = useState('');
  const [username, setUsername] = useState('');
  const [broadcast, setBroadcast] = useState(true);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const create = async (event: Event) => {
    event.preventDefault();
    if (!title.trim()) return setError(t('error.CHAT_TITLE_INVALID'));
    setBusy(true);
    try {
      const chat = await currentClient().request('createChannel', {
        title: title.trim(),
        username: username.trim(),
        broadcast,
      });
      onClose();
      openChat(chat.id);
    } catch (failure) {
      setError(errorText(failure));
      setBusy(false);
    }
  };
  return (
    <Modal title={t('channels.new')} onClose={onClose}>
      <form class="form" onSubmit={create}>
        <Field
          label={t('channels.title')}
          value={title}
          onInput={setTitle}
          maxLength={Limits.chatTitleMax}
          name="title"
        />
        <Field
          label={t('channels.username')}
          value={username}
          onInput={setUsername}
          maxLength={Limits.usernameMax + 1}
          name="username"
          dir="ltr"
          autoComplete="off"
        />
        <fieldset class="choice">
          <legend>{t('channels.kind')}</legend>
          <label>
            <input type="radio" name="kind" checked={broadcast} onChange={() => setBroadcast(true)} />
            {t('channels.kindChannel')}
          </label>
          <label>
            <input type="radio" name="kind" checked={!broadcast} onChange={() => setBroadcast(false)} />
            {t('channels.kindSupergroup')}
          </label>
        </fieldset>
        <FormActions error={error} busy={busy} onCancel={onClose}>
          {t('channels.create')}
        </FormActions>
      </form>
    </Modal>
  );
}
