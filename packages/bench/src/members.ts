import { MemberRole } from '@peyk/protocol';
import type { Store } from '../../server/src/store/store.js';

/** Large transactions: on SQLite each commit is an fsync, so fewer of them is most of the speed. */
const MEMBERS_PER_TRANSACTION = 5000;

/**
 * Makes a large chat's audience straight through the store's repositories: `existing` users
 * (the ones the load generator connects) and then `newUsers` more made here, who never connect
 * (no session, no password). Each member gets the rows joining writes (`ChatsService.admit`:
 * the member row, the dialog, the member count) without a join's per-user transaction, so
 * 100,000 members take seconds, not an afternoon.
 */
export async function addMembersDirectly(
  store: Store,
  chatId: number,
  existing: readonly number[],
  newUsers: number,
): Promise<void> {
  const total = existing.length + newUsers;
  const now = Date.now();
  for (let start = 0; start < total; start += MEMBERS_PER_TRANSACTION) {
    const end = Math.min(total, start + MEMBERS_PER_TRANSACTION);
    await store.write(async (tx) => {
      const chat = await tx.chats.chatById(chatId);
      if (!chat) throw new Error(`no chat ${chatId}`);
      for (let i = start; i < end; i++) {
        const userId =
          existing[i] ??
          (
            await tx.accounts.createUser({
              username: `bench_audience_${chatId}_${i}`,
              phone: null,
              displayName: `Audience ${i}`,
              passwordHash: null,
              now,
            })
          ).id;
        await tx.chats.addMember({
          chat_id: chatId,
          user_id: userId,
          role: MemberRole.MEMBER,
          joined_at: now,
          inviter_id: 0,
          read_inbox_max_id: chat.last_message_id,
        });
        await tx.chats.createDialog({
          user_id: userId,
          chat_id: chatId,
          read_inbox_max_id: chat.last_message_id,
          pinned: 0,
          muted: 0,
          last_activity: now,
        });
      }
      await tx.chats.countMembers(chatId, end - start);
    });
  }
}
