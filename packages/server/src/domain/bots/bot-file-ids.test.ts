import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { BotFileIds, fileUniqueId } from './bot-file-ids.js';

describe('bot file_ids', () => {
  const ids = new BotFileIds(randomBytes(32));

  it('names the same file and variant the same way every time, and decodes back', () => {
    const fileId = ids.encode(42, { fileId: 123_456_789, variant: 'w1280' });
    expect(ids.encode(42, { fileId: 123_456_789, variant: 'w1280' })).toBe(fileId);
    expect(fileId).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(ids.decode(42, fileId)).toEqual({ fileId: 123_456_789, variant: 'w1280' });
  });

  it('works only for the bot it was made for, under the key it was made with', () => {
    const fileId = ids.encode(42, { fileId: 7, variant: 'original' });
    expect(ids.decode(43, fileId)).toBeUndefined();
    expect(new BotFileIds(randomBytes(32)).decode(42, fileId)).toBeUndefined();
  });

  it('refuses tampered and malformed ids', () => {
    const bytes = Buffer.from(ids.encode(42, { fileId: 7, variant: 'original' }), 'base64url');
    bytes.writeUIntBE(8, 1, 6);
    expect(ids.decode(42, bytes.toString('base64url'))).toBeUndefined();
    for (const garbage of ['', 'short', '../../etc/passwd', 'A'.repeat(300), '%%%%%%%%%%%%%%%'])
      expect(ids.decode(42, garbage)).toBeUndefined();
  });

  it('file_unique_id depends on the content only', () => {
    const key = 'a'.repeat(64);
    expect(fileUniqueId(key)).toBe(fileUniqueId(key));
    expect(fileUniqueId(key)).not.toBe(fileUniqueId('b'.repeat(64)));
    expect(fileUniqueId(key)).toMatch(/^[A-Za-z0-9_-]{16}$/);
  });
});
