import { type Media, MediaKind } from '@peyk/protocol';
import type { BotMessage } from '../../domain/index.js';
import type { Json } from './objects.js';

/** A variant as Telegram's PhotoSize (photo sizes, a video's thumbnail). */
function photoSizeJson(view: BotMessage, media: Media, name: string): Json | undefined {
  const variant = media.variants.find((v) => v.name === name);
  const ids = view.files[name];
  if (!variant || !ids) return undefined;
  return {
    file_id: ids.fileId,
    file_unique_id: ids.fileUniqueId,
    width: variant.width,
    height: variant.height,
    file_size: Number(variant.size),
  };
}

/** The original file as Telegram's Document, Video, Audio or Voice fields. */
function originalJson(view: BotMessage, media: Media): Json {
  const ids = view.files.original;
  const json: Json = {
    file_id: ids?.fileId ?? '',
    file_unique_id: ids?.fileUniqueId ?? '',
    mime_type: media.mimeType,
    file_size: Number(media.size),
  };
  if (media.kind !== MediaKind.VOICE && media.fileName) json.file_name = media.fileName;
  return json;
}

/**
 * The message fields for its media: `photo` (PhotoSize[], smallest first), `video`, `audio`,
 * `voice` or `document`. The caller adds the caption.
 */
export function mediaJson(view: BotMessage): Json {
  const media = view.message.media;
  if (!media) return {};
  const duration = Math.round(media.durationMs / 1000);
  switch (media.kind) {
    case MediaKind.PHOTO: {
      const sizes = [...media.variants]
        .sort((a, b) => a.width * a.height - b.width * b.height)
        .map((v) => photoSizeJson(view, media, v.name))
        .filter((size) => size !== undefined);
      return { photo: sizes };
    }
    case MediaKind.VIDEO: {
      const video: Json = {
        ...originalJson(view, media),
        width: media.width,
        height: media.height,
        duration,
      };
      const thumbnail = photoSizeJson(view, media, 'poster');
      if (thumbnail) video.thumbnail = thumbnail;
      return { video };
    }
    case MediaKind.AUDIO:
      return { audio: { ...originalJson(view, media), duration } };
    case MediaKind.VOICE:
      return { voice: { ...originalJson(view, media), duration } };
    default:
      return { document: originalJson(view, media) };
  }
}
