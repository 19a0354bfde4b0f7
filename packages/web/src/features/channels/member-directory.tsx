import type { ClientState } from '@peyk/client';
import type { Chat, ChatMember } from '@peyk/protocol';
import { useEffect, useState } from 'preact/hooks';
import { currentClient } from '../../app/session';
import { t } from '../../i18n/i18n';
import { Icon } from '../../ui/icon';
import { MemberRow } from '../groups/member-row';
import { membersFetched } from '../groups/members';

const PAGE = 50;

/** A large chat's members, a page at a time, filtered by a part of the name or @username. */
export function MemberDirectory({ state, chat }: { state: ClientState; chat: Chat }) {
  const [query, setQuery] = useState('');
  const [members, setMembers] = useState<ChatMember[]>([]);
  const [more, setMore] = useState(false);
  const load = async (offset: number) => {
    try {
      const page = await currentClient().request('searchMembers', {
        chatId: chat.id,
        query: query.trim(),
        offset,
        limit: PAGE,
      });
      state.loadUsers(page.users);
      setMembers((shown) => (offset === 0 ? page.members : [...shown, ...page.members]));
      setMore(page.members.length === PAGE);
    } catch {
      // The list shows what it has; typing again or reopening retries.
    }
  };
  useEffect(() => {
    const timer = setTimeout(() => void load(0), 250);
    return () => clearTimeout(timer);
  }, [chat.id, query, membersFetched.value]);
  return (
    <>
      <label class="search-box member-search">
        <Icon name="search" size={18} />
        <input
          class="search-input"
          type="search"
          value={query}
          placeholder={t('channels.searchMembers')}
          aria-label={t('channels.searchMembers')}
          onInput={(e) => setQuery(e.currentTarget.value)}
        />
      </label>
      <ul class="member-list">
        {members.map((member) => (
          <MemberRow key={member.userId} state={state} chat={chat} member={member} />
        ))}
      </ul>
      {more && (
        <button type="button" class="button wide" onClick={() => load(members.length)}>
          {t('channels.more')}
        </button>
      )}
    </>
  );
}
