import { ErrorCode, Limits } from '@peyk/protocol';
import type { Repositories } from '../../store/store.js';
import { DomainError } from '../errors.js';

const USERNAME = /^[a-z0-9_]+$/;

/** Lower-cases and checks a username: a-z, 0-9 and _, 5 to 32 characters. */
export function normalizeUsername(input: string): string {
  const username = input.trim().replace(/^@/, '').toLowerCase();
  if (
    username.length < Limits.usernameMin ||
    username.length > Limits.usernameMax ||
    !USERNAME.test(username)
  ) {
    throw new DomainError(
      ErrorCode.USERNAME_INVALID,
      `A username has ${Limits.usernameMin}-${Limits.usernameMax} characters: a-z, 0-9 and _`,
    );
  }
  return username;
}

/** The username, or one that looks like it, belongs to someone else. */
export function usernameTaken(wanted: string, holder: { username: string | null }): DomainError {
  return new DomainError(
    ErrorCode.USERNAME_TAKEN,
    holder.username === wanted
      ? 'This username is taken'
      : `This username is taken: it looks like @${holder.username}`,
  );
}

/**
 * Users, public channels and public supergroups share one namespace of usernames: refuses a
 * username someone or something else holds.
 */
export async function requireUsernameFree(
  repos: Repositories,
  username: string,
  owner: { userId: number } | { chatId: number },
): Promise<void> {
  const user = await repos.accounts.userWithLookalike(username);
  const chat = await repos.chats.chatByUsername(username);
  const takenByUser = user && !('userId' in owner && owner.userId === user.id);
  const takenByChat = chat && !('chatId' in owner && owner.chatId === chat.id);
  if (takenByUser) throw usernameTaken(username, user);
  if (takenByChat) throw new DomainError(ErrorCode.USERNAME_TAKEN, 'This username is taken');
}
