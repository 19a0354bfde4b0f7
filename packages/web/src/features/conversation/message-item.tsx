import type { ClientState } from '@peyk/client';
import type { Message, User } from '@peyk/protocol';
import { loadScreens } from '../../app/load-screens';
import { userName } from '../../app/names';
import type { OutboxItem } from '../../app/outbox';
import { retrySend } from '../../app/outbox';
import { dateSettings, t } from '../../i18n/i18n';
import { formatCompactCount } from '../../lib/compact-count';
import { formatDateTime, formatTime } from '../../lib/dates';
import { Avatar } from '../../ui/avatar';
import { Icon } from '../../ui/icon';
import { lazy } from '../../ui/lazy';
import { memo } from '../../ui/memo';
import { InlineKeyboard } from '../bots/inline-keyboard';
import { AlbumGrid, MessageMedia } from '../media/message-media';
import { jumpToMessage } from './history';
import { MessageText } from './message-text';
import { toggleSelected } from './overlays';
import { ReactionsBar } from './reactions-bar';
import { messagePreview, serviceNodes } from './service-text';

// Polls are downloaded with the first one shown.
const PollView = lazy(() => loadScreens().then((m) => m.PollView));

export interface MessageItemProps {
  state: ClientState;
  message: Message;
  /** Set for a message not yet stored by the server. */
  pending?: OutboxItem;
  first: boolean;
  last: boolean;
  isGroup: boolean;
  readOutboxMaxId: number;
  selecting: boolean;
  selected: boolean;
  onMenu: (message: Message, x: number, y: number) => void;
  /** The people and the replied-to message, passed in so that memo sees when they change. */
  sender: User | undefined;
  reply: Message | undefined;
  replySender: User | undefined;
  forwardFrom: User | undefined;
  /** Sent through this bot's inline mode. */
  viaBot?: User;
  /** For service messages, whose text names users: the state's revision. */
  revision: number;
  /** The messages of the album this one opens (it included), drawn as one bubble. */
  album?: Message[];
  /** Channel posts: how many have seen it. */
  views?: number;
  /** Channel posts with a discussion thread: how many comments it has. */
  comments?: number;
}

function Ticks({
  message,
  pending,
  readOutboxMaxId,
}: Pick<MessageItemProps, 'message' | 'pending' | 'readOutboxMaxId'>) {
  if (pending?.status === 'failed') {
    return (
      <button
        type="button"
        class="ticks failed"
        onClick={() => retrySend(pending)}
        aria-label={t('message.retry')}
      >
        <Icon name="error" size={16} />
      </button>
    );
  }
  if (pending) {
    return (
      <span class="ticks pending" role="img" aria-label={t('message.pending')}>
        <Icon name="clock" size={14} />
      </span>
    );
  }
  const read = message.id <= readOutboxMaxId;
  return (
    <span
      class={read ? 'ticks read' : 'ticks'}
      role="img"
      aria-label={read ? t('message.read') : t('message.sent')}
    >
      <Icon name={read ? 'checks' : 'check'} size={16} />
    </span>
  );
}

/** One message: bubble with sender, forward and reply lines, text, time, ticks and reactions. */
export const MessageItem = memo(function MessageItem(props: MessageItemProps) {
  const { state, message, pending, first, last, isGroup, selecting, selected, onMenu } = props;
  const settings = dateSettings.value;
  if (message.service) {
    return (
      <div class="service-row" data-id={message.id}>
        {/* A sentence of the UI: it reads in the UI's direction whatever script the names are in. */}
        <span class="service-text">{serviceNodes(state, message)}</span>
      </div>
    );
  }
  const outgoing = message.senderId === state.selfId;
  const { sender, reply, replySender, forwardFrom } = props;
  const showName = isGroup && !outgoing && first;
  const showAvatar = isGroup && !outgoing;
  const classes = ['message-row', outgoing ? 'out' : 'in', first ? 'first' : '', last ? 'last' : ''];
  if (message.media) classes.push('has-media');
  if (selected) classes.push('selected');

  const openMenu = (event: MouseEvent) => {
    event.preventDefault();
    onMenu(message, event.clientX, event.clientY);
  };

  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: in selection mode a click anywhere on the row toggles it; the checkbox is the keyboard way.
    // biome-ignore lint/a11y/useKeyWithClickEvents: same: the checkbox inside takes the keyboard.
    <div
      class={classes.join(' ')}
      data-id={pending ? undefined : (props.album?.at(-1)?.id ?? message.id)}
      data-pending={pending ? pending.status : undefined}
      onClick={selecting && !pending ? () => toggleSelected(message.chatId, message.id) : undefined}
    >
      {selecting && !pending && (
        <input
          type="checkbox"
          class="select-box"
          checked={selected}
          aria-label={t('message.selectOne')}
          onClick={(event) => event.stopPropagation()}
          onChange={() => toggleSelected(message.chatId, message.id)}
        />
      )}
      {showAvatar && (
        <span class="message-avatar">
          {last && <Avatar id={message.senderId} name={userName(sender)} size={34} />}
        </span>
      )}
      <article
        class="bubble"
        tabIndex={-1}
        onContextMenu={pending || selecting ? undefined : openMenu}
        aria-label={`${outgoing ? t('dialogs.you') : userName(sender)}: ${messagePreview(state, message)}`}
      >
        {showName && (
          <div class="message-sender" dir="auto">
            {userName(sender)}
          </div>
        )}
        {message.forward && (
          <div class="forwarded" dir="auto">
            {t('message.forwardedFrom', { name: userName(forwardFrom) })}
          </div>
        )}
        {message.replyToId > 0 && (
          <button
            type="button"
            class="reply-quote"
            onClick={(event) => {
              event.stopPropagation();
              void jumpToMessage(message.chatId, message.replyToId);
            }}
          >
            <span class="reply-name" dir="auto">
              {reply ? userName(replySender) : t('message.reply')}
            </span>
            <span class="reply-text" dir="auto">
              {reply ? messagePreview(state, reply) : t('message.replyUnavailable')}
            </span>
          </button>
        )}
        {props.album ? (
          <AlbumGrid messages={props.album} />
        ) : (
          message.media && <MessageMedia message={message} />
        )}
        {message.poll ? (
          <PollView state={state} message={message} />
        ) : (
          (message.text || !message.media) && <MessageText text={message.text} entities={message.entities} />
        )}
        {props.viaBot && (
          <div class="via-bot" dir="auto">
            {t('message.via', { name: `@${props.viaBot.username}` })}
          </div>
        )}
        {message.replyMarkup && <InlineKeyboard message={message} botName={userName(sender)} />}
        <span class="message-meta">
          {message.pinned && (
            <span class="pinned-mark" title={t('message.pinned')}>
              <Icon name="pin" size={12} />
            </span>
          )}
          {message.editDate > 0 && (
            <span class="edited" title={formatDateTime(message.editDate, settings)}>
              {t('message.edited')}
            </span>
          )}
          {message.authorSignature && (
            <span class="signature" dir="auto">
              {message.authorSignature}
            </span>
          )}
          {props.views !== undefined && (
            <span class="views" role="img" aria-label={t('channels.views', { count: props.views })}>
              <Icon name="eye" size={14} />
              {formatCompactCount(props.views, settings.language)}
            </span>
          )}
          <time
            dateTime={new Date(message.date * 1000).toISOString()}
            title={formatDateTime(message.date, settings)}
          >
            {formatTime(message.date, settings)}
          </time>
          {outgoing && <Ticks message={message} pending={pending} readOutboxMaxId={props.readOutboxMaxId} />}
        </span>
        {props.comments !== undefined && (
          <a class="comments-link" href={`#/chat/${message.chatId}/comments/${message.id}`}>
            {t('channels.comments', { count: props.comments })}
          </a>
        )}
        {!pending && !selecting && (
          <button
            type="button"
            class="message-more icon-button"
            aria-label={t('message.actions')}
            onClick={(event) => {
              event.stopPropagation();
              const rect = event.currentTarget.getBoundingClientRect();
              onMenu(message, rect.left, rect.bottom);
            }}
          >
            <Icon name="more" size={18} />
          </button>
        )}
      </article>
      {message.reactions.length > 0 && <ReactionsBar message={message} />}
    </div>
  );
});
