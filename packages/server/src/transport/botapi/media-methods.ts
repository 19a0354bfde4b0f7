import { create } from '@bufbuild/protobuf';
import { InputMediaSchema, MediaKind, type Message } from '@peyk/protocol';
import { DomainError } from '../../domain/index.js';
import { badRequest } from './bot-api-error.js';
import { type BotCall, freshRandomId, isGroupTarget, resolveChat } from './bot-context.js';
import { naming } from './domain-errors.js';
import { replyMarkupFromJson } from './keyboards.js';
import { type BotMethod, editTextOrCaption, formatted, replyToId, viewed } from './message-methods.js';
import { UploadedPart } from './multipart-body.js';
import type { Json } from './objects.js';
import { ParamReader } from './params.js';

/** One file to send: the uploaded part, or a string (a file_id, `attach://<part>`, a URL). */
type InputFile = unknown;

/** Each sending method's file parameter and what Peyk shows the file as. */
const SENDS: Record<string, { field: string; kind: MediaKind }> = {
  sendPhoto: { field: 'photo', kind: MediaKind.PHOTO },
  sendDocument: { field: 'document', kind: MediaKind.DOCUMENT },
  sendVideo: { field: 'video', kind: MediaKind.VIDEO },
  // COMPAT: Peyk has no animation kind: an animation (MP4 without sound, or a GIF) is sent as a video when its bytes are one, else as a document.
  sendAnimation: { field: 'animation', kind: MediaKind.UNSPECIFIED },
  sendAudio: { field: 'audio', kind: MediaKind.AUDIO },
  sendVoice: { field: 'voice', kind: MediaKind.VOICE },
};

/** InputMedia types of sendMediaGroup. */
const GROUP_KINDS: Record<string, MediaKind> = {
  photo: MediaKind.PHOTO,
  video: MediaKind.VIDEO,
  document: MediaKind.DOCUMENT,
  audio: MediaKind.AUDIO,
};

/** The Peyk file id of an input file: uploaded now, or one the bot was shown before. */
async function fileOf(
  call: BotCall,
  input: InputFile,
  kind: MediaKind,
): Promise<{ id: string; name: string }> {
  let value = input;
  if (typeof value === 'string' && value.startsWith('attach://')) {
    value = call.params.raw(value.slice('attach://'.length));
    if (!(value instanceof UploadedPart)) throw badRequest('wrong file identifier/HTTP URL specified');
  }
  if (value instanceof UploadedPart) {
    const media = await call.domain.media.ingest(call.session.caller, value.path, value.fileName);
    return { id: media.fileId, name: value.fileName };
  }
  if (typeof value !== 'string' || value === '') throw badRequest('there is no file in the request');
  if (/^https?:\/\//i.test(value)) return fromUrl(call, value);
  try {
    return { id: await call.domain.botFiles.use(call.session.caller, value, kind), name: '' };
  } catch (error) {
    if (error instanceof DomainError) throw badRequest('wrong file identifier/HTTP URL specified');
    throw error;
  }
}

/** A file the bot names by URL: fetched by the server (SSRF-checked), then stored as an upload. */
async function fromUrl(call: BotCall, url: string): Promise<{ id: string; name: string }> {
  const file = await call.downloadUrl(url).catch(() => {
    throw badRequest('failed to get HTTP URL content');
  });
  try {
    const media = await call.domain.media.ingest(call.session.caller, file.path, file.fileName);
    return { id: media.fileId, name: file.fileName };
  } finally {
    await file.dispose();
  }
}

interface MediaSend {
  chatId: number;
  file: { id: string; name: string };
  kind: MediaKind;
  caption: { text: string; entities: Message['entities'] };
  replyTo: number;
  albumId?: string;
  replyMarkup?: ReturnType<typeof replyMarkupFromJson>;
}

async function sendMedia(call: BotCall, send: MediaSend): Promise<Message> {
  await call.throttleSend(send.chatId, isGroupTarget(call));
  return naming('message to be replied not found', () =>
    call.domain.messages.send(call.session.caller, {
      chatId: send.chatId,
      randomId: freshRandomId(),
      text: send.caption.text,
      entities: send.caption.entities,
      replyToId: send.replyTo,
      media: create(InputMediaSchema, { fileId: send.file.id, kind: send.kind, fileName: send.file.name }),
      albumId: send.albumId,
      replyMarkup: send.replyMarkup,
    }),
  );
}

function sendMethod(field: string, kind: MediaKind): BotMethod {
  return async (call) => {
    const chatId = await resolveChat(call);
    if (!call.params.has(field)) throw badRequest(`there is no ${field} in the request`);
    const caption = formatted(call.params, 'caption', 'caption_entities');
    const file = await fileOf(call, call.params.raw(field), kind);
    const message = await sendMedia(call, {
      chatId,
      file,
      kind,
      caption,
      replyTo: replyToId(call),
      replyMarkup: replyMarkupFromJson(call.params.json('reply_markup')),
    });
    return viewed(call, message);
  };
}

export const mediaMethods: Record<string, BotMethod> = {
  ...Object.fromEntries(
    Object.entries(SENDS).map(([name, { field, kind }]) => [name, sendMethod(field, kind)]),
  ),

  async sendMediaGroup(call) {
    const chatId = await resolveChat(call);
    const items = call.params.json('media');
    if (!Array.isArray(items) || items.length < 2 || items.length > 10) {
      throw badRequest('wrong number of messages specified: must be between 2 and 10');
    }
    const albumId = freshRandomId();
    const replyTo = replyToId(call);
    const sent: Json[] = [];
    for (const item of items as Json[]) {
      const kind = GROUP_KINDS[String(item?.type)];
      if (kind === undefined) throw badRequest('unsupported media type');
      const caption = formattedItem(item);
      const file = await fileOf(call, item.media, kind);
      const message = await sendMedia(call, { chatId, file, kind, caption, replyTo, albumId });
      sent.push(await viewed(call, message));
    }
    return sent;
  },

  async editMessageCaption(call) {
    return editTextOrCaption(call, 'caption', 'caption_entities');
  },

  async getFile(call) {
    const fileId = call.params.requireString('file_id', 'file_id is empty');
    const file = await call.domain.botFiles.file(call.session.caller, fileId).catch((error: unknown) => {
      throw error instanceof DomainError ? badRequest('invalid file_id') : error;
    });
    return {
      file_id: file.fileId,
      file_unique_id: file.fileUniqueId,
      file_size: file.size,
      file_path: file.path,
    };
  },
};

/** An InputMedia's caption, read with its own parse_mode or caption_entities. */
function formattedItem(item: Json): { text: string; entities: Message['entities'] } {
  const params: Record<string, unknown> = {
    caption: item.caption,
    parse_mode: item.parse_mode,
    caption_entities: item.caption_entities,
  };
  return formatted(new ParamReader(params), 'caption', 'caption_entities');
}
