import { MediaKind, type Message } from '@peyk/protocol';
import { dateSettings, t } from '../../i18n/i18n';
import { resolveDigits } from '../../lib/dates';

/** "4.2 MB", "820 KB" in the user's digits. */
export function formatBytes(bytes: number): string {
  const settings = dateSettings.value;
  const units = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const;
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return new Intl.NumberFormat(`${settings.language}-u-nu-${resolveDigits(settings)}`, {
    style: 'unit',
    unit: units[unit],
    unitDisplay: 'short',
    maximumFractionDigits: value < 10 && unit > 0 ? 1 : 0,
  }).format(value);
}

/** m:ss of a duration in milliseconds. */
export function formatDuration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

/** What a media message is called in lists when it has no caption. */
export function mediaLabel(message: Message): string {
  const media = message.media;
  if (!media) return '';
  switch (media.kind) {
    case MediaKind.PHOTO:
      return t('media.photo');
    case MediaKind.VIDEO:
      return t('media.video');
    case MediaKind.VOICE:
      return t('media.voice');
    case MediaKind.AUDIO:
      return media.fileName || t('media.audio');
    default:
      return media.fileName || t('media.document');
  }
}
