import { create, EntityType, MessageSchema } from '@peyk/protocol';
import { describe, expect, it } from 'vitest';
import { mentionsMe } from './mentions.js';

const me = { id: '1', username: 'alice' };

describe('mentionsMe', () => {
  it('reads entity offsets in UTF-16 code units', () => {
    // The emoji takes two code units: '@alice' starts at 3.
    const message = create(MessageSchema, {
      text: '👋 @Alice',
      entities: [{ type: EntityType.MENTION, offset: 3, length: 6 }],
    });
    expect(mentionsMe(message, me)).toBe(true);
  });

  it('ignores MENTION entities when I have no username, and bold text that looks like one', () => {
    const message = create(MessageSchema, {
      text: '@alice',
      entities: [{ type: EntityType.BOLD, offset: 0, length: 6 }],
    });
    expect(mentionsMe(message, me)).toBe(false);
    const mention = create(MessageSchema, {
      text: '@alice',
      entities: [{ type: EntityType.MENTION, offset: 0, length: 6 }],
    });
    expect(mentionsMe(mention, { id: '1', username: '' })).toBe(false);
  });

  it('counts a reply only when the replied-to message is mine', () => {
    const reply = create(MessageSchema, { id: 5, replyToId: 2, senderId: '2' });
    expect(mentionsMe(reply, me, create(MessageSchema, { id: 2, senderId: '1' }))).toBe(true);
    expect(mentionsMe(reply, me, create(MessageSchema, { id: 2, senderId: '3' }))).toBe(false);
    expect(mentionsMe(reply, me)).toBe(false);
  });
});
