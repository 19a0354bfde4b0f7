import { create } from '@bufbuild/protobuf';
import {
  type Chat,
  ChatKind,
  type ChatMember,
  ChatMemberSchema,
  ChatSchema,
  type Dialog,
  DialogSchema,
  MemberRole,
} from '@peyk/protocol';
import type { ChatMemberRow, ChatRow, DialogRow } from '../../store/schema.js';
import type { Repositories } from '../../store/store.js';
import { rightsOf, viewRestrictions, viewRights } from '../channels/rights.js';
import { wireId } from '../ids.js';
import { AFTER_NEWEST, viewMessages } from '../messages/message-view.js';
import { peerOf } from './access.js';
import { isLarge } from './large-chats.js';

/**
 * The chat as `viewerId` sees it. `members` holds at least the viewer's own row (all members of a
 * private chat, to name the peer).
 */
export function viewChat(chat: ChatRow, members: readonly ChatMemberRow[], viewerId: number): Chat {
  const mine = members.find((m) => m.user_id === viewerId);
  return create(ChatSchema, {
    id: wireId(chat.id),
    kind: chat.kind,
    title: chat.kind === ChatKind.PRIVATE ? '' : chat.title,
    peerUserId: chat.kind === ChatKind.PRIVATE ? wireId(peerOf(members, viewerId)) : '0',
    memberCount: chat.member_count,
    myRole: mine?.role ?? MemberRole.UNSPECIFIED,
    createdAt: chat.created_at,
    username: chat.username ?? '',
    chatPts: isLarge(chat) ? chat.pts : 0,
    signatures: chat.signatures === 1,
    myRights: isLarge(chat) && mine ? viewRights(rightsOf(mine)) : undefined,
    slowModeSeconds: chat.slow_mode_seconds,
    myRestrictions: isLarge(chat) && mine?.restrictions ? viewRestrictions(mine) : undefined,
    linkedChatId: wireId(chat.linked_chat_id),
  });
}

/** The members a view of the chat needs: everyone in a small chat, only the viewer in a large one. */
export async function membersForView(
  repos: Repositories,
  chat: ChatRow,
  viewerId: number,
): Promise<ChatMemberRow[]> {
  if (!isLarge(chat)) return repos.chats.members(chat.id);
  const mine = await repos.chats.member(chat.id, viewerId);
  return mine ? [mine] : [];
}

export function viewMembers(members: readonly ChatMemberRow[]): ChatMember[] {
  return members.map((m) =>
    create(ChatMemberSchema, {
      userId: wireId(m.user_id),
      role: m.role,
      joinedAt: m.joined_at,
      inviterId: wireId(m.inviter_id),
      rights: m.role === MemberRole.ADMIN && m.rights ? viewRights(m.rights) : undefined,
      restrictions: m.restrictions ? viewRestrictions(m) : undefined,
    }),
  );
}

/** A dialog as its owner sees it: last visible message, unread counters, read pointers. */
export async function viewDialog(repos: Repositories, dialog: DialogRow): Promise<Dialog | undefined> {
  const viewerId = dialog.user_id;
  const chat = await repos.chats.chatById(dialog.chat_id);
  if (!chat) return undefined;
  const members = await membersForView(repos, chat, viewerId);
  const [last] = await repos.messages.visibleBefore(chat.id, viewerId, AFTER_NEWEST, 1);
  const [lastMessage] = last ? await viewMessages(repos, viewerId, chat.id, [last]) : [];
  const readOutbox = Math.max(
    0,
    ...members.filter((m) => m.user_id !== viewerId).map((m) => m.read_inbox_max_id),
  );
  return create(DialogSchema, {
    chat: viewChat(chat, members, viewerId),
    lastMessage,
    unreadCount: await repos.messages.countUnread(chat.id, viewerId, dialog.read_inbox_max_id),
    unreadMentionsCount: await repos.messages.countUnreadMentions(
      chat.id,
      viewerId,
      dialog.read_inbox_max_id,
    ),
    readInboxMaxId: dialog.read_inbox_max_id,
    readOutboxMaxId: readOutbox,
    pinned: dialog.pinned === 1,
    muted: dialog.muted === 1,
    lastActivity: dialog.last_activity,
  });
}
