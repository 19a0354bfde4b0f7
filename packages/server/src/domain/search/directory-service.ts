import { create } from '@bufbuild/protobuf';
import {
  type Chat,
  type DirectoryHit,
  DirectoryHitSchema,
  type DirectoryResults,
  DirectoryResultsSchema,
  ErrorCode,
  Limits,
} from '@peyk/protocol';
import type { ChatRow, UserRow } from '../../store/schema.js';
import type { DirectoryQuery } from '../../store/sql/directory-repo.js';
import type { Repositories, Store } from '../../store/store.js';
import type { Caller } from '../caller.js';
import { membersForView, viewChat } from '../chats/chat-view.js';
import { DomainError } from '../errors.js';
import { wireId } from '../ids.js';
import { type OnlineCheck, viewUsers } from '../people/user-view.js';
import { requireLimit } from '../validate.js';
import { normalizeForSearch } from './normalize.js';

/**
 * Parses a directory query: its normalized words (a leading @ dropped) and, when the whole query
 * could be a username, that username. SEARCH_QUERY_INVALID when nothing is left to match.
 */
export function directoryQuery(input: string, limit: number): DirectoryQuery {
  const words = normalizeForSearch(input)
    .split(/\s+/)
    .map((word) => word.replace(/^@/, ''))
    .filter(Boolean);
  if (words.length === 0 || input.length > Limits.searchQuery) {
    throw new DomainError(ErrorCode.SEARCH_QUERY_INVALID, 'Search for a word of a name or username');
  }
  const asUsername = input.trim().replace(/^@/, '').toLowerCase();
  return { words, username: /^[a-z0-9_]+$/.test(asUsername) ? asUsername : undefined, limit };
}

/** The public directory: public chats, people and bots by name and @username. */
export class DirectoryService {
  constructor(private readonly deps: { store: Store; online: OnlineCheck }) {}

  /**
   * Ranked: the exact @username first, then by members (a person or bot counts one), then a
   * name starting with the query before one only containing it, chats before users, then id.
   * Only what anyone may find: chats with a @username, users with a username (canSee's rule),
   * never someone who blocked the caller or a deleted account.
   */
  async search(caller: Caller, input: string, limitInput: number): Promise<DirectoryResults> {
    const limit = requireLimit(limitInput, 20, 50, 'limit');
    const query = directoryQuery(input, limit);
    const repos = this.deps.store.read;
    const [chats, users] = await Promise.all([
      repos.directory.chats(query),
      repos.directory.users(query, caller.userId),
    ]);
    const ranked = [
      ...chats.map((chat) => rankOf(query, chat.username, chat.member_count, chat.search_name, 0, chat)),
      ...users.map((user) => rankOf(query, user.username, 1, user.search_name, 1, user)),
    ]
      .sort(compareRanks)
      .slice(0, limit);
    const hits: DirectoryHit[] = [];
    const chatViews: Chat[] = [];
    const userRows: UserRow[] = [];
    for (const { row, kind, exact } of ranked) {
      if (kind === 0) {
        const chat = row as ChatRow;
        hits.push(create(DirectoryHitSchema, { chatId: wireId(chat.id), exactUsername: exact }));
        chatViews.push(await chatView(repos, chat, caller.userId));
      } else {
        const user = row as UserRow;
        hits.push(
          create(DirectoryHitSchema, {
            userId: wireId(user.id),
            bot: user.is_bot === 1,
            exactUsername: exact,
          }),
        );
        userRows.push(user);
      }
    }
    return create(DirectoryResultsSchema, {
      hits,
      chats: chatViews,
      users: await viewUsers(repos, this.deps.online, caller.userId, userRows),
    });
  }
}

interface Ranked {
  exact: boolean;
  members: number;
  startsAWord: boolean;
  /** 0: chat, 1: user. */
  kind: 0 | 1;
  id: number;
  row: ChatRow | UserRow;
}

function rankOf(
  query: DirectoryQuery,
  username: string | null,
  members: number,
  searchName: string,
  kind: 0 | 1,
  row: ChatRow | UserRow,
): Ranked {
  const first = query.words[0] ?? '';
  return {
    exact: username !== null && username === query.username,
    members,
    startsAWord: ` ${searchName}`.includes(` ${first}`),
    kind,
    id: row.id,
    row,
  };
}

/** The same order as each list's SQL ORDER BY, so merging two ranked lists keeps both. */
function compareRanks(a: Ranked, b: Ranked): number {
  return (
    Number(b.exact) - Number(a.exact) ||
    b.members - a.members ||
    Number(b.startsAWord) - Number(a.startsAWord) ||
    a.kind - b.kind ||
    a.id - b.id
  );
}

async function chatView(repos: Repositories, chat: ChatRow, viewerId: number): Promise<Chat> {
  return viewChat(chat, await membersForView(repos, chat, viewerId), viewerId);
}
