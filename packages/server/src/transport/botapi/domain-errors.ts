import { ErrorCode } from '@peyk/protocol';
import { DomainError } from '../../domain/index.js';
import { BotApiError, tooManyRequests } from './bot-api-error.js';

/** Telegram's answer for each domain refusal: its status and its wording. */
const ANSWERS: Partial<Record<ErrorCode, [number, string]>> = {
  [ErrorCode.AUTH_TOKEN_INVALID]: [401, 'Unauthorized'],
  [ErrorCode.CHAT_NOT_FOUND]: [400, 'Bad Request: chat not found'],
  [ErrorCode.USER_NOT_FOUND]: [400, 'Bad Request: user not found'],
  [ErrorCode.MESSAGE_NOT_FOUND]: [400, 'Bad Request: message not found'],
  [ErrorCode.MESSAGE_EMPTY]: [400, 'Bad Request: message text is empty'],
  [ErrorCode.MESSAGE_TOO_LONG]: [400, 'Bad Request: message is too long'],
  [ErrorCode.MESSAGE_AUTHOR_REQUIRED]: [400, "Bad Request: message can't be edited"],
  [ErrorCode.CHAT_ADMIN_REQUIRED]: [400, 'Bad Request: not enough rights'],
  [ErrorCode.USER_BLOCKED]: [403, 'Forbidden: bot was blocked by the user'],
  [ErrorCode.BOT_CANNOT_INITIATE]: [403, "Forbidden: bot can't initiate conversation with a user"],
  [ErrorCode.BOT_GROUPS_BLOCKED]: [403, "Forbidden: bot can't be added to groups"],
  [ErrorCode.REACTION_INVALID]: [400, 'Bad Request: REACTION_INVALID'],
  [ErrorCode.CHAT_TITLE_INVALID]: [400, 'Bad Request: chat title is empty or too long'],
  [ErrorCode.CHAT_KIND_INVALID]: [400, 'Bad Request: method is available for group chats only'],
  [ErrorCode.MEMBERS_TOO_MANY]: [400, 'Bad Request: USERS_TOO_MUCH'],
  [ErrorCode.WEBHOOK_ACTIVE]: [
    409,
    "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
  ],
};

/** A thrown error as the Bot API answers it. */
export function toBotApiError(error: unknown): BotApiError {
  if (error instanceof BotApiError) return error;
  if (!(error instanceof DomainError)) return new BotApiError(500, 'Internal Server Error');
  if (error.code === ErrorCode.FLOOD_WAIT) return tooManyRequests(Math.max(1, error.retryAfter));
  if (error.code === ErrorCode.ENTITIES_INVALID) {
    return new BotApiError(400, `Bad Request: can't parse entities: ${error.message}`);
  }
  const answer = ANSWERS[error.code];
  if (answer) return new BotApiError(answer[0], answer[1]);
  return new BotApiError(400, `Bad Request: ${error.message}`);
}

/** Runs `work`, naming a missing message the way this method's Telegram error does. */
export async function naming<T>(messageNotFound: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof DomainError && error.code === ErrorCode.MESSAGE_NOT_FOUND) {
      throw new BotApiError(400, `Bad Request: ${messageNotFound}`);
    }
    throw error;
  }
}
