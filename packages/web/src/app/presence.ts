import { PresenceKind, type User } from '@peyk/protocol';
import { dateSettings, t } from '../i18n/i18n';
import { formatDay, formatTime, relativeDay } from '../lib/dates';

export function isOnline(user: User | undefined): boolean {
  return user?.presence?.kind === PresenceKind.ONLINE;
}

/** "online", "last seen today at 14:05", "last seen recently" (hidden by privacy). */
export function presenceText(user: User | undefined): string {
  const presence = user?.presence;
  if (presence?.kind === PresenceKind.ONLINE) return t('presence.online');
  if (presence?.kind === PresenceKind.OFFLINE && presence.lastSeenAt > 0) {
    const settings = dateSettings.value;
    const now = Math.floor(Date.now() / 1000);
    const when = presence.lastSeenAt;
    const time = formatTime(when, settings);
    const day = relativeDay(when, now, settings);
    if (day === 'today') return t('presence.lastSeenToday', { time });
    if (day === 'yesterday') return t('presence.lastSeenYesterday', { time });
    return t('presence.lastSeenOn', { date: formatDay(when, now, settings) });
  }
  return t('presence.recently');
}
