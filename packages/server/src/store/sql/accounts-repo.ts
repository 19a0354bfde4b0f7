import { LastSeenPrivacy, usernameSkeleton } from '@peyk/protocol';
import type { Kysely, Updateable } from 'kysely';
import type { Database, PhoneCodeRow, SessionRow, UserRow, UsersTable } from '../schema.js';
import { userSearchName } from '../user-search-name.js';

export interface NewUser {
  username: string | null;
  phone: string | null;
  displayName: string;
  passwordHash: string | null;
  now: number;
  isBot?: boolean;
}

/** Users, sessions and phone codes. */
export class AccountsRepo {
  constructor(private readonly db: Kysely<Database>) {}

  async createUser(user: NewUser): Promise<UserRow> {
    return this.db
      .insertInto('users')
      .values({
        username: user.username,
        username_skeleton: user.username === null ? null : usernameSkeleton(user.username),
        phone: user.phone,
        display_name: user.displayName,
        bio: '',
        password_hash: user.passwordHash,
        second_factor_hash: null,
        last_seen_privacy: 1,
        last_seen_at: 0,
        pts: 0,
        created_at: user.now,
        updated_at: user.now,
        is_bot: user.isBot ? 1 : 0,
        search_name: userSearchName(user.displayName, user.username),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  async userById(id: number): Promise<UserRow | undefined> {
    return this.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async usersByIds(ids: readonly number[]): Promise<UserRow[]> {
    if (ids.length === 0) return [];
    return this.db
      .selectFrom('users')
      .selectAll()
      .where('id', 'in', [...new Set(ids)])
      .execute();
  }

  async userByUsername(username: string): Promise<UserRow | undefined> {
    return this.db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
  }

  /** The user whose username looks like this one (the same skeleton), if any. */
  async userWithLookalike(username: string): Promise<UserRow | undefined> {
    return this.db
      .selectFrom('users')
      .selectAll()
      .where('username_skeleton', '=', usernameSkeleton(username))
      .executeTakeFirst();
  }

  /** Sets or (with null) removes a username, keeping its skeleton beside it. */
  async setUsername(id: number, username: string | null, now: number): Promise<UserRow> {
    return this.updateUser(id, {
      username,
      username_skeleton: username === null ? null : usernameSkeleton(username),
      updated_at: now,
    });
  }

  async userByPhone(phone: string): Promise<UserRow | undefined> {
    return this.db.selectFrom('users').selectAll().where('phone', '=', phone).executeTakeFirst();
  }

  /** Updates a user; a new name or username also renews the directory's `search_name`. */
  async updateUser(id: number, patch: Updateable<UsersTable>): Promise<UserRow> {
    const row = await this.db
      .updateTable('users')
      .set(patch)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    if (patch.display_name === undefined && patch.username === undefined) return row;
    const searchName = userSearchName(row.display_name, row.username);
    if (searchName === row.search_name) return row;
    await this.db.updateTable('users').set({ search_name: searchName }).where('id', '=', id).execute();
    return { ...row, search_name: searchName };
  }

  async createSession(
    userId: number,
    tokenHash: string,
    deviceName: string,
    now: number,
  ): Promise<SessionRow> {
    return this.db
      .insertInto('sessions')
      .values({
        user_id: userId,
        token_hash: tokenHash,
        device_name: deviceName,
        created_at: now,
        last_active_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  async sessionByTokenHash(tokenHash: string): Promise<SessionRow | undefined> {
    return this.db.selectFrom('sessions').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
  }

  async sessionsOf(userId: number): Promise<SessionRow[]> {
    return this.db
      .selectFrom('sessions')
      .selectAll()
      .where('user_id', '=', userId)
      .orderBy('last_active_at', 'desc')
      .orderBy('id', 'desc')
      .execute();
  }

  /** Deletes the user's sessions with these ids; returns the ids deleted. */
  async deleteSessions(userId: number, sessionIds: readonly number[]): Promise<number[]> {
    if (sessionIds.length === 0) return [];
    const rows = await this.db
      .deleteFrom('sessions')
      .where('user_id', '=', userId)
      .where('id', 'in', [...sessionIds])
      .returning('id')
      .execute();
    return rows.map((r) => r.id);
  }

  /**
   * Erases what identifies a person, keeping the row (and the id) that their messages in
   * others' chats point at.
   */
  async eraseUser(id: number, now: number): Promise<UserRow> {
    return this.updateUser(id, {
      username: null,
      username_skeleton: null,
      phone: null,
      display_name: '',
      bio: '',
      password_hash: null,
      second_factor_hash: null,
      last_seen_privacy: LastSeenPrivacy.NOBODY,
      last_seen_at: 0,
      updated_at: now,
      deleted_at: now,
    });
  }

  async touchSession(sessionId: number, now: number): Promise<void> {
    await this.db.updateTable('sessions').set({ last_active_at: now }).where('id', '=', sessionId).execute();
  }

  async createPhoneCode(code: PhoneCodeRow): Promise<void> {
    await this.db.insertInto('phone_codes').values(code).execute();
  }

  async phoneCode(id: string): Promise<PhoneCodeRow | undefined> {
    return this.db.selectFrom('phone_codes').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async countPhoneCodeAttempt(id: string): Promise<void> {
    await this.db
      .updateTable('phone_codes')
      .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
      .where('id', '=', id)
      .execute();
  }

  async deletePhoneCode(id: string): Promise<void> {
    await this.db.deleteFrom('phone_codes').where('id', '=', id).execute();
  }

  async deleteExpiredPhoneCodes(now: number): Promise<void> {
    await this.db.deleteFrom('phone_codes').where('expires_at', '<', now).execute();
  }
}
