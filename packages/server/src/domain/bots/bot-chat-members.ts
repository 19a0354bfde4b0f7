import { type ChatKind, MemberRole } from '@peyk/protocol';
import type { Store } from '../../store/store.js';
import type { Caller } from '../caller.js';
import { requireMembership } from '../chats/access.js';
import { isLarge } from '../chats/large-chats.js';
import type { Clock } from '../clock.js';
import { type BotStanding, standingOf, viewStanding } from './member-updates.js';

/** One person's standing in a chat, as getChatMember reports it. */
export interface BotChatMember {
  userId: number;
  standing: BotStanding;
}

/**
 * What a bot may read of a chat's members (getChatMember, getChatAdministrators): only of chats
 * it is a member of, and one row at a time, so a large chat's member list is never read.
 */
export class BotChatMembers {
  constructor(private readonly deps: { store: Store; clock: Clock }) {}

  async member(
    bot: Caller,
    chatId: number,
    userId: number,
  ): Promise<{ kind: ChatKind; member: BotChatMember }> {
    const repos = this.deps.store.read;
    const { chat } = await requireMembership(repos, chatId, bot.userId);
    const row = await repos.chats.member(chatId, userId);
    const ban = !row && isLarge(chat) ? await repos.channels.banOf(chatId, userId) : undefined;
    const banned = ban && (ban.until === 0 || ban.until > this.deps.clock.now());
    const standing = viewStanding(standingOf(row, banned ? ban.until : undefined));
    return { kind: chat.kind, member: { userId, standing } };
  }

  /** The owner and admins of a chat the bot is in. */
  async admins(bot: Caller, chatId: number): Promise<{ kind: ChatKind; admins: BotChatMember[] }> {
    const repos = this.deps.store.read;
    const { chat } = await requireMembership(repos, chatId, bot.userId);
    const rows = await repos.bots.chatAdmins(chatId, [MemberRole.OWNER, MemberRole.ADMIN]);
    const admins = rows.map((row) => ({
      userId: row.user_id,
      standing: viewStanding(standingOf(row, undefined)),
    }));
    return { kind: chat.kind, admins };
  }
}
