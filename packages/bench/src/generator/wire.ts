import { ClientFrameSchema, create, encodeClientFrame } from '@peyk/protocol';

/**
 * What the lean load-generator client reads and writes on the wire. Requests are encoded with
 * the protocol's codec; deliveries are read without decoding them whole (the receivers would
 * otherwise spend more CPU than the server): the frame's kind is its first byte, the pts the
 * Update's first field, and the timing a marker in the message text.
 */

/** ServerFrame field 1 (response) and 2 (update), length-delimited. */
export const RESPONSE_TAG = (1 << 3) | 2;
export const UPDATE_TAG = (2 << 3) | 2;

const MARKER = Buffer.from('~pk:');

/** Wall-clock microseconds with sub-millisecond precision, comparable across processes. */
export function nowMicros(): number {
  return Math.round((performance.timeOrigin + performance.now()) * 1000);
}

/** The text of a benchmark message: its due and send times and its sender, then padding. */
export function markerText(dueMicros: number, sentMicros: number, sender: number, padding = ''): string {
  return `~pk:${dueMicros}.${sentMicros}.${sender};${padding}`;
}

export interface Marker {
  dueMicros: number;
  sentMicros: number;
  sender: number;
}

/** The marker in an encoded frame holding a benchmark message, or undefined. */
export function findMarker(frame: Buffer): Marker | undefined {
  const at = frame.indexOf(MARKER);
  if (at < 0) return undefined;
  const numbers: number[] = [];
  let value = 0;
  for (let i = at + MARKER.length; i < frame.length; i++) {
    const byte = frame[i] as number;
    if (byte >= 0x30 && byte <= 0x39) value = value * 10 + (byte - 0x30);
    else if (byte === 0x2e || byte === 0x3b) {
      numbers.push(value);
      value = 0;
      if (byte === 0x3b) break;
    } else return undefined;
  }
  if (numbers.length !== 3) return undefined;
  return { dueMicros: numbers[0] as number, sentMicros: numbers[1] as number, sender: numbers[2] as number };
}

/**
 * The pts of an update frame (ServerFrame field 2 holding an Update whose first field is pts,
 * as the server stamps it), 0 when the update carries none, undefined for other frames.
 */
export function updatePts(frame: Uint8Array): number | undefined {
  if (frame[0] !== UPDATE_TAG) return undefined;
  let offset = 1;
  while ((frame[offset] as number) & 0x80) offset++;
  offset++;
  if (frame[offset] !== 0x08) return 0;
  return readVarint(frame, offset + 1);
}

function readVarint(bytes: Uint8Array, start: number): number {
  let value = 0;
  for (let i = start, scale = 1; i < bytes.length; i++, scale *= 128) {
    const byte = bytes[i] as number;
    value += (byte & 0x7f) * scale;
    if (byte < 0x80) return value;
  }
  throw new Error('truncated varint');
}

export function authenticateFrame(id: number, token: string): Uint8Array {
  return encodeClientFrame(
    create(ClientFrameSchema, { id, request: { case: 'authenticate', value: { token } } }),
  );
}

export function sendMessageFrame(id: number, chatId: string, randomId: string, text: string): Uint8Array {
  return encodeClientFrame(
    create(ClientFrameSchema, { id, request: { case: 'sendMessage', value: { chatId, randomId, text } } }),
  );
}

export function getDifferenceFrame(id: number, pts: number): Uint8Array {
  return encodeClientFrame(
    create(ClientFrameSchema, { id, request: { case: 'getDifference', value: { pts, limit: 1000 } } }),
  );
}
