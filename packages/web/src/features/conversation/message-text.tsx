import { goHome, openChat } from '../../app/router';
import { toast } from '../../app/toast';
import { t } from '../../i18n/i18n';
import { textDirection } from '../../lib/direction';
import type { EntitySpan } from '../../lib/entities';
import { renderEntities } from '../../lib/render-entities';
import { openPrivateChatWith, resolveUser, searchQuery } from '../dialogs/search';

const handlers = {
  onMention: async (username: string) => {
    const user = await resolveUser(username.toLowerCase());
    if (!user) return toast(t('search.noUser', { username }));
    openChat(await openPrivateChatWith(user.id));
  },
  onUserMention: async (userId: string) => openChat(await openPrivateChatWith(userId)),
  onHashtag: (tag: string) => {
    searchQuery.value = tag;
    if (window.innerWidth < 768) goHome();
  },
};

/** A message's text with its formatting, in the direction of its own content. */
export function MessageText({ text, entities }: { text: string; entities: readonly EntitySpan[] }) {
  return (
    <div class="message-text" dir={textDirection(text, entities)}>
      {renderEntities(text, entities, handlers)}
    </div>
  );
}
