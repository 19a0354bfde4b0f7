import { MemberRole } from '@peyk/protocol';
import type { Store } from '../../src/store/store.js';

/**
 * Adds `count` new users to a chat as plain members straight through the store (no sign-up, no
 * Argon2): a large chat's audience in seconds. Returns their ids.
 */
export async function addMembersDirectly(
  store: Store,
  chatId: number,
  count: number,
  prefix: string,
): Promise<number[]> {
  const ids: number[] = [];
  for (let start = 0; start < count; start += 500) {
    const batch = Math.min(500, count - start);
    const added = await store.write(async (tx) => {
      const chat = await tx.chats.chatById(chatId);
      if (!chat) throw new Error(`no chat ${chatId}`);
      const made: number[] = [];
      for (let i = 0; i < batch; i++) {
        const user = await tx.accounts.createUser({
          username: `${prefix}_${start + i}`,
          phone: null,
          displayName: `${prefix} ${start + i}`,
          passwordHash: null,
          now: 1,
        });
        await tx.chats.addMember({
          chat_id: chatId,
          user_id: user.id,
          role: MemberRole.MEMBER,
          joined_at: 1,
          inviter_id: 0,
          read_inbox_max_id: chat.last_message_id,
        });
        await tx.chats.createDialog({
          user_id: user.id,
          chat_id: chatId,
          read_inbox_max_id: chat.last_message_id,
          pinned: 0,
          muted: 0,
          last_activity: 1,
        });
        made.push(user.id);
      }
      await tx.chats.countMembers(chatId, batch);
      return made;
    });
    ids.push(...added);
  }
  return ids;
}
