import { create } from '@bufbuild/protobuf';
import {
  encodeServerFrame,
  ErrorSchema,
  type Response,
  ResponseSchema,
  ServerFrameSchema,
} from '@peyk/protocol';

export function errorFrame(id: number, code: string, message: string, retryAfter = 0): Uint8Array {
  return responseFrame(
    create(ResponseSchema, {
      id,
      result: { case: 'error', value: create(ErrorSchema, { code, message, retryAfter }) },
    }),
  );
}

export function responseFrame(response: Response): Uint8Array {
  return encodeServerFrame(create(ServerFrameSchema, { frame: { case: 'response', value: response } }));
}

export function goodbyeFrame(code: string, message: string): Uint8Array {
  return encodeServerFrame(
    create(ServerFrameSchema, { frame: { case: 'goodbye', value: { code, message } } }),
  );
}

/**
 * Wraps an encoded Update as a ServerFrame without decoding it: field 2, length-delimited. The
 * bus carries encoded updates, so each connection only prefixes bytes.
 */
export function updateFrame(encodedUpdate: Uint8Array): Uint8Array {
  const length = varint(encodedUpdate.length);
  const frame = new Uint8Array(1 + length.length + encodedUpdate.length);
  frame[0] = (2 << 3) | 2;
  frame.set(length, 1);
  frame.set(encodedUpdate, 1 + length.length);
  return frame;
}

function varint(value: number): Uint8Array {
  const bytes: number[] = [];
  let rest = value;
  while (rest > 0x7f) {
    bytes.push((rest & 0x7f) | 0x80);
    rest = Math.floor(rest / 128);
  }
  bytes.push(rest);
  return Uint8Array.from(bytes);
}
