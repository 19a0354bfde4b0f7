import { ChatKind, type User } from '@peyk/protocol';
import { useEffect, useState } from 'preact/hooks';
import { userName } from '../../app/names';
import { useAppState } from '../../app/session';
import { t } from '../../i18n/i18n';
import { matchesQuery } from '../../lib/search-text';
import { Avatar } from '../../ui/avatar';
import { resolveUser, usernameOf } from '../dialogs/search';

/**
 * Picks people: those of one's private chats, filtered by name, or anyone by @username.
 * `exclude` hides people already in the group.
 */
export function UserPicker({
  picked,
  onChange,
  exclude = [],
}: {
  picked: readonly User[];
  onChange: (users: User[]) => void;
  exclude?: readonly string[];
}) {
  const state = useAppState();
  const [query, setQuery] = useState('');
  const [found, setFound] = useState<User | undefined>(undefined);
  const username = usernameOf(query);

  useEffect(() => {
    setFound(undefined);
    if (!username) return;
    const timer = setTimeout(async () => setFound(await resolveUser(username)), 300);
    return () => clearTimeout(timer);
  }, [username]);

  const hidden = new Set([state.selfId, ...exclude]);
  const known: User[] = [];
  for (const dialog of state.dialogs()) {
    const chat = dialog.chat;
    if (chat?.kind !== ChatKind.PRIVATE || hidden.has(chat.peerUserId)) continue;
    const user = state.user(chat.peerUserId);
    if (
      user &&
      (matchesQuery(userName(user), query) || matchesQuery(user.username, query.replace(/^@/, '')))
    ) {
      known.push(user);
    }
  }
  if (found && !hidden.has(found.id) && !known.some((u) => u.id === found.id)) known.unshift(found);
  const pickedIds = new Set(picked.map((u) => u.id));
  const toggle = (user: User) =>
    onChange(pickedIds.has(user.id) ? picked.filter((u) => u.id !== user.id) : [...picked, user]);

  return (
    <div class="user-picker">
      {picked.length > 0 && (
        <ul class="chips" aria-label={t('groups.picked')}>
          {picked.map((user) => (
            <li key={user.id}>
              <button
                type="button"
                class="chip"
                onClick={() => toggle(user)}
                aria-label={t('groups.unpick', { name: userName(user) })}
              >
                <span dir="auto">{userName(user)}</span> ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <input
        class="search-input"
        type="search"
        value={query}
        onInput={(event) => setQuery(event.currentTarget.value)}
        placeholder={t('groups.findPeople')}
        aria-label={t('groups.findPeople')}
        name="people"
      />
      <ul class="pick-list">
        {known.map((user) => (
          <li key={user.id}>
            <label class="pick-row">
              <input type="checkbox" checked={pickedIds.has(user.id)} onChange={() => toggle(user)} />
              <Avatar id={user.id} name={userName(user)} size={36} />
              <span class="result-main">
                <span dir="auto">{userName(user)}</span>
                {user.username && (
                  <span class="result-sub" dir="ltr">
                    @{user.username}
                  </span>
                )}
              </span>
            </label>
          </li>
        ))}
        {known.length === 0 && (
          <li class="muted-text">{username ? t('search.looking') : t('groups.typeUsername')}</li>
        )}
      </ul>
    </div>
  );
}
