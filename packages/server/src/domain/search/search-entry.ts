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
  return {
    chatId: row.chat_id,
    messageId: row.id,
    senderId: row.sender_id,
    date: row.date,
    hasLink: containsLink(row.text, JSON.parse(row.entities) as StoredEntity[]),
    tokens,
  };
}

/** A URL in the text, or a URL or text-link entity. */
export function containsLink(text: string, entities: readonly Pick<StoredEntity, 'type'>[]): boolean {
  return (
    URL_IN_TEXT.test(text) ||
    entities.some((e) => e.type === EntityType.URL || e.type === EntityType.TEXT_LINK)
  );
}
