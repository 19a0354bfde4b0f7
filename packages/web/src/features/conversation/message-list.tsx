import { ChatKind, create, type Dialog, type Message, MessageSchema } from '@peyk/protocol';
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { ObservableState } from '../../app/observable-state';
import { pendingIn } from '../../app/outbox';
import { revision } from '../../app/session';
import { dateSettings, n, t } from '../../i18n/i18n';
import { formatDay, relativeDay } from '../../lib/dates';
import { Icon } from '../../ui/icon';
import { commentsOf, refreshCommentCounts } from '../channels/comment-counts';
import { reportViews, viewsOf } from '../channels/views';
import { groupMessages, type Row } from './grouping';
import { jumpToLatest, loadNewer, loadOlder, shownMessages, viewOf } from './history';
import { MessageItem } from './message-item';
import { selection } from './overlays';
import { markRead } from './read-tracker';

const NEAR_BOTTOM_PX = 120;
const LOAD_MORE_PX = 600;

/** The topmost visible message and how far from the list's top edge it is. */
interface Anchor {
  id: string;
  offset: number;
}

function findAnchor(element: HTMLElement): Anchor | undefined {
  const top = element.getBoundingClientRect().top;
  for (const item of element.querySelectorAll<HTMLElement>('[data-id]')) {
    const rect = item.getBoundingClientRect();
    if (rect.bottom > top) return { id: item.dataset.id ?? '', offset: rect.top - top };
  }
  return undefined;
}

interface Shown {
  key: string;
  senderId: string;
  date: number;
  service: boolean;
  message: Message;
  pendingIndex: number;
}

function DaySeparator({ date }: { date: number }) {
  const settings = dateSettings.value;
  const now = Math.floor(Date.now() / 1000);
  const relative = relativeDay(date, now, settings);
  const label = relative ? t(`dates.${relative}`) : formatDay(date, now, settings);
  return (
    <div class="day-separator">
      <span>{label}</span>
    </div>
  );
}

/**
 * The history of one chat: grouped by day and sender, loaded page by page while scrolling up
 * (the position stays put), following new messages while at the bottom, and reading them.
 */
export function MessageList({
  state,
  chatId,
  dialog,
  onMenu,
}: {
  state: ObservableState;
  chatId: string;
  dialog: Dialog | undefined;
  onMenu: (message: Message, x: number, y: number) => void;
}) {
  const view = viewOf(chatId);
  const box = useRef<HTMLDivElement>(null);
  const memory = useRef<{ stick: boolean; jump: number; anchor: Anchor | undefined }>({
    stick: true,
    jump: -1,
    anchor: undefined,
  });
  const [awayFromBottom, setAway] = useState(false);
  const kind = dialog?.chat?.kind;
  const isGroup = kind === ChatKind.GROUP || kind === ChatKind.SUPERGROUP;
  const isChannel = kind === ChatKind.CHANNEL;
  const picked = selection.value?.chatId === chatId ? selection.value.ids : undefined;

  const stored = shownMessages(state, chatId, view);
  const pending = view.atLatest ? pendingIn(chatId) : [];
  const shown: Shown[] = stored.map((message) => ({
    key: `m${message.id}`,
    senderId: message.senderId,
    date: message.date,
    service: Boolean(message.service),
    message,
    pendingIndex: -1,
  }));
  pending.forEach((item, index) => {
    shown.push({
      key: `p${item.randomId}`,
      senderId: state.selfId,
      date: item.date,
      service: false,
      message: create(MessageSchema, {
        chatId,
        senderId: state.selfId,
        date: item.date,
        text: item.text,
        entities: item.entities,
        replyToId: item.replyToId,
      }),
      pendingIndex: index,
    });
  });
  const firstUnread = view.firstUnreadId
    ? stored.find((m) => m.id >= view.firstUnreadId && m.senderId !== state.selfId)
    : undefined;
  const rows = groupMessages(shown, { unreadKey: firstUnread ? `m${firstUnread.id}` : undefined });
  const albums = albumsOf(rows);
  const postIds = isChannel ? stored.filter((m) => !m.service).map((m) => m.id) : [];
  const threads = isChannel ? stored.filter((m) => m.discussionMessageId > 0).length : 0;
  useEffect(() => {
    if (postIds.length > 0) void reportViews(chatId, postIds);
  }, [chatId, postIds.length, postIds.at(-1)]);
  useEffect(() => {
    if (threads > 0) void refreshCommentCounts(chatId, stored);
  }, [chatId, threads, postIds.at(-1)]);

  const readVisible = useCallback(() => {
    const element = box.current;
    // Until the chat's own pages are in, the list may show only the dialog's last message:
    // reading it would mark everything read.
    const current = viewOf(chatId);
    if (!element || !current.ready || current.loading) return;
    const bottom = element.getBoundingClientRect().bottom;
    const items = element.querySelectorAll<HTMLElement>('[data-id]');
    for (let i = items.length - 1; i >= 0; i--) {
      const item = items[i] as HTMLElement;
      if (item.getBoundingClientRect().top < bottom - 8) {
        markRead(chatId, Number(item.dataset.id));
        return;
      }
    }
  }, [chatId]);

  const onScroll = () => {
    const element = box.current;
    if (!element) return;
    const fromBottom = element.scrollHeight - element.scrollTop - element.clientHeight;
    const current = viewOf(chatId);
    memory.current.stick = fromBottom < NEAR_BOTTOM_PX && current.atLatest;
    memory.current.anchor = findAnchor(element);
    setAway(fromBottom > NEAR_BOTTOM_PX * 2 || !current.atLatest);
    if (element.scrollTop < LOAD_MORE_PX && current.hasOlder) void loadOlder(chatId);
    if (fromBottom < LOAD_MORE_PX && !current.atLatest) void loadNewer(chatId);
    readVisible();
  };

  useLayoutEffect(() => {
    const element = box.current;
    if (!element) return;
    const m = memory.current;
    if (view.jump !== m.jump) {
      m.jump = view.jump;
      const target = view.focusId ? element.querySelector<HTMLElement>(`[data-id="${view.focusId}"]`) : null;
      if (target) {
        const isUnread = view.focusId === view.firstUnreadId;
        target.scrollIntoView({ block: isUnread ? 'start' : 'center' });
        if (isUnread) element.scrollTop -= 40;
        else {
          target.classList.add('highlight');
          setTimeout(() => target.classList.remove('highlight'), 1600);
        }
      } else element.scrollTop = element.scrollHeight;
    } else if (m.stick) {
      element.scrollTop = element.scrollHeight;
    } else if (m.anchor) {
      // Pages came in above or left below (or a reaction changed a height): keep the message
      // the user looks at where it was, as browsers' scroll anchoring would.
      const kept = element.querySelector<HTMLElement>(`[data-id="${m.anchor.id}"]`);
      if (kept) {
        const offset = kept.getBoundingClientRect().top - element.getBoundingClientRect().top;
        element.scrollTop += offset - m.anchor.offset;
      }
    }
    const fromBottom = element.scrollHeight - element.scrollTop - element.clientHeight;
    m.stick = fromBottom < NEAR_BOTTOM_PX && view.atLatest;
    m.anchor = findAnchor(element);
    readVisible();
  });

  useEffect(() => {
    const element = box.current;
    if (!element) return;
    // The composer growing or the window resizing must not leave the newest message hidden.
    const observer = new ResizeObserver(() => {
      if (memory.current.stick) element.scrollTop = element.scrollHeight;
    });
    observer.observe(element);
    const onVisible = () => readVisible();
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      observer.disconnect();
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [readVisible]);

  const onKeyDown = (event: KeyboardEvent) => {
    const bubbles = [...(box.current?.querySelectorAll<HTMLElement>('.bubble') ?? [])];
    const at = bubbles.indexOf(document.activeElement as HTMLElement);
    if (event.key === 'ArrowUp' || event.key === 'ArrowDown') {
      event.preventDefault();
      const next = at === -1 ? bubbles.length - 1 : at + (event.key === 'ArrowUp' ? -1 : 1);
      bubbles[Math.max(0, Math.min(bubbles.length - 1, next))]?.focus();
    } else if (
      (event.key === 'Enter' || event.key === 'ContextMenu' || (event.shiftKey && event.key === 'F10')) &&
      at >= 0
    ) {
      event.preventDefault();
      const id = Number(bubbles[at]?.closest<HTMLElement>('[data-id]')?.dataset.id);
      const message = state.message(chatId, id);
      const rect = bubbles[at]?.getBoundingClientRect();
      if (message && rect) onMenu(message, rect.left + 16, rect.top + 16);
    }
  };

  const rev = revision.value;
  const readOutbox = dialog?.readOutboxMaxId ?? 0;
  return (
    <div class="message-area">
      <div
        ref={box}
        class="messages"
        onScroll={onScroll}
        onKeyDown={onKeyDown}
        // biome-ignore lint/a11y/noNoninteractiveTabindex: the log takes focus so that the keyboard can scroll it and walk its messages with the arrow keys.
        tabIndex={0}
        role="log"
        aria-label={t('conversation.messages')}
      >
        {view.loading && view.hasOlder && <div class="loading-line">{t('common.loading')}</div>}
        {!view.loading && stored.length === 0 && pending.length === 0 && (
          <div class="empty-chat">{t('conversation.empty')}</div>
        )}
        {rows.map((row, index) => {
          if (row.kind === 'day') return <DaySeparator key={row.key} date={row.date} />;
          if (row.kind === 'unread')
            return (
              <div key="unread" class="unread-separator">
                <span>{t('conversation.unreadBelow')}</span>
              </div>
            );
          const item = row.message;
          const message = item.message;
          const album = albums.get(index);
          if (album === null) return null;
          const reply = message.replyToId ? state.message(chatId, message.replyToId) : undefined;
          return (
            <MessageItem
              key={row.key}
              state={state}
              message={item.message}
              pending={item.pendingIndex >= 0 ? pending[item.pendingIndex] : undefined}
              first={row.first}
              last={album ? album.last : row.last}
              album={album?.messages}
              isGroup={isGroup}
              readOutboxMaxId={readOutbox}
              selecting={picked !== undefined}
              selected={picked?.has(item.message.id) ?? false}
              onMenu={onMenu}
              sender={state.user(message.senderId)}
              reply={reply}
              replySender={reply ? state.user(reply.senderId) : undefined}
              forwardFrom={message.forward ? state.user(message.forward.fromUserId) : undefined}
              viaBot={message.viaBotId !== '0' ? state.user(message.viaBotId) : undefined}
              revision={message.service ? rev : 0}
              views={isChannel && item.pendingIndex < 0 && !message.service ? viewsOf(message) : undefined}
              comments={isChannel && message.discussionMessageId > 0 ? commentsOf(message) : undefined}
            />
          );
        })}
      </div>
      {awayFromBottom && (
        <button
          type="button"
          class="jump-bottom"
          aria-label={t('conversation.toBottom')}
          onClick={() => {
            memory.current.stick = true;
            void jumpToLatest(chatId);
          }}
        >
          <Icon name="down" />
          {(dialog?.unreadCount ?? 0) > 0 && <span class="badge">{n(dialog?.unreadCount ?? 0)}</span>}
        </button>
      )}
    </div>
  );
}

/**
 * Consecutive rows of one album: the first row (by index) gets all its messages, the others
 * null (drawn inside the first).
 */
function albumsOf(rows: readonly Row<Shown>[]): Map<number, { messages: Message[]; last: boolean } | null> {
  const albums = new Map<number, { messages: Message[]; last: boolean } | null>();
  let open: { messages: Message[]; last: boolean } | undefined;
  let openAlbumId = '0';
  for (const [index, row] of rows.entries()) {
    const message = row.kind === 'message' && row.message.pendingIndex < 0 ? row.message.message : undefined;
    if (
      row.kind === 'message' &&
      message &&
      message.albumId !== '0' &&
      message.albumId === openAlbumId &&
      open
    ) {
      open.messages.push(message);
      open.last = row.last;
      albums.set(index, null);
      continue;
    }
    open = undefined;
    openAlbumId = '0';
    if (row.kind === 'message' && message && message.albumId !== '0') {
      open = { messages: [message], last: row.last };
      openAlbumId = message.albumId;
      albums.set(index, open);
    }
  }
  for (const [index, album] of albums) if (album && album.messages.length < 2) albums.delete(index);
  return albums;
}
