import { create } from '@bufbuild/protobuf';
import { type AdminAction, type AdminLogEntry, AdminLogEntrySchema } from '@peyk/protocol';
import type { AdminLogRow, ChatRow } from '../../store/schema.js';
import type { Repositories } from '../../store/store.js';
import { isLarge } from '../chats/large-chats.js';
import { wireId } from '../ids.js';

/** Records what an admin did in a large chat (small groups keep no log), in the same write. */
export async function logAdminAction(
  tx: Repositories,
  chat: ChatRow,
  actorId: number,
  action: AdminAction,
  now: number,
  about: { userId?: number; details?: string } = {},
): Promise<void> {
  if (!isLarge(chat)) return;
  await tx.channels.log({
    chat_id: chat.id,
    date: now,
    actor_id: actorId,
    action,
    user_id: about.userId ?? 0,
    details: about.details ?? '',
  });
}

export function viewLogEntry(row: AdminLogRow): AdminLogEntry {
  return create(AdminLogEntrySchema, {
    id: String(row.id),
    date: row.date,
    actorId: wireId(row.actor_id),
    action: row.action,
    userId: wireId(row.user_id),
    details: row.details,
  });
}
