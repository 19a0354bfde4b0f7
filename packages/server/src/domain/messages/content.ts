import { EntityType, ErrorCode, Limits, type MessageEntity } from '@peyk/protocol';
import { DomainError } from '../errors.js';
import { parseId } from '../ids.js';
import type { StoredEntity } from './message-view.js';

const KNOWN_TYPES = new Set(
  Object.values(EntityType).filter((v): v is number => typeof v === 'number' && v > 0),
);
const LINK = /^(https?:\/\/[^\s]+|tg:[^\s]+|mailto:[^\s]+)$/i;

/**
 * Checks a message's text and entities; returns the entities as stored. Offsets count UTF-16
 * units. The text of a message with media is its caption: it may be empty, and is shorter.
 */
export function checkContent(
  text: string,
  entities: readonly MessageEntity[],
  isCaption = false,
): StoredEntity[] {
  if (!isCaption && text.trim() === '')
    throw new DomainError(ErrorCode.MESSAGE_EMPTY, 'The message is empty');
  const limit = isCaption ? Limits.captionLength : Limits.messageLength;
  if (text.length > limit) {
    throw new DomainError(
      ErrorCode.MESSAGE_TOO_LONG,
      `A ${isCaption ? 'caption' : 'message'} has at most ${limit} characters`,
    );
  }
  if (entities.length > Limits.entitiesPerMessage) {
    throw entitiesInvalid(`at most ${Limits.entitiesPerMessage} entities`);
  }
  return entities.map((entity, i) => {
    if (!KNOWN_TYPES.has(entity.type)) throw entitiesInvalid(`entity ${i} has an unknown type`);
    if (entity.length === 0 || entity.offset + entity.length > text.length) {
      throw entitiesInvalid(`entity ${i} is outside the text`);
    }
    const stored: StoredEntity = { type: entity.type, offset: entity.offset, length: entity.length };
    if (entity.type === EntityType.TEXT_LINK) {
      if (entity.url.length > 2048 || !LINK.test(entity.url))
        throw entitiesInvalid(`entity ${i} needs an http(s) url`);
      stored.url = entity.url;
    }
    if (entity.type === EntityType.TEXT_MENTION) {
      const userId = parseId(entity.userId);
      if (!userId) throw entitiesInvalid(`entity ${i} needs a user id`);
      stored.userId = userId;
    }
    if (entity.type === EntityType.PRE && entity.language) stored.language = entity.language.slice(0, 32);
    if (entity.type === EntityType.MENTION && text[entity.offset] !== '@') {
      throw entitiesInvalid(`entity ${i} must cover an @username`);
    }
    return stored;
  });
}

function entitiesInvalid(detail: string): DomainError {
  return new DomainError(ErrorCode.ENTITIES_INVALID, `Invalid entities: ${detail}`);
}

/** random_id: the client's idempotency key, a non-zero safe integer. */
export function checkRandomId(value: string): number {
  const id = /^-?\d{1,16}$/.test(value) ? Number(value) : 0;
  if (id === 0 || !Number.isSafeInteger(id)) {
    throw new DomainError(ErrorCode.RANDOM_ID_INVALID, 'random_id must be a non-zero integer below 2^53');
  }
  return id;
}

/** album_id: chosen by the sender like random_id, the same for every message of the album. */
export function checkAlbumId(value: string): number {
  const id = /^-?\d{1,16}$/.test(value) ? Number(value) : 0;
  if (id === 0 || !Number.isSafeInteger(id)) {
    throw new DomainError(ErrorCode.ALBUM_INVALID, 'album_id must be a non-zero integer below 2^53');
  }
  return id;
}
