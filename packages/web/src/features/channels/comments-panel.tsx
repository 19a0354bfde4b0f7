import type { ClientState } from '@peyk/client';
import type { Dialog, Message } from '@peyk/protocol';
import { useEffect, useState } from 'preact/hooks';
import { errorText } from '../../app/error-text';
import { userName } from '../../app/names';
import { navigate } from '../../app/router';
import { currentClient } from '../../app/session';
import { dateSettings, t } from '../../i18n/i18n';
import { formatDateTime } from '../../lib/dates';
import { parseMarkup } from '../../lib/markup';
import { Avatar } from '../../ui/avatar';
import { Icon } from '../../ui/icon';
import { MessageText } from '../conversation/message-text';
import { refreshCommentCounts } from './comment-counts';

/** How often the thread is asked again while open by someone outside the discussion group. */
const POLL_MS = 5000;

/**
 * The comments on one channel post: the replies to its copy in the discussion group, read
 * through the channel (no need to join the group), and a box to write one (which joins the
 * group first when the writer is not in it: the server admits the channel's members).
 */
export function CommentsPanel({
  state,
  dialog,
  postId,
}: {
  state: ClientState;
  dialog: Dialog;
  postId: number;
}) {
  const channel = dialog.chat;
  const post = channel ? state.message(channel.id, postId) : undefined;
  const groupId = channel?.linkedChatId ?? '0';
  const threadId = post?.discussionMessageId ?? 0;
  const [fetched, setFetched] = useState<Message[]>([]);
  const [text, setText] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const member = state.dialog(groupId) !== undefined;
  const load = async () => {
    if (!channel) return;
    try {
      const list = await currentClient().request('getComments', {
        channelId: channel.id,
        messageId: postId,
        limit: 100,
      });
      state.loadUsers(list.users);
      setFetched(list.messages);
      if (post) void refreshCommentCounts(channel.id, [post]);
    } catch (failure) {
      setError(errorText(failure));
    }
  };
  useEffect(() => {
    void load();
    // A member of the group gets new comments pushed; anyone else asks again now and then.
    if (member) return;
    const timer = setInterval(() => void load(), POLL_MS);
    return () => clearInterval(timer);
  }, [channel?.id, postId, member, threadId]);
  if (!channel) return null;
  // What was fetched, and what arrived since in the group's history (for its members).
  const pushed = member ? state.messages(groupId).filter((m) => m.replyToId === threadId && !m.service) : [];
  const byId = new Map([...fetched, ...pushed].map((m) => [m.id, m]));
  const comments = [...byId.values()].sort((a, b) => a.id - b.id);
  const send = async (event: Event) => {
    event.preventDefault();
    const { text: body, entities } = parseMarkup(text);
    if (!body.trim() || threadId === 0) return;
    setBusy(true);
    setError('');
    try {
      const client = currentClient();
      if (!member) await client.request('joinChat', { chatId: groupId });
      await client.sendMessage(groupId, body, { entities, replyToId: threadId });
      setText('');
      await load();
    } catch (failure) {
      setError(errorText(failure));
    }
    setBusy(false);
  };
  return (
    <aside class="chat-info comments-panel" aria-label={t('channels.commentsTitle')}>
      <header class="panel-header">
        <button
          type="button"
          class="icon-button"
          aria-label={t('common.close')}
          onClick={() => navigate(`/chat/${channel.id}`)}
        >
          <Icon name="close" />
        </button>
        <h2>{t('channels.commentsTitle')}</h2>
      </header>
      {post && (
        <div class="comment-post">
          <MessageText text={post.text} entities={post.entities} />
        </div>
      )}
      {comments.length === 0 && <p class="muted-text comments-empty">{t('channels.noComments')}</p>}
      <ol class="comment-list">
        {comments.map((comment) => {
          const author = state.user(comment.senderId);
          return (
            <li key={comment.id} class="comment" data-message-id={comment.id}>
              <Avatar id={comment.senderId} name={userName(author)} size={32} />
              <div class="comment-body">
                <span class="comment-author" dir="auto">
                  {userName(author)}
                </span>
                <MessageText text={comment.text} entities={comment.entities} />
                <time class="result-sub" dateTime={new Date(comment.date * 1000).toISOString()}>
                  {formatDateTime(comment.date, dateSettings.value)}
                </time>
              </div>
            </li>
          );
        })}
      </ol>
      <form class="comment-form" onSubmit={send}>
        {error && (
          <p class="form-error" role="alert">
            {error}
          </p>
        )}
        <textarea
          rows={2}
          dir="auto"
          value={text}
          placeholder={t('channels.writeComment')}
          aria-label={t('channels.writeComment')}
          onInput={(e) => setText(e.currentTarget.value)}
        />
        <button type="submit" class="button primary" disabled={busy || !text.trim()}>
          <Icon name="send" size={18} /> {t('composer.send')}
        </button>
      </form>
    </aside>
  );
}
