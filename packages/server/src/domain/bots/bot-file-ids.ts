import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** What a bot's file_id names: one stored file, and which of its variants (a photo size, the original). */
export interface BotFileRef {
  fileId: number;
  variant: string;
}

const VERSION = 1;
const MAC_BYTES = 12;

/**
 * Telegram's file_id: an opaque string a bot may use again to send or download the file. Peyk's
 * is the file's id and variant, signed for the one bot it was shown to (as Telegram's file_ids
 * are per bot): a valid one proves the server showed the file to this bot, so no table records
 * which bot saw which file. The same file gives the same file_id every time.
 */
export class BotFileIds {
  constructor(private readonly secret: Buffer) {}

  encode(botId: number, ref: BotFileRef): string {
    const payload = Buffer.concat([
      Buffer.from([VERSION]),
      uint48(ref.fileId),
      Buffer.from(ref.variant, 'utf8'),
    ]);
    return Buffer.concat([payload, this.mac(botId, payload)]).toString('base64url');
  }

  /** The file a file_id names, or undefined when it was not made for this bot (or is garbage). */
  decode(botId: number, fileId: string): BotFileRef | undefined {
    if (!/^[A-Za-z0-9_-]{10,200}$/.test(fileId)) return undefined;
    const bytes = Buffer.from(fileId, 'base64url');
    if (bytes.length < 1 + 6 + 1 + MAC_BYTES || bytes[0] !== VERSION) return undefined;
    const payload = bytes.subarray(0, bytes.length - MAC_BYTES);
    const mac = bytes.subarray(bytes.length - MAC_BYTES);
    if (!timingSafeEqual(mac, this.mac(botId, payload))) return undefined;
    return { fileId: payload.readUIntBE(1, 6), variant: payload.subarray(7).toString('utf8') };
  }

  private mac(botId: number, payload: Buffer): Buffer {
    return createHmac('sha256', this.secret)
      .update(`${botId}.`)
      .update(payload)
      .digest()
      .subarray(0, MAC_BYTES);
  }
}

/** Telegram's file_unique_id: the same for every bot, from the variant's content address. */
export function fileUniqueId(blobKey: string): string {
  return createHash('sha256').update(`peyk-file.${blobKey}`).digest().subarray(0, 12).toString('base64url');
}

function uint48(value: number): Buffer {
  const bytes = Buffer.alloc(6);
  bytes.writeUIntBE(value, 0, 6);
  return bytes;
}
