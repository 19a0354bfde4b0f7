import { ErrorCode } from '@peyk/protocol';
import type { Repositories } from '../../store/store.js';
import { DomainError } from '../errors.js';

/** Refuses a user banned from the chat while the ban lasts (an expired ban is ignored). */
export async function requireNotBanned(
  tx: Repositories,
  chatId: number,
  userId: number,
  now: number,
): Promise<void> {
  const ban = await tx.channels.banOf(chatId, userId);
  if (!ban || (ban.until !== 0 && ban.until <= now)) return;
  throw new DomainError(
    ErrorCode.USER_BANNED,
    'This user is banned from the chat',
    ban.until === 0 ? 0 : ban.until - now,
  );
}
