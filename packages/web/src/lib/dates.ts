/** How dates are shown: the calendar and the digits, each "auto" (by language) or chosen. */
export type CalendarChoice = 'auto' | 'gregory' | 'persian' | 'islamic-umalqura';
export type DigitsChoice = 'auto' | 'latn' | 'arabext' | 'arab';

export interface DateSettings {
  /** A BCP 47 language tag: fa, ar, en, ru, zh. */
  language: string;
  calendar: CalendarChoice;
  digits: DigitsChoice;
  /** Tests pin a time zone; the app uses the browser's. */
  timeZone?: string;
}

/** The calendar a language uses unless the user chooses another: Persian (Solar Hijri) for fa. */
export function resolveCalendar({ language, calendar }: DateSettings): Exclude<CalendarChoice, 'auto'> {
  if (calendar !== 'auto') return calendar;
  return language.startsWith('fa') ? 'persian' : 'gregory';
}

/** The digits a language uses unless the user chooses others: ۰۱۲ for fa, ٠١٢ for ar. */
export function resolveDigits({ language, digits }: DateSettings): Exclude<DigitsChoice, 'auto'> {
  if (digits !== 'auto') return digits;
  if (language.startsWith('fa')) return 'arabext';
  if (language.startsWith('ar')) return 'arab';
  return 'latn';
}

/** The Intl locale for these settings, e.g. `fa-u-ca-persian-nu-arabext`. */
export function intlLocale(settings: DateSettings): string {
  return `${settings.language}-u-ca-${resolveCalendar(settings)}-nu-${resolveDigits(settings)}`;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let format = formatters.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, options);
    formatters.set(key, format);
  }
  return format;
}

const numberFormats = new Map<string, Intl.NumberFormat>();

/** A number in the user's digits. */
export function formatNumber(value: number, settings: DateSettings): string {
  const locale = `${settings.language}-u-nu-${resolveDigits(settings)}`;
  let format = numberFormats.get(locale);
  if (!format) {
    format = new Intl.NumberFormat(locale);
    numberFormats.set(locale, format);
  }
  return format.format(value);
}

function toDate(unixSeconds: number): Date {
  return new Date(unixSeconds * 1000);
}

/** The time of day, e.g. 14:05, ۱۴:۰۵, 2:05 PM. */
export function formatTime(unixSeconds: number, settings: DateSettings): string {
  return formatter(intlLocale(settings), {
    hour: 'numeric',
    minute: '2-digit',
    timeZone: settings.timeZone,
  }).format(toDate(unixSeconds));
}

/** A key that is equal for two moments on the same local day (calendar-independent). */
export function dayKey(unixSeconds: number, settings: Pick<DateSettings, 'timeZone'>): string {
  return formatter('en-CA-u-ca-gregory-nu-latn', {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    timeZone: settings.timeZone,
  }).format(toDate(unixSeconds));
}

function yearOf(unixSeconds: number, settings: DateSettings): string {
  const parts = formatter(intlLocale(settings), {
    year: 'numeric',
    timeZone: settings.timeZone,
  }).formatToParts(toDate(unixSeconds));
  return parts.find((part) => part.type === 'year')?.value ?? '';
}

/** 'today' or 'yesterday' relative to `now`, else undefined. */
export function relativeDay(
  unixSeconds: number,
  nowSeconds: number,
  settings: Pick<DateSettings, 'timeZone'>,
): 'today' | 'yesterday' | undefined {
  const key = dayKey(unixSeconds, settings);
  if (key === dayKey(nowSeconds, settings)) return 'today';
  if (key === dayKey(nowSeconds - 86_400, settings)) return 'yesterday';
  return undefined;
}

/** A day for a date separator: "20 March", "۲۹ اسفند", with the year when not this year's. */
export function formatDay(unixSeconds: number, nowSeconds: number, settings: DateSettings): string {
  const sameYear = yearOf(unixSeconds, settings) === yearOf(nowSeconds, settings);
  const options: Intl.DateTimeFormatOptions = sameYear
    ? { day: 'numeric', month: 'long', timeZone: settings.timeZone }
    : { day: 'numeric', month: 'long', year: 'numeric', timeZone: settings.timeZone };
  return formatter(intlLocale(settings), options).format(toDate(unixSeconds));
}

/**
 * The short date of a dialog row: the time today, the weekday within a week, the day and month
 * this year, else the numeric date.
 */
export function formatListDate(unixSeconds: number, nowSeconds: number, settings: DateSettings): string {
  const date = toDate(unixSeconds);
  if (relativeDay(unixSeconds, nowSeconds, settings) === 'today') return formatTime(unixSeconds, settings);
  const locale = intlLocale(settings);
  const { timeZone } = settings;
  if (nowSeconds - unixSeconds < 6 * 86_400)
    return formatter(locale, { weekday: 'short', timeZone }).format(date);
  if (yearOf(unixSeconds, settings) === yearOf(nowSeconds, settings)) {
    return formatter(locale, { day: 'numeric', month: 'short', timeZone }).format(date);
  }
  return formatter(locale, { day: 'numeric', month: 'numeric', year: '2-digit', timeZone }).format(date);
}

/** Date and time in full, for tooltips ("edited at", session lists). */
export function formatDateTime(unixSeconds: number, settings: DateSettings): string {
  return formatter(intlLocale(settings), {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: settings.timeZone,
  }).format(toDate(unixSeconds));
}
