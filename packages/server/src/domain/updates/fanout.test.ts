import { create, fromBinary, toBinary } from '@bufbuild/protobuf';
import { UpdateSchema } from '@peyk/protocol';
import { describe, expect, it } from 'vitest';
import { personalize, stampPts } from './fanout.js';

describe('stampPts', () => {
  it('gives an update encoded without pts the pts, whatever its size', () => {
    const update = create(UpdateSchema, {
      date: 1_800_000_000,
      kind: {
        case: 'newMessage',
        value: { chatId: '7', id: 3, text: 'سلام', senderId: '5', randomId: '99' },
      },
    });
    const unstamped = toBinary(UpdateSchema, update);
    for (const pts of [1, 127, 128, 300, 2 ** 31 - 1]) {
      const decoded = fromBinary(UpdateSchema, stampPts(unstamped, pts));
      expect(decoded.pts).toBe(pts);
      expect(decoded.kind).toEqual(update.kind);
    }
  });

  it('personalizes a new message: only its sender sees the random_id', () => {
    const update = create(UpdateSchema, {
      kind: { case: 'newMessage', value: { chatId: '7', id: 3, senderId: '5', randomId: '99' } },
    });
    expect(personalize(update, 5, 2).kind.value).toMatchObject({ randomId: '99' });
    expect(personalize(update, 6, 2)).toMatchObject({ pts: 2, kind: { value: { randomId: '0' } } });
  });
});
