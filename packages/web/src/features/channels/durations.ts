import { dateSettings, t } from '../../i18n/i18n';
import { formatDateTime, intlLocale } from '../../lib/dates';

/** How long a ban, a restriction or an invite link lasts: 0 means without end. */
export const DURATIONS = [0, 3600, 86400, 7 * 86400] as const;

/** Slow mode periods the server accepts, in seconds (0: off). */
export const SLOW_MODE_PERIODS = [0, 10, 30, 60, 300, 900, 3600] as const;

const UNITS: [seconds: number, unit: string][] = [
  [7 * 86400, 'week'],
  [86400, 'day'],
  [3600, 'hour'],
  [60, 'minute'],
  [1, 'second'],
];

/** A period in the user's language and digits, "10 sec", "1 hour", by the largest whole unit. */
export function formatPeriod(seconds: number, unitDisplay: 'short' | 'long' = 'long'): string {
  const [size, unit] = UNITS.find(([size]) => seconds % size === 0) ?? [1, 'second'];
  return new Intl.NumberFormat(intlLocale(dateSettings.value), { style: 'unit', unit, unitDisplay }).format(
    seconds / size,
  );
}

/** The end of a period that starts now, in Unix seconds; 0 stays 0 (no end). */
export function untilFromNow(seconds: number): number {
  return seconds === 0 ? 0 : Math.floor(Date.now() / 1000) + seconds;
}

/** "until <date and time>", or "until lifted" for 0. */
export function untilText(until: number): string {
  return until
    ? t('channels.until', { date: formatDateTime(until, dateSettings.value) })
    : t('channels.untilLifted');
}
