import { EntityType, type Message } from '@peyk/protocol';

/** Who "me" is, for deciding whether a message mentions me. */
export interface MentionTarget {
  id: string;
  /** Empty when I have no username. */
  username: string;
}

/**
 * Whether `message` mentions `me`: a MENTION entity whose text is "@" + my username (compared
 * case-insensitively), a TEXT_MENTION entity with my id, or a reply to a message of mine
 * (`replyTarget`, the message replied to, when it is known).
 */
export function mentionsMe(message: Message, me: MentionTarget, replyTarget?: Message): boolean {
  if (message.replyToId !== 0 && replyTarget?.id === message.replyToId && replyTarget.senderId === me.id) {
    return true;
  }
  const handle = me.username ? `@${me.username.toLowerCase()}` : '';
  for (const entity of message.entities) {
    if (entity.type === EntityType.TEXT_MENTION && entity.userId === me.id) return true;
    if (entity.type === EntityType.MENTION && handle) {
      // Offsets and lengths are UTF-16 code units, which is what JavaScript strings index.
      const text = message.text.slice(entity.offset, entity.offset + entity.length);
      if (text.toLowerCase() === handle) return true;
    }
  }
  return false;
}
