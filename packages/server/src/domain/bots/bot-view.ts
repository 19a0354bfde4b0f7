import { create, fromBinary } from '@bufbuild/protobuf';
import {
  ChatKind,
  type InviteLink,
  InviteLinkSchema,
  type Message,
  type ReactionChanged,
  UpdateSchema,
} from '@peyk/protocol';
import type { BotUpdateRow, UserRow } from '../../store/schema.js';
import type { Repositories } from '../../store/store.js';
import { viewLink } from '../channels/invites-service.js';
import { parseId, wireId } from '../ids.js';
import { toMessage } from '../messages/message-view.js';
import { type BotPollInlineUpdate, POLL_INLINE_KINDS, pollInlineUpdate } from './bot-poll-inline-view.js';
import { type BotFileIds, fileUniqueId } from './bot-file-ids.js';
import { type BotStanding, decodeJoinRequest, decodeMemberChange, viewStanding } from './member-updates.js';
import { decodeCallbackQuery } from './callback-queries.js';
import type { BotUpdateKind } from './update-kinds.js';

/** A user as a bot sees it. */
export interface BotUser {
  id: number;
  isBot: boolean;
  displayName: string;
  username: string;
}

/** A chat as a bot sees it; `peer` is the other member of a private chat. */
export interface BotChat {
  id: number;
  kind: ChatKind;
  title: string;
  /** Public channels and supergroups. */
  username?: string;
  peer?: BotUser;
}

/** A message with everything a Bot API reply names: its chat, author, reply and service users. */
export interface BotMessage {
  message: Message;
  chat: BotChat;
  from: BotUser;
  replyTo?: BotMessage;
  forwardFrom?: BotUser;
  serviceUsers: BotUser[];
  /** Sent through this bot's inline mode. */
  viaBot?: BotUser;
  /** The file_id and file_unique_id of each variant of the message's media, by variant name. */
  files: Record<string, BotFileName>;
}

export interface BotFileName {
  fileId: string;
  fileUniqueId: string;
}

export interface BotReaction {
  chat: BotChat;
  messageId: number;
  user: BotUser;
  emoji: string;
}

export interface BotCallbackQuery {
  id: string;
  from: BotUser;
  message?: BotMessage;
  chatInstance: string;
  data: string;
}

/** A member's standing changed (my_chat_member, chat_member). */
export interface BotMemberChange {
  chat: BotChat;
  from: BotUser;
  user: BotUser;
  old: BotStanding;
  new: BotStanding;
}

export interface BotJoinRequest {
  chat: BotChat;
  from: BotUser;
  inviteLink: BotInviteLink;
}

/** An invite link as a bot sees it: another admin's link shows only its first half, as Telegram's. */
export interface BotInviteLink {
  link: string;
  creator: BotUser;
  name: string;
  expiresAt: number;
  usageLimit: number;
  requiresApproval: boolean;
  primary: boolean;
  revoked: boolean;
}

/** One update from a bot's queue, with what it refers to. */
export type BotUpdate = { updateId: number; date: number } & (
  | {
      kind: 'message' | 'edited_message' | 'channel_post' | 'edited_channel_post';
      message: BotMessage;
    }
  | { kind: 'my_chat_member' | 'chat_member'; memberChange: BotMemberChange }
  | { kind: 'chat_join_request'; joinRequest: BotJoinRequest }
  | { kind: 'message_reaction'; reaction: BotReaction }
  | { kind: 'callback_query'; callbackQuery: BotCallbackQuery }
  | BotPollInlineUpdate
);

const LEFT: BotStanding = { status: 'left' };
const MEMBER: BotStanding = { status: 'member' };

/** Builds the views of what a bot's replies and updates name, reading each user and chat once. */
export class BotViewer {
  private readonly users = new Map<number, Promise<BotUser>>();
  private readonly chats = new Map<number, Promise<BotChat>>();

  constructor(
    private readonly repos: Repositories,
    private readonly botId: number,
    private readonly fileIds: BotFileIds,
  ) {}

  user(id: number): Promise<BotUser> {
    let user = this.users.get(id);
    if (!user) {
      user = this.repos.accounts.userById(id).then((row) => botUser(row, id));
      this.users.set(id, user);
    }
    return user;
  }

  /** A link as this bot may see it: whole when the bot made it, else only its first half. */
  async inviteLink(link: InviteLink): Promise<BotInviteLink> {
    const { name, expiresAt, usageLimit, requiresApproval, primary, revoked } = link;
    const creatorId = parseId(link.creatorId);
    const shown = creatorId === this.botId ? link.link : `${link.link.slice(0, link.link.length / 2)}…`;
    const creator = await this.user(creatorId);
    return { link: shown, creator, name, expiresAt, usageLimit, requiresApproval, primary, revoked };
  }

  /** The link a join request came by, as it is now (a link whose row is gone: its token only). */
  private async joinRequestLink(request: { chatId: number; link: string }): Promise<InviteLink> {
    const row = await this.repos.channels.inviteLink(request.link);
    if (row) return viewLink(row);
    return create(InviteLinkSchema, {
      link: request.link,
      chatId: wireId(request.chatId),
      requiresApproval: true,
    });
  }

  chat(id: number): Promise<BotChat> {
    let chat = this.chats.get(id);
    if (!chat) {
      chat = this.loadChat(id);
      this.chats.set(id, chat);
    }
    return chat;
  }

  async message(message: Message, withReply = true): Promise<BotMessage> {
    const chatId = parseId(message.chatId);
    const view: BotMessage = {
      message,
      chat: await this.chat(chatId),
      from: await this.user(parseId(message.senderId)),
      serviceUsers: await Promise.all((message.service?.userIds ?? []).map((id) => this.user(parseId(id)))),
      files: this.files(message),
    };
    if (message.forward) view.forwardFrom = await this.user(parseId(message.forward.fromUserId));
    if (message.viaBotId !== '0') view.viaBot = await this.user(parseId(message.viaBotId));
    if (withReply && message.replyToId) {
      const replied = await this.repos.messages.message(chatId, message.replyToId);
      if (replied && !replied.deleted) view.replyTo = await this.message(toMessage(replied), false);
    }
    return view;
  }

  async update(row: BotUpdateRow): Promise<BotUpdate> {
    const base = { updateId: row.update_id, date: row.date };
    const kind = row.kind as BotUpdateKind;
    if (POLL_INLINE_KINDS.has(kind))
      return { ...base, ...(await pollInlineUpdate(row, (id) => this.user(id))) };
    if (kind === 'callback_query') {
      const query = decodeCallbackQuery(row.payload);
      const message = await this.repos.messages.message(query.chatId, query.messageId);
      return {
        ...base,
        kind,
        callbackQuery: {
          id: query.id,
          from: await this.user(query.fromId),
          message: message && !message.deleted ? await this.message(toMessage(message)) : undefined,
          chatInstance: String(query.chatId),
          data: query.data,
        },
      };
    }
    if (kind === 'chat_join_request') {
      const request = decodeJoinRequest(row.payload);
      return {
        ...base,
        kind,
        joinRequest: {
          chat: await this.chat(request.chatId),
          from: await this.user(request.userId),
          inviteLink: await this.inviteLink(await this.joinRequestLink(request)),
        },
      };
    }
    // Queues from before member-updates.ts hold the service message's Update instead of JSON.
    if ((kind === 'my_chat_member' || kind === 'chat_member') && row.payload[0] === 0x7b) {
      const change = decodeMemberChange(row.payload);
      return {
        ...base,
        kind,
        memberChange: {
          chat: await this.chat(change.chatId),
          from: await this.user(change.actorId),
          user: await this.user(change.userId),
          old: viewStanding(change.old),
          new: viewStanding(change.new),
        },
      };
    }
    const update = fromBinary(UpdateSchema, row.payload);
    if (kind === 'message_reaction') {
      const value = update.kind.value as ReactionChanged;
      return {
        ...base,
        kind,
        reaction: {
          chat: await this.chat(parseId(value.chatId)),
          messageId: value.messageId,
          user: await this.user(parseId(value.userId)),
          emoji: value.emoji,
        },
      };
    }
    const message = await this.message(update.kind.value as Message);
    if (kind === 'my_chat_member' || kind === 'chat_member') {
      const user =
        (kind === 'chat_member' ? message.serviceUsers[0] : undefined) ??
        message.serviceUsers.find((u) => u.isBot) ??
        message.from;
      const memberChange = { chat: message.chat, from: message.from, user, old: LEFT, new: MEMBER };
      return { ...base, kind, memberChange };
    }
    // The poll and inline kinds were handled first (a Set's `has` narrows nothing).
    return {
      ...base,
      kind: kind as 'message' | 'edited_message' | 'channel_post' | 'edited_channel_post',
      message,
    };
  }

  private files(message: Message): Record<string, BotFileName> {
    const files: Record<string, BotFileName> = {};
    if (!message.media) return files;
    const fileId = parseId(message.media.fileId);
    for (const variant of message.media.variants) {
      files[variant.name] = {
        fileId: this.fileIds.encode(this.botId, { fileId, variant: variant.name }),
        fileUniqueId: fileUniqueId(variant.key),
      };
    }
    return files;
  }

  private async loadChat(id: number): Promise<BotChat> {
    const row = await this.repos.chats.chatById(id);
    const chat: BotChat = { id, kind: row?.kind ?? ChatKind.GROUP, title: row?.title ?? '' };
    if (row?.username) chat.username = row.username;
    if (chat.kind === ChatKind.PRIVATE) {
      const members = await this.repos.chats.members(id);
      const peer = members.find((m) => m.user_id !== this.botId)?.user_id ?? this.botId;
      chat.peer = await this.user(peer);
    }
    return chat;
  }
}

export function botUser(row: UserRow | undefined, id: number): BotUser {
  return {
    id,
    isBot: row?.is_bot === 1,
    displayName: row?.display_name ?? 'Deleted Account',
    username: row?.username ?? '',
  };
}
