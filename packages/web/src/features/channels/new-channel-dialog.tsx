import { Limits } from '@peyk/protocol';
import { useState } from 'preact/hooks';
import { currentClient } from '../../app/session';
import { t } from '../../i18n/i18n';
import { Field } from '../../ui/field';
import { CreateChatDialog } from '../groups/create-chat-dialog';

/** Creates a channel (only admins post) or a public group: a name, and a @username to be public. */
export function NewChannelDialog({ onClose }: { onClose: () => void }) {
  const [username, setUsername] = useState('');
  const [broadcast, setBroadcast] = useState(true);
  return (
    <CreateChatDialog
      heading={t('channels.new')}
      titleLabel={t('channels.title')}
      submitLabel={t('channels.create')}
      create={async (title) =>
        currentClient().request('createChannel', { title, username: username.trim(), broadcast })
      }
      onClose={onClose}
    >
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
    </CreateChatDialog>
  );
}
