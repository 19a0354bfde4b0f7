import { type Media, MediaKind, type MediaVariant, type Message } from '@peyk/protocol';
import { useEffect, useRef, useState } from 'preact/hooks';
import { prefs } from '../../app/prefs';
import { t } from '../../i18n/i18n';
import { Icon } from '../../ui/icon';
import { formatBytes, formatDuration } from './media-format';
import { mediaUrl } from './media-links';

/** The widest a photo or video is drawn, in CSS pixels. */
const MAX_WIDTH = 320;
const MAX_HEIGHT = 360;

/** A message's photo, video, voice note, audio or document. */
export function MessageMedia({ message }: { message: Message }) {
  const media = message.media as Media;
  switch (media.kind) {
    case MediaKind.PHOTO:
      return <Photo message={message} media={media} />;
    case MediaKind.VIDEO:
      return <Video message={message} media={media} />;
    case MediaKind.VOICE:
      return <Voice message={message} media={media} />;
    default:
      return <DocumentCard message={message} media={media} />;
  }
}

interface MediaProps {
  message: Message;
  media: Media;
  /** In an album: a square cell of this many CSS pixels. */
  cell?: number;
}

/** An album: its photos and videos as square cells, two to a row. */
export function AlbumGrid({ messages }: { messages: Message[] }) {
  const cell = Math.floor((MAX_WIDTH - 4) / 2);
  return (
    <div class="media-album">
      {messages.map((message) =>
        message.media?.kind === MediaKind.VIDEO ? (
          <Video key={message.id} message={message} media={message.media} cell={cell} />
        ) : message.media ? (
          <Photo key={message.id} message={message} media={message.media} cell={cell} />
        ) : null,
      )}
    </div>
  );
}

/** Width and height at which a photo or video is drawn: its final layout before any byte arrives. */
function boxSize(media: Media, cell?: number): { width: number; height: number } {
  if (cell) return { width: cell, height: cell };
  const width = media.width || 4;
  const height = media.height || 3;
  const scale = Math.min(1, MAX_WIDTH / width, MAX_HEIGHT / height);
  return { width: Math.round(width * scale), height: Math.round(height * scale) };
}

/** The smallest variant at least as large as the box on this screen. */
function bestVariant(media: Media, boxWidth: number): MediaVariant | undefined {
  const sizes = media.variants.filter((v) => v.name.startsWith('w'));
  const needed = boxWidth * (globalThis.devicePixelRatio || 1);
  return sizes.find((v) => Math.max(v.width, v.height) >= needed) ?? sizes.at(-1);
}

/** Data saver: whether a file of this size may load without a tap. */
function autoDownload(bytes: number): boolean {
  const limit = prefs.value.autoDownloadBytes;
  return limit === 0 || bytes <= limit;
}

/** The ThumbHash decoder: fetched with the first media message (many visits show none). */
let decoder: typeof import('thumbhash') | undefined;

function usePlaceholder(media: Media): string | undefined {
  const decode = (module: typeof import('thumbhash')) =>
    media.placeholder.length > 0 ? module.thumbHashToDataURL(media.placeholder) : undefined;
  const [url, setUrl] = useState(() => (decoder ? decode(decoder) : undefined));
  useEffect(() => {
    if (url || media.placeholder.length === 0) return;
    let shown = true;
    void import('thumbhash').then((module) => {
      decoder = module;
      if (shown) setUrl(decode(module));
    });
    return () => {
      shown = false;
    };
  }, [media.fileId]);
  return url;
}

function Photo({ message, media, cell }: MediaProps) {
  const box = boxSize(media, cell);
  // A cell is covered: the photo's short side must fill it.
  const long = Math.max(media.width, media.height, 1) / Math.max(Math.min(media.width, media.height), 1);
  const variant = bestVariant(media, cell ? cell * long : box.width);
  const placeholder = usePlaceholder(media);
  const [allowed, setAllowed] = useState(() => autoDownload(Number(variant?.size ?? 0)));
  const [loaded, setLoaded] = useState(false);
  const url = variant && allowed ? mediaUrl(message.chatId, message.id, variant.key) : undefined;
  return (
    <div
      class="media-photo"
      style={{
        width: `${box.width}px`,
        aspectRatio: `${box.width} / ${box.height}`,
        backgroundImage: placeholder ? `url(${placeholder})` : undefined,
      }}
    >
      {url && (
        <img
          src={url}
          alt={t('media.photo')}
          width={box.width}
          height={box.height}
          decoding="async"
          loading="lazy"
          class={loaded ? 'loaded' : ''}
          onLoad={() => setLoaded(true)}
        />
      )}
      {!allowed && variant && <DownloadButton size={Number(variant.size)} onClick={() => setAllowed(true)} />}
    </div>
  );
}

function Video({ message, media, cell }: MediaProps) {
  const box = boxSize(media, cell);
  const placeholder = usePlaceholder(media);
  const poster = media.variants.find((v) => v.name === 'poster');
  const original = media.variants.find((v) => v.name === 'original');
  const posterUrl =
    poster && autoDownload(Number(poster.size))
      ? mediaUrl(message.chatId, message.id, poster.key)
      : undefined;
  const videoUrl = original ? mediaUrl(message.chatId, message.id, original.key) : undefined;
  return (
    <div
      class="media-video"
      style={{
        width: `${box.width}px`,
        aspectRatio: `${box.width} / ${box.height}`,
        backgroundImage: placeholder ? `url(${placeholder})` : undefined,
      }}
    >
      {/* The browser streams it with Range requests, only once played. */}
      {videoUrl && (
        // biome-ignore lint/a11y/useMediaCaption: users' videos come without captions.
        <video
          src={videoUrl}
          poster={posterUrl}
          preload="none"
          controls
          playsInline
          width={box.width}
          height={box.height}
        />
      )}
      <span class="media-duration">{formatDuration(media.durationMs)}</span>
    </div>
  );
}

function Voice({ message, media }: MediaProps) {
  const original = media.variants.find((v) => v.name === 'original');
  const audio = useRef<HTMLAudioElement>(null);
  const [playing, setPlaying] = useState(false);
  const [progress, setProgress] = useState(0);
  const url = original ? mediaUrl(message.chatId, message.id, original.key) : undefined;
  const levels = media.waveform.length > 0 ? [...media.waveform] : new Array<number>(40).fill(4);
  const toggle = () => {
    const element = audio.current;
    if (!element) return;
    if (element.paused) void element.play();
    else element.pause();
  };
  return (
    <div class="media-voice">
      <button
        type="button"
        class="icon-button voice-play"
        aria-label={playing ? t('media.pause') : t('media.play')}
        disabled={!url}
        onClick={(event) => {
          event.stopPropagation();
          toggle();
        }}
      >
        <Icon name={playing ? 'pause' : 'play'} />
      </button>
      <span class="waveform" aria-hidden="true">
        {levels.map((level, i) => (
          <span
            key={i}
            class={i / levels.length < progress ? 'bar played' : 'bar'}
            style={{ height: `${Math.max(2, (level / 31) * 100)}%` }}
          />
        ))}
      </span>
      <span class="media-duration">{formatDuration(media.durationMs)}</span>
      {url && (
        // biome-ignore lint/a11y/useMediaCaption: users' recordings come without a transcript.
        <audio
          ref={audio}
          src={url}
          preload="none"
          onPlay={() => setPlaying(true)}
          onPause={() => setPlaying(false)}
          onEnded={() => {
            setPlaying(false);
            setProgress(0);
          }}
          onTimeUpdate={(event) => {
            const element = event.currentTarget;
            const total = element.duration || media.durationMs / 1000;
            setProgress(total ? element.currentTime / total : 0);
          }}
        />
      )}
    </div>
  );
}

function DocumentCard({ message, media }: MediaProps) {
  const original = media.variants.find((v) => v.name === 'original');
  const url = original ? mediaUrl(message.chatId, message.id, original.key) : undefined;
  const name = media.fileName || t('media.document');
  return (
    <div class="media-document">
      <a
        class="document-icon"
        href={url}
        download={name}
        aria-label={t('media.download', { size: formatBytes(Number(media.size)) })}
      >
        <Icon name={media.kind === MediaKind.AUDIO ? 'play' : 'file'} />
      </a>
      <span class="document-body">
        <span class="document-name" dir="auto">
          {name}
        </span>
        <span class="document-size">{formatBytes(Number(media.size))}</span>
        {media.kind === MediaKind.AUDIO && url && (
          // biome-ignore lint/a11y/useMediaCaption: users' audio files come without a transcript.
          <audio src={url} preload="none" controls />
        )}
      </span>
    </div>
  );
}

function DownloadButton({ size, onClick }: { size: number; onClick: () => void }) {
  return (
    <button
      type="button"
      class="media-download"
      onClick={(event) => {
        event.stopPropagation();
        onClick();
      }}
    >
      <Icon name="download" size={18} />
      {t('media.download', { size: formatBytes(size) })}
    </button>
  );
}
