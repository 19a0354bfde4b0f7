/** A Bot API refusal, answered as Telegram's `{ok: false, error_code, description, parameters}`. */
export class BotApiError extends Error {
  constructor(
    readonly errorCode: number,
    readonly description: string,
    readonly parameters?: { retry_after?: number; migrate_to_chat_id?: number },
  ) {
    super(description);
    this.name = 'BotApiError';
  }
}

export const badRequest = (detail: string) => new BotApiError(400, `Bad Request: ${detail}`);
export const forbidden = (detail: string) => new BotApiError(403, `Forbidden: ${detail}`);
export const tooManyRequests = (retryAfter: number) =>
  new BotApiError(429, `Too Many Requests: retry after ${retryAfter}`, { retry_after: retryAfter });
