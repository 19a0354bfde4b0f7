import { PeykError, randomId, uploadFile } from '@peyk/client';
import { type Media, MediaKind } from '@peyk/protocol';
import { errorText } from '../../app/error-text';
import { currentClient } from '../../app/session';
import { toast } from '../../app/toast';
import { t } from '../../i18n/i18n';
import type { EntitySpan } from '../../lib/entities';
import { httpOrigin } from './media-links';
import { remove, type UploadItem, update, uploads } from './upload-state';

export interface Caption {
  text: string;
  entities: EntitySpan[];
}

/**
 * Uploads the files (resuming after dropped connections) and sends one message per file, the
 * caption on the first. Several photos and videos go as one album (up to 10 per album).
 * `kind` forces how they are sent (a recorded voice note); else as what the server found.
 */
export async function sendFiles(chatId: string, files: readonly File[], caption?: Caption, kind?: MediaKind) {
  const items = files.map<UploadItem>((file) => ({
    id: randomId(),
    chatId,
    name: file.name || t('media.document'),
    size: file.size,
    uploaded: 0,
    preview: file.type.startsWith('image/') ? URL.createObjectURL(file) : undefined,
    cancel: new AbortController(),
  }));
  uploads.value = [...uploads.peek(), ...items];
  const visual = files.filter((file) => /^(image|video)\//.test(file.type)).length;
  let albumId = visual > 1 ? randomId() : '0';
  let inAlbum = 0;
  let captionLeft = caption;
  for (const [i, file] of files.entries()) {
    const item = items[i] as UploadItem;
    try {
      const media = await uploadFile({
        baseUrl: httpOrigin(),
        token: currentClient().token ?? '',
        file,
        fileName: item.name,
        // About 20 steps of progress, each a PATCH the server confirms (and resumes from).
        chunkBytes: Math.min(8 * 1024 * 1024, Math.max(256 * 1024, Math.ceil(file.size / 20))),
        signal: item.cancel.signal,
        onProgress: (uploaded) => update(item.id, { uploaded }),
      });
      const grouped = albumId !== '0' && (media.kind === MediaKind.PHOTO || media.kind === MediaKind.VIDEO);
      if (grouped && ++inAlbum > 10) {
        albumId = randomId();
        inAlbum = 1;
      }
      await send(chatId, media, kind ?? media.kind, captionLeft, grouped ? albumId : '0');
      captionLeft = undefined;
    } catch (error) {
      if (!(error instanceof PeykError && error.code === 'UPLOAD_CANCELLED')) {
        toast(`${t('media.uploadFailed', { name: item.name })}: ${errorText(error)}`);
      }
    } finally {
      remove(item);
    }
  }
}

function send(chatId: string, media: Media, kind: MediaKind, caption: Caption | undefined, albumId: string) {
  return currentClient().request('sendMessage', {
    chatId,
    randomId: randomId(),
    text: caption?.text ?? '',
    entities: caption?.entities ?? [],
    media: { fileId: media.fileId, kind, fileName: media.fileName },
    albumId,
  });
}
