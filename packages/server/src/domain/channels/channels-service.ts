import { type Chat, ChatKind, ErrorCode, Limits, MemberRole, ServiceKind } from '@peyk/protocol';
import { isUniqueViolation } from '../../store/errors.js';
import type { Store } from '../../store/store.js';
import { normalizeUsername, requireUsernameFree } from '../accounts/usernames.js';
import type { Caller } from '../caller.js';
import { requireMembership } from '../chats/access.js';
import { membersForView, viewChat } from '../chats/chat-view.js';
import { type ChatsService, requireTitle } from '../chats/chats-service.js';
import { isLarge, LARGE_CHAT_KINDS } from '../chats/large-chats.js';
import { DomainError, notFound } from '../errors.js';
import { isId } from '../validate.js';

export interface ChannelsDeps {
  store: Store;
  chats: ChatsService;
}

export interface CreateChannelInput {
  title: string;
  /** Empty: a private chat. */
  username: string;
  /** A channel; else a supergroup. */
  broadcast: boolean;
  signatures: boolean;
}

/** Channels and supergroups: creating them, public @usernames, joining public ones. */
export class ChannelsService {
  constructor(private readonly deps: ChannelsDeps) {}

  async create(caller: Caller, input: CreateChannelInput): Promise<Chat> {
    const title = requireTitle(input.title);
    const username = optionalUsername(input.username);
    const kind = input.broadcast ? ChatKind.CHANNEL : ChatKind.SUPERGROUP;
    return this.claimingUsername(() =>
      this.deps.chats.commit(async (tx, now) => {
        if (username) await requireUsernameFree(tx, username, { chatId: 0 });
        const chat = await tx.chats.createChat(kind, title, now, {
          username,
          signatures: input.broadcast && input.signatures ? 1 : 0,
        });
        const deliveries = await this.deps.chats.admit(tx, chat, caller.userId, MemberRole.OWNER, 0, now);
        const created = input.broadcast ? ServiceKind.CHANNEL_CREATED : ServiceKind.GROUP_CREATED;
        deliveries.push(
          ...(await this.deps.chats.service(
            tx,
            chat.id,
            caller.userId,
            { kind: created, userIds: [], title },
            now,
          )),
        );
        return { result: await this.deps.chats.chatFor(tx, chat.id, caller.userId), deliveries };
      }),
    );
  }

  /** Joins a public channel or supergroup; joining one's own chat again changes nothing. */
  async join(caller: Caller, chatId: number): Promise<Chat> {
    return this.deps.chats.commit(async (tx, now) => {
      const chat = isId(chatId) ? await tx.chats.chatById(chatId) : undefined;
      if (!chat || !isLarge(chat) || !chat.username) throw notFound.chat();
      if (await tx.chats.member(chatId, caller.userId))
        return { result: await this.deps.chats.chatFor(tx, chatId, caller.userId), deliveries: [] };
      if (chat.member_count >= Limits.largeChatMembers) {
        throw new DomainError(
          ErrorCode.MEMBERS_TOO_MANY,
          `A chat has at most ${Limits.largeChatMembers} members`,
        );
      }
      const deliveries = await this.deps.chats.admit(tx, chat, caller.userId, MemberRole.MEMBER, 0, now);
      if (chat.kind === ChatKind.SUPERGROUP) {
        const joined = { kind: ServiceKind.MEMBER_JOINED, userIds: [caller.userId] };
        deliveries.push(...(await this.deps.chats.service(tx, chatId, caller.userId, joined, now)));
      }
      return { result: await this.deps.chats.chatFor(tx, chatId, caller.userId), deliveries };
    });
  }

  /** A public channel or supergroup by its @username, as the caller sees it (member or not). */
  async resolve(caller: Caller, usernameInput: string): Promise<Chat> {
    const repos = this.deps.store.read;
    const chat = await repos.chats.chatByUsername(normalizeUsername(usernameInput));
    if (!chat) throw notFound.chat();
    return viewChat(chat, await membersForView(repos, chat, caller.userId), caller.userId);
  }

  /** The large chats whose updates the user's connections receive on the chats' subjects. */
  watchedChats(userId: number): Promise<number[]> {
    return this.deps.store.read.chats.chatIdsOfKinds(userId, LARGE_CHAT_KINDS);
  }

  /** Sets or clears the @username of a channel or supergroup: its owner only. */
  async setUsername(caller: Caller, chatId: number, input: string): Promise<Chat> {
    const username = optionalUsername(input);
    return this.claimingUsername(() =>
      this.deps.chats.commit(async (tx, now) => {
        const { chat, member } = await requireMembership(tx, chatId, caller.userId);
        if (!isLarge(chat))
          throw new DomainError(ErrorCode.CHAT_KIND_INVALID, 'Only channels and supergroups');
        if (member.role !== MemberRole.OWNER) {
          throw new DomainError(ErrorCode.CHAT_ADMIN_REQUIRED, 'Only the owner can change the username');
        }
        if (chat.username === username)
          return { result: await this.deps.chats.chatFor(tx, chatId, caller.userId), deliveries: [] };
        if (username) await requireUsernameFree(tx, username, { chatId });
        const changed = await tx.chats.updateChat(chatId, { username });
        const deliveries = await this.deps.chats.chatChanged(tx, changed, now);
        return { result: await this.deps.chats.chatFor(tx, chatId, caller.userId), deliveries };
      }),
    );
  }

  /** Two chats claiming one username at once: the unique index decides, the loser hears it is taken. */
  private async claimingUsername(claim: () => Promise<Chat>): Promise<Chat> {
    try {
      return await claim();
    } catch (error) {
      if (isUniqueViolation(error)) throw new DomainError(ErrorCode.USERNAME_TAKEN, 'This username is taken');
      throw error;
    }
  }
}

function optionalUsername(input: string): string | null {
  return input.trim() === '' ? null : normalizeUsername(input);
}
