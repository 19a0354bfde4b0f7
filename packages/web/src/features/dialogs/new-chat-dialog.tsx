import { useState } from 'preact/hooks';
import { errorText } from '../../app/error-text';
import { openChat } from '../../app/router';
import { t } from '../../i18n/i18n';
import { Field } from '../../ui/field';
import { FormActions } from '../../ui/form-actions';
import { Modal } from '../../ui/modal';
import { openPrivateChatWith, resolveUser, usernameOf } from './search';

/** Starts a private chat with someone by their @username. */
export function NewChatDialog({ onClose }: { onClose: () => void }) {
  const [username, setUsername] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const start = async (event: Event) => {
    event.preventDefault();
    const name = usernameOf(username);
    if (!name) return setError(t('error.USERNAME_INVALID'));
    setBusy(true);
    setError('');
    try {
      const user = await resolveUser(name);
      if (!user) {
        setError(t('search.noUser', { username: name }));
        return;
      }
      const chatId = await openPrivateChatWith(user.id);
      onClose();
      openChat(chatId);
    } catch (failure) {
      setError(errorText(failure));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal title={t('dialogs.newChat')} onClose={onClose}>
      <form class="form" onSubmit={start}>
        <Field
          label={t('auth.username')}
          value={username}
          onInput={setUsername}
          dir="ltr"
          placeholder="@username"
          name="username"
        />
        <FormActions error={error} busy={busy} onCancel={onClose}>
          {t('dialogs.startChat')}
        </FormActions>
      </form>
    </Modal>
  );
}
