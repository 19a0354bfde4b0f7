import { create, fromBinary, toBinary } from '@bufbuild/protobuf';
import {
  type ClientFrame,
  ClientFrameSchema,
  type ServerFrame,
  ServerFrameSchema,
} from './gen/peyk/v1/rpc_pb.js';

export function encodeClientFrame(frame: ClientFrame): Uint8Array {
  return toBinary(ClientFrameSchema, frame);
}

/** Throws on malformed bytes or invalid UTF-8 in a string field. */
export function decodeClientFrame(bytes: Uint8Array): ClientFrame {
  return fromBinary(ClientFrameSchema, bytes);
}

export function encodeServerFrame(frame: ServerFrame): Uint8Array {
  return toBinary(ServerFrameSchema, frame);
}

export function decodeServerFrame(bytes: Uint8Array): ServerFrame {
  return fromBinary(ServerFrameSchema, bytes);
}

/** The request id of a frame that failed to decode, read from field 1 if it is intact; else 0. */
export function peekRequestId(bytes: Uint8Array): number {
  if (bytes[0] !== 0x08) return 0;
  let id = 0;
  for (let i = 1, shift = 0; i < Math.min(bytes.length, 6); i++, shift += 7) {
    const byte = bytes[i] as number;
    id += (byte & 0x7f) * 2 ** shift;
    if (byte < 0x80) return id <= 0xffffffff ? id : 0;
  }
  return 0;
}

export { create };
