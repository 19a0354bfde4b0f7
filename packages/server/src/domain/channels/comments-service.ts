import { create } from '@bufbuild/protobuf';
import {
  ChatKind,
  type CommentCounts,
  CommentCountsSchema,
  ErrorCode,
  Limits,
  type MessageList,
} from '@peyk/protocol';
import type { MessageRow } from '../../store/schema.js';
import type { Repositories, Store } from '../../store/store.js';
import type { Caller } from '../caller.js';
import { requireMembership } from '../chats/access.js';
import { DomainError, invalidInput } from '../errors.js';
import { messageListFor } from '../messages/message-view.js';
import type { OnlineCheck } from '../people/user-view.js';
import { requireLimit } from '../validate.js';

/**
 * Comments on channel posts: the replies to a post's copy in the channel's discussion group.
 * A member of the channel reads them without joining the group (writing them needs the group).
 */
export class CommentsService {
  constructor(
    private readonly store: Store,
    private readonly online: OnlineCheck,
  ) {}

  /** A page of one post's comments after `afterId`, oldest first. */
  async comments(
    caller: Caller,
    channelId: number,
    messageId: number,
    afterId: number,
    limitInput: number,
  ): Promise<MessageList> {
    const limit = requireLimit(limitInput, 50, Limits.historyPage, 'limit');
    const repos = this.store.read;
    const [post] = await this.postsOf(repos, caller, channelId, [messageId]);
    if (!post || post.discussion_message_id === 0) {
      throw new DomainError(ErrorCode.MESSAGE_NOT_FOUND, 'This post has no comments');
    }
    const groupId = await this.groupHolding(repos, channelId, [post]);
    const [thread] = await this.threaded(repos, channelId, groupId, [post]);
    if (!thread) throw new DomainError(ErrorCode.MESSAGE_NOT_FOUND, 'This post has no comments');
    const rows = await repos.messages.replies(groupId, thread.discussion_message_id, afterId, limit);
    return messageListFor(repos, this.online, caller.userId, groupId, rows);
  }

  /** How many comments each post has, in the order asked (0 without a discussion). */
  async count(caller: Caller, channelId: number, ids: readonly number[]): Promise<CommentCounts> {
    if (ids.length > Limits.historyPage) throw invalidInput(`at most ${Limits.historyPage} ids`);
    const repos = this.store.read;
    const discussed = (await this.postsOf(repos, caller, channelId, ids)).filter(
      (p) => p.discussion_message_id !== 0,
    );
    const groupId = await this.groupHolding(repos, channelId, discussed);
    const posts = await this.threaded(repos, channelId, groupId, discussed);
    const counts = await repos.messages.countReplies(
      groupId,
      posts.map((p) => p.discussion_message_id),
    );
    const byPost = new Map(posts.map((p) => [p.id, counts.get(p.discussion_message_id) ?? 0]));
    return create(CommentCountsSchema, { counts: ids.map((id) => byPost.get(id) ?? 0) });
  }

  /** The channel's posts with these ids that the caller, a member, can see. */
  private async postsOf(
    repos: Repositories,
    caller: Caller,
    channelId: number,
    ids: readonly number[],
  ): Promise<MessageRow[]> {
    const { chat } = await requireMembership(repos, channelId, caller.userId);
    if (chat.kind !== ChatKind.CHANNEL) throw new DomainError(ErrorCode.CHAT_KIND_INVALID, 'Only channels');
    return repos.messages.visibleByIds(channelId, caller.userId, ids);
  }

  /**
   * The discussion group's id when it holds the posts' copies. A post copied to a group that was
   * unlinked since has no thread here: its copy's id would name another message in a new group.
   */
  private async groupHolding(repos: Repositories, channelId: number, posts: MessageRow[]): Promise<number> {
    const channel = await repos.chats.chatById(channelId);
    const groupId = channel?.linked_chat_id ?? 0;
    if (groupId === 0 || posts.length === 0) return 0;
    return groupId;
  }

  /** The posts whose copy in `groupId` is still the forward of that very post. */
  private async threaded(repos: Repositories, channelId: number, groupId: number, posts: MessageRow[]) {
    if (groupId === 0) return [];
    // Viewer 0: the copies as nobody has hidden them (the reader need not be in the group).
    const copies = await repos.messages.visibleByIds(
      groupId,
      0,
      posts.map((p) => p.discussion_message_id),
    );
    const ofPost = new Set(copies.filter((c) => c.fwd_chat_id === channelId).map((c) => c.fwd_message_id));
    return posts.filter((p) => ofPost.has(p.id));
  }
}
