import { randomBytes } from 'node:crypto';
import { create } from '@bufbuild/protobuf';
import { ErrorCode, type InputMedia, InputMediaSchema, MediaKind } from '@peyk/protocol';
import type { Store } from '../../store/store.js';
import type { Caller } from '../caller.js';
import { requireMembership } from '../chats/access.js';
import type { Clock } from '../clock.js';
import { DomainError } from '../errors.js';
import { wireId } from '../ids.js';
import type { Download, MediaService } from '../media/media-service.js';
import type { StoredMedia } from '../media/stored-media.js';
import { type BotFileRef, BotFileIds, fileUniqueId } from './bot-file-ids.js';

const SECRET_SETTING = 'bot_file_id_secret';

/** Telegram's File object: what getFile answers. */
export interface BotFile {
  fileId: string;
  fileUniqueId: string;
  size: number;
  /** Relative to `/file/bot<token>/`. */
  path: string;
}

export interface BotFilesDeps {
  store: Store;
  clock: Clock;
  media: MediaService;
}

/** Folders of file paths by what the file is, as Telegram's (`photos/…`, `documents/…`). */
const FOLDERS: Record<number, string> = {
  [MediaKind.PHOTO]: 'photos',
  [MediaKind.VIDEO]: 'videos',
  [MediaKind.VOICE]: 'voice',
  [MediaKind.AUDIO]: 'music',
  [MediaKind.DOCUMENT]: 'documents',
};

const EXTENSIONS: Record<string, string> = {
  'image/webp': 'webp',
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/gif': 'gif',
  'video/mp4': 'mp4',
  'video/webm': 'webm',
  'audio/ogg': 'oga',
  'audio/mpeg': 'mp3',
  'application/pdf': 'pdf',
};

/**
 * The files bots see: their file_ids (signed per bot, see BotFileIds), getFile and the
 * download, and sending a file again by its file_id.
 */
export class BotFiles {
  private ids?: Promise<BotFileIds>;

  constructor(private readonly deps: BotFilesDeps) {}

  /** The file_id codec; its key is made once and kept in the store, shared by all nodes. */
  codec(): Promise<BotFileIds> {
    this.ids ??= this.deps.store
      .write((tx) => tx.push.settingOnce(SECRET_SETTING, randomBytes(32).toString('base64')))
      .then((value) => new BotFileIds(Buffer.from(value, 'base64')));
    return this.ids;
  }

  /** getFile: the file a file_id names, with the path to download it from. */
  async file(bot: Caller, fileId: string): Promise<BotFile> {
    const ref = await this.ref(bot, fileId);
    const variant = await this.deps.media.variant(ref.fileId, ref.variant);
    const folder = ref.variant === 'poster' ? 'thumbnails' : (FOLDERS[variant.kind] ?? 'documents');
    const extension = EXTENSIONS[variant.mime];
    return {
      fileId,
      fileUniqueId: fileUniqueId(variant.key),
      size: variant.size,
      path: `${folder}/${fileId}${extension ? `.${extension}` : ''}`,
    };
  }

  /** The bytes behind a path getFile gave this bot; anything else is FILE_NOT_FOUND. */
  async open(bot: Caller, path: string): Promise<Download> {
    const match = /^[a-z]+\/([A-Za-z0-9_-]+)(?:\.[a-z0-9]{1,5})?$/.exec(path);
    if (!match) throw fileNotFound();
    const ref = await this.ref(bot, match[1] as string);
    return this.deps.media.variant(ref.fileId, ref.variant);
  }

  /**
   * A file_id the bot sends again, as `kind`: the bot becomes one of the file's uploaders, so the
   * message domain lets it attach the file. A bot shown only a photo's re-encoded sizes may send
   * it as a photo only (the original, with its metadata, was never shown to it).
   */
  async use(bot: Caller, fileId: string, kind: MediaKind): Promise<string> {
    const ref = await this.ref(bot, fileId);
    if (ref.variant !== 'original' && kind !== MediaKind.PHOTO) {
      throw new DomainError(ErrorCode.MEDIA_INVALID, 'This file cannot be sent as this kind');
    }
    const now = this.deps.clock.now();
    await this.deps.store.write((tx) => tx.files.recordUpload(bot.userId, ref.fileId, now));
    return wireId(ref.fileId);
  }

  /**
   * The media of a message the bot can see, to send again as it is (copyMessage): the bot
   * becomes one of the file's uploaders, and the kind stays (a photo's original stays hidden).
   */
  async useMessageMedia(bot: Caller, chatId: number, messageId: number): Promise<InputMedia> {
    const repos = this.deps.store.read;
    await requireMembership(repos, chatId, bot.userId);
    const [row] = await repos.messages.visibleByIds(chatId, bot.userId, [messageId]);
    if (!row?.media) throw new DomainError(ErrorCode.MESSAGE_NOT_FOUND, 'No such message');
    const media = JSON.parse(row.media) as StoredMedia;
    const now = this.deps.clock.now();
    await this.deps.store.write((tx) => tx.files.recordUpload(bot.userId, media.fileId, now));
    return create(InputMediaSchema, {
      fileId: wireId(media.fileId),
      kind: media.kind,
      fileName: media.fileName,
    });
  }

  private async ref(bot: Caller, fileId: string): Promise<BotFileRef> {
    const ref = (await this.codec()).decode(bot.userId, fileId);
    if (!ref) throw fileNotFound();
    return ref;
  }
}

function fileNotFound(): DomainError {
  return new DomainError(ErrorCode.FILE_NOT_FOUND, 'No such file');
}
