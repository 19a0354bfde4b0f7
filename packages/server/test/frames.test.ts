import { create, fromBinary, toBinary } from '@bufbuild/protobuf';
import { ServerFrameSchema, UpdateSchema } from '@peyk/protocol';
import { describe, expect, it } from 'vitest';
import { stampPts } from '../src/domain/updates/fanout.js';
import { updateFrame } from '../src/transport/ws/frames.js';

describe('update frames', () => {
  it('wrap an encoded update without decoding it', () => {
    const update = create(UpdateSchema, {
      pts: 0,
      date: 5,
      kind: { case: 'typing', value: { chatId: '1' } },
    });
    const frame = fromBinary(ServerFrameSchema, updateFrame(stampPts(toBinary(UpdateSchema, update), 300)));
    expect(frame.frame.case).toBe('update');
    expect(frame.frame.value).toMatchObject({ pts: 300, date: 5, kind: { case: 'typing' } });
  });

  it('carry a "hello" to its receiver in at most 48 bytes on the wire, WebSocket header included', () => {
    // Realistic sizes: ids of a large installation, a pts deep into a user's history.
    const hello = create(UpdateSchema, {
      date: 1_795_870_000,
      kind: {
        case: 'newMessage',
        value: { chatId: '123456789', id: 43_210, senderId: '98765432', date: 1_795_870_000, text: 'hello' },
      },
    });
    const frame = updateFrame(stampPts(toBinary(UpdateSchema, hello), 1_000_000));
    const webSocketHeader = 2; // server frames are unmasked; payloads under 126 bytes
    expect(frame.length + webSocketHeader).toBeLessThanOrEqual(48);
  });
});
