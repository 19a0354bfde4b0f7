import { ChatKind, ErrorCode, Limits, MemberRole, ServiceKind } from '@peyk/protocol';
import type { ChatRow } from '../../store/schema.js';
import type { Repositories } from '../../store/store.js';
import type { ChatsService } from '../chats/chats-service.js';
import { DomainError } from '../errors.js';
import { normalizeForSearch } from '../search/normalize.js';
import type { Delivery } from '../updates/fanout.js';

/**
 * A user joins a large chat by themself (by @username, by link, or approved): they become a
 * member, and a supergroup shows that they joined.
 */
export async function admitJoiner(
  tx: Repositories,
  chats: ChatsService,
  chat: ChatRow,
  userId: number,
  now: number,
): Promise<Delivery[]> {
  if (chat.member_count >= Limits.largeChatMembers) {
    throw new DomainError(
      ErrorCode.MEMBERS_TOO_MANY,
      `A chat has at most ${Limits.largeChatMembers} members`,
    );
  }
  const deliveries = await chats.admit(tx, chat, userId, MemberRole.MEMBER, 0, now);
  if (chat.kind === ChatKind.SUPERGROUP) {
    const joined = { kind: ServiceKind.MEMBER_JOINED, userIds: [userId] };
    deliveries.push(...(await chats.service(tx, chat.id, userId, joined, now)));
  }
  return deliveries;
}

/** What discovery matches a public chat by: its title and username, normalized; private: none. */
export function publicSearchName(title: string, username: string | null): string {
  return username ? normalizeForSearch(`${title} ${username}`) : '';
}
