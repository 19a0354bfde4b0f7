import { create } from '@bufbuild/protobuf';
import {
  ChatKind,
  ErrorCode,
  type FoundMessages,
  FoundMessagesSchema,
  Limits,
  MessageFilter,
} from '@peyk/protocol';
import type { MessageRow } from '../../store/schema.js';
import type { Store } from '../../store/store.js';
import type { Caller } from '../caller.js';
import { requireMembership } from '../chats/access.js';
import { membersForView, viewChat } from '../chats/chat-view.js';
import { DomainError, invalidInput } from '../errors.js';
import { viewWithReactions } from '../messages/message-view.js';
import { type OnlineCheck, viewUsers } from '../people/user-view.js';
import { requireLimit } from '../validate.js';
import { queryTerms } from './search-tokens.js';

export interface SearchMessagesInput {
  query: string;
  /** 0: all the caller's chats. */
  chatId: number;
  senderId: number;
  minDate: number;
  maxDate: number;
  filter: MessageFilter;
  cursor: string;
  limit: number;
}

/** Message search over the chats the caller is in, newest first. */
export class SearchService {
  constructor(private readonly deps: { store: Store; online: OnlineCheck }) {}

  async searchMessages(caller: Caller, input: SearchMessagesInput): Promise<FoundMessages> {
    const terms = queryTerms(input.query.slice(0, Limits.searchQuery + 1));
    if (terms.length === 0 || input.query.length > Limits.searchQuery) {
      throw new DomainError(
        ErrorCode.SEARCH_QUERY_INVALID,
        `A query has 1-${Limits.searchQuery} characters with a letter or digit`,
      );
    }
    if (input.filter !== MessageFilter.UNSPECIFIED && input.filter !== MessageFilter.LINK) {
      throw invalidInput('unknown filter');
    }
    const limit = requireLimit(input.limit, 20, Limits.searchPage, 'limit');
    const repos = this.deps.store.read;
    if (input.chatId) await requireMembership(repos, input.chatId, caller.userId);
    const hits = await repos.search.search({
      viewerId: caller.userId,
      terms,
      chatId: input.chatId || undefined,
      senderId: input.senderId || undefined,
      minDate: input.minDate || undefined,
      maxDate: input.maxDate || undefined,
      linksOnly: input.filter === MessageFilter.LINK,
      beforeId: parseCursor(input.cursor),
      limit: limit + 1,
    });
    const page = hits.slice(0, limit);
    // One query for the hits' messages and one for their reactions, whatever the page's size;
    // then one per distinct chat for its view.
    const keys = page.map((hit) => ({ chatId: hit.chatId, id: hit.messageId }));
    const [rows, reactions] = await Promise.all([
      repos.messages.visibleByKeys(caller.userId, keys),
      repos.messages.reactionsByKeys(keys),
    ]);
    const byKey = new Map(rows.map((row) => [`${row.chat_id}:${row.id}`, row]));
    const found = page
      .map((hit) => byKey.get(`${hit.chatId}:${hit.messageId}`))
      .filter((row): row is MessageRow => row !== undefined);
    const messages = viewWithReactions(caller.userId, found, reactions);
    const senders = new Set(found.map((row) => row.sender_id));
    const chatViews = [];
    for (const chat of await repos.chats.chatsByIds(found.map((row) => row.chat_id))) {
      const members = await membersForView(repos, chat, caller.userId);
      chatViews.push(viewChat(chat, members, caller.userId));
      if (chat.kind === ChatKind.PRIVATE) for (const m of members) senders.add(m.user_id);
    }
    const users = await repos.accounts.usersByIds([...senders]);
    const last = page.at(-1);
    return create(FoundMessagesSchema, {
      messages,
      users: await viewUsers(repos, this.deps.online, caller.userId, users),
      chats: chatViews,
      nextCursor: hits.length > limit && last ? String(last.id) : '',
    });
  }
}

function parseCursor(cursor: string): number | undefined {
  if (!cursor) return undefined;
  const id = Number(cursor);
  if (!Number.isSafeInteger(id) || id <= 0) throw invalidInput('cursor is not valid');
  return id;
}
