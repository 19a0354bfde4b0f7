import { Limits } from '@peyk/protocol';
import { useState } from 'preact/hooks';
import { errorText } from '../../app/error-text';
import { userName } from '../../app/names';
import { currentClient, currentState, useAppState } from '../../app/session';
import { toast } from '../../app/toast';
import { t } from '../../i18n/i18n';
import { Avatar } from '../../ui/avatar';
import { Field } from '../../ui/field';

/** Name, username and bio. */
export function ProfileSection() {
  const self = useAppState().self;
  const [name, setName] = useState(self.displayName);
  const [username, setUsername] = useState(self.username);
  const [bio, setBio] = useState(self.bio);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const save = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError('');
    try {
      const client = currentClient();
      if (name.trim() !== self.displayName || bio.trim() !== self.bio) {
        const user = await client.request('updateProfile', { displayName: name.trim(), bio: bio.trim() });
        currentState()?.loadUsers([user]);
      }
      const wanted = username.trim().replace(/^@/, '').toLowerCase();
      if (wanted !== self.username) {
        const user = await client.request('setUsername', { username: wanted });
        currentState()?.loadUsers([user]);
      }
      toast(t('settings.saved'));
    } catch (failure) {
      setError(errorText(failure));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="settings-section" aria-labelledby="profile-title">
      <h2 id="profile-title">{t('settings.profile')}</h2>
      <div class="profile-hero">
        <Avatar id={self.id} name={userName(self)} size={72} />
        <div>
          <strong dir="auto">{userName(self)}</strong>
          {self.username && (
            <div class="muted-text" dir="ltr">
              @{self.username}
            </div>
          )}
        </div>
      </div>
      <form class="form" onSubmit={save}>
        <Field
          label={t('auth.displayName')}
          value={name}
          onInput={setName}
          maxLength={Limits.displayNameMax}
          name="displayName"
        />
        <Field
          label={t('settings.username')}
          value={username}
          onInput={setUsername}
          dir="ltr"
          hint={t('auth.usernameHint')}
          name="username"
        />
        <Field
          label={t('settings.bio')}
          value={bio}
          onInput={setBio}
          maxLength={Limits.bioMax}
          dir="auto"
          name="bio"
        />
        {error && (
          <p class="form-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" class="button primary" disabled={busy}>
          {t('common.save')}
        </button>
      </form>
    </section>
  );
}
