import { type Chat, ChatKind, MemberRole, type Message } from '@peyk/protocol';
import { useCallback, useEffect, useState } from 'preact/hooks';
import { useAppState } from '../../app/session';
import { dateSettings, loadCatalogPart, t } from '../../i18n/i18n';
import { formatDateTime } from '../../lib/dates';
import { lazy } from '../../ui/lazy';
import { refreshMemberCount } from '../channels/member-counts';
import { restrictedFrom } from '../channels/restrictions';
import { SlowModeNote } from '../channels/slow-mode-note';
import { Composer } from '../composer/composer';
import { ChatSearchBar, chatSearchOpen } from '../search/chat-search';
import { ChatHeader } from './chat-header';
import { openHistory } from './history';
import { MessageList } from './message-list';
import { MessageMenu } from './message-menu';
import { clearSelection, selection } from './overlays';
import { PinnedBar } from './pinned-bar';
import { SelectionBar } from './selection-bar';

/** The chat's info page (members, rights, links): loaded the first time one is opened. */
const ChatInfo = lazy(() => sidePanels().then((panels) => panels.ChatInfo));
/** A channel post's comment thread: loaded the first time one is opened. */
const CommentsPanel = lazy(() => sidePanels().then((panels) => panels.CommentsPanel));

/** The side panels' code and the strings only they use. */
function sidePanels() {
  return Promise.all([import('./side-panels'), loadCatalogPart('panels')]).then(([panels]) => panels);
}

/** One open chat: header, pinned message, history, and the composer (or the selection bar). */
export function Conversation({
  chatId,
  info,
  comments,
}: {
  chatId: string;
  info: boolean;
  comments?: number;
}) {
  const state = useAppState();
  const dialog = state.dialog(chatId);
  const [menu, setMenu] = useState<{ message: Message; x: number; y: number } | undefined>(undefined);

  useEffect(() => {
    void openHistory(chatId);
    void refreshMemberCount(state.dialog(chatId)?.chat);
    setMenu(undefined);
    if (selection.peek()?.chatId !== chatId) clearSelection();
  }, [chatId, state]);

  const onMenu = useCallback((message: Message, x: number, y: number) => setMenu({ message, x, y }), []);
  const closeMenu = useCallback(() => setMenu(undefined), []);

  if (!dialog?.chat) {
    return (
      <section class="conversation empty-pane">
        <p>{t('conversation.notFound')}</p>
      </section>
    );
  }
  const picked = selection.value?.chatId === chatId ? selection.value.ids : undefined;
  return (
    <div class={info || comments ? 'conversation-wrap with-info' : 'conversation-wrap'}>
      <section class="conversation" aria-label={t('conversation.label')}>
        <ChatHeader state={state} dialog={dialog} />
        {chatSearchOpen.value === chatId && <ChatSearchBar key={chatId} state={state} dialog={dialog} />}
        <PinnedBar state={state} chatId={chatId} />
        <MessageList state={state} chatId={chatId} dialog={dialog} onMenu={onMenu} />
        {picked ? (
          <SelectionBar state={state} chatId={chatId} ids={picked} />
        ) : restrictedFrom(dialog.chat, 'noMessages') ? (
          <p class="composer-note">
            {dialog.chat.myRestrictions?.until
              ? t('channels.restrictedUntil', {
                  date: formatDateTime(dialog.chat.myRestrictions.until, dateSettings.value),
                })
              : t('channels.restrictedForever')}
          </p>
        ) : mayPost(dialog.chat) ? (
          <>
            <SlowModeNote state={state} chat={dialog.chat} />
            <Composer key={chatId} chatId={chatId} />
          </>
        ) : (
          <p class="composer-note">{t('channels.adminsOnly')}</p>
        )}
        {menu && (
          <MessageMenu state={state} message={menu.message} x={menu.x} y={menu.y} onClose={closeMenu} />
        )}
      </section>
      {info && <ChatInfo state={state} dialog={dialog} />}
      {comments !== undefined && <CommentsPanel state={state} dialog={dialog} postId={comments} />}
    </div>
  );
}

/** Everyone writes in a chat, except in a channel, where the owner and admins with the right post. */
function mayPost(chat: Chat): boolean {
  return (
    chat.kind !== ChatKind.CHANNEL || chat.myRole === MemberRole.OWNER || chat.myRights?.postMessages === true
  );
}
