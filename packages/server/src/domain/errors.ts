import { ErrorCode } from '@peyk/protocol';

/** A refusal with a stable protocol code. Thrown inside a write, it rolls the write back. */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly retryAfter = 0,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const notFound = {
  user: () => new DomainError(ErrorCode.USER_NOT_FOUND, 'No such user'),
  chat: () => new DomainError(ErrorCode.CHAT_NOT_FOUND, 'No such chat'),
  message: () => new DomainError(ErrorCode.MESSAGE_NOT_FOUND, 'No such message'),
};

export function invalidInput(message: string): DomainError {
  return new DomainError(ErrorCode.INPUT_INVALID, message);
}
