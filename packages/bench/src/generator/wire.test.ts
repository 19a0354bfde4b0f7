import { create, decodeClientFrame, encodeServerFrame, ServerFrameSchema } from '@peyk/protocol';
import { describe, expect, it } from 'vitest';
import { findMarker, markerText, sendMessageFrame, updatePts } from './wire.js';

describe('lean wire reading', () => {
  const text = markerText(1_700_000_000_123_456, 1_700_000_000_124_000, 42, 'xx');
  const frame = (pts: number) =>
    Buffer.from(
      encodeServerFrame(
        create(ServerFrameSchema, {
          frame: {
            case: 'update',
            value: { pts, kind: { case: 'newMessage', value: { id: 7, chatId: '3', text } } },
          },
        }),
      ),
    );

  it('finds the timing marker in an encoded update', () => {
    expect(findMarker(frame(5))).toEqual({
      dueMicros: 1_700_000_000_123_456,
      sentMicros: 1_700_000_000_124_000,
      sender: 42,
    });
    expect(findMarker(Buffer.from('no marker here'))).toBeUndefined();
    expect(findMarker(Buffer.from('~pk:12.x'))).toBeUndefined();
  });

  it('reads the pts of an update without decoding it, one- and multi-byte', () => {
    expect(updatePts(frame(5))).toBe(5);
    expect(updatePts(frame(300_000))).toBe(300_000);
    expect(updatePts(frame(0))).toBe(0);
    const response = encodeServerFrame(
      create(ServerFrameSchema, { frame: { case: 'response', value: { id: 1 } } }),
    );
    expect(updatePts(response)).toBeUndefined();
  });

  it('encodes requests the server decodes', () => {
    const decoded = decodeClientFrame(sendMessageFrame(9, '12', '34', text));
    expect(decoded.id).toBe(9);
    expect(decoded.request.case).toBe('sendMessage');
    expect(decoded.request.value).toMatchObject({ chatId: '12', randomId: '34', text });
  });
});
