import { type Kysely, type SqlBool, sql } from 'kysely';
import type { ChatRow, Database, UserRow } from '../schema.js';
import { containing, escapeLike } from './like-pattern.js';

/** A directory query: normalized words, and the query as a username when it can be one. */
export interface DirectoryQuery {
  /** Every word must occur in the title, name or username (normalized); never empty. */
  words: readonly string[];
  /** Lower-case username the query names exactly (ranked first), if the query is one word. */
  username?: string;
  limit: number;
}

/**
 * The public directory's candidates, each list already in rank order: public chats (exact
 * username, members, a word starting with the query, id) and users with a username (exact,
 * starting, id). Matching scans `search_name` with LIKE: fine for thousands of public names,
 * a trigram index is the next step for millions.
 */
export class DirectoryRepo {
  constructor(private readonly db: Kysely<Database>) {}

  async chats(query: DirectoryQuery): Promise<ChatRow[]> {
    let select = this.db.selectFrom('chats').selectAll().where('username', 'is not', null);
    for (const word of query.words)
      select = select.where(sql<SqlBool>`search_name like ${containing(word)} escape '\\'`);
    return select
      .orderBy(sql`case when username = ${query.username ?? ''} then 0 else 1 end`)
      .orderBy('member_count', 'desc')
      .orderBy(startsAWord(query.words))
      .orderBy('id')
      .limit(query.limit)
      .execute();
  }

  /** People and bots with a username, leaving out those who blocked `viewerId`. */
  async users(query: DirectoryQuery, viewerId: number): Promise<UserRow[]> {
    let select = this.db
      .selectFrom('users')
      .selectAll()
      .where('search_name', '!=', '')
      .where('deleted_at', '=', 0)
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom('blocks')
              .select('blocks.user_id')
              .whereRef('blocks.user_id', '=', 'users.id')
              .where('blocks.blocked_id', '=', viewerId),
          ),
        ),
      );
    for (const word of query.words)
      select = select.where(sql<SqlBool>`search_name like ${containing(word)} escape '\\'`);
    return select
      .orderBy(sql`case when username = ${query.username ?? ''} then 0 else 1 end`)
      .orderBy(startsAWord(query.words))
      .orderBy('id')
      .limit(query.limit)
      .execute();
  }
}

/** 0 when a word of `search_name` starts with the query's first word, else 1. */
function startsAWord(words: readonly string[]) {
  const first = words[0] ?? '';
  return sql`case when (' ' || search_name) like ${`% ${escapeLike(first)}%`} escape '\\' then 0 else 1 end`;
}
