import { EntityType } from '@peyk/protocol';
import type { MessageRow } from '../../store/schema.js';
import type { SearchEntry } from '../../store/sql/search-index.js';
import type { StoredEntity } from '../messages/message-view.js';
import { indexTokens } from './search-tokens.js';

const URL_IN_TEXT = /\bhttps?:\/\/\S/i;

/** What the search index keeps of a message; undefined for messages that are not searchable. */
export function searchEntry(row: MessageRow): SearchEntry | undefined {
  if (row.deleted || row.service || !row.text) return undefined;
  const tokens = indexTokens(row.text);
  if (!tokens) return undefined;
  const entities = JSON.parse(row.entities) as StoredEntity[];
  return {
    chatId: row.chat_id,
    messageId: row.id,
    senderId: row.sender_id,
    date: row.date,
    hasLink:
      URL_IN_TEXT.test(row.text) ||
      entities.some((e) => e.type === EntityType.URL || e.type === EntityType.TEXT_LINK),
    tokens,
  };
}
