/**
 * How dates are shown: the calendar, the digits, the first day of the week and the clock, each
 * "auto" (by language) or chosen.
 */
export type CalendarChoice = 'auto' | 'gregory' | 'persian' | 'islamic-umalqura';
/** `native` is the language's own digits (۰۱۲ for fa and ur, ٠١٢ for ar, ०१२ for hi). */
export type DigitsChoice = 'auto' | 'native' | 'latn' | 'arabext' | 'arab';
export type WeekStartChoice = 'auto' | 'saturday' | 'sunday' | 'monday';
export type HourCycleChoice = 'auto' | 'h12' | 'h23';

export interface DateSettings {
  /** A BCP 47 language tag: fa, ar, en-GB, pt-BR, ... */
  language: string;
  calendar: CalendarChoice;
  digits: DigitsChoice;
  /** Absent means auto. */
  weekStart?: WeekStartChoice;
  /** Absent means auto. */
  hourCycle?: HourCycleChoice;
  /** Tests pin a time zone; the app uses the browser's. */
  timeZone?: string;
}

/** The calendar a language uses unless the user chooses another: Persian (Solar Hijri) for fa. */
export function resolveCalendar({ language, calendar }: DateSettings): Exclude<CalendarChoice, 'auto'> {
  if (calendar !== 'auto') return calendar;
  return language.startsWith('fa') ? 'persian' : 'gregory';
}

/**
 * A language's own digits, where it has others than 0-9. Intl has no "native" numbering
 * system keyword, so the CLDR `native` numbering systems are listed here.
 */
const NATIVE_DIGITS: Record<string, Exclude<DigitsChoice, 'auto' | 'native'> | 'deva'> = {
  fa: 'arabext',
  ur: 'arabext',
  ar: 'arab',
  hi: 'deva',
};

function baseLanguage(language: string): string {
  return language.toLowerCase().split('-')[0] as string;
}

/** The numbering system of a language's own digits: `deva` for hi, `latn` for en. */
export function nativeDigits(language: string): string {
  return NATIVE_DIGITS[baseLanguage(language)] ?? 'latn';
}

/**
 * The digits a language uses unless the user chooses others: ۰۱۲ for fa, ٠١٢ for ar. Urdu and
 * Hindi software mostly writes 0-9 (CLDR's default for them too); their own digits are the
 * `native` choice.
 */
export function resolveDigits({ language, digits }: DateSettings): string {
  if (digits === 'native') return nativeDigits(language);
  if (digits !== 'auto') return digits;
  const base = baseLanguage(language);
  return base === 'fa' || base === 'ar' ? nativeDigits(base) : 'latn';
}

/** The first day of the week, 1 (Monday) to 7 (Sunday) as in Intl.Locale's week info. */
export function resolveWeekStart({ language, weekStart = 'auto' }: DateSettings): number {
  if (weekStart !== 'auto') return { monday: 1, saturday: 6, sunday: 7 }[weekStart];
  const locale = new Intl.Locale(language) as Intl.Locale & {
    weekInfo?: { firstDay: number };
    getWeekInfo?: () => { firstDay: number };
  };
  // Browsers and Node versions differ: newer ones have a method, older ones a getter.
  return (locale.getWeekInfo?.() ?? locale.weekInfo)?.firstDay ?? 1;
}

/** The Intl locale for these settings, e.g. `fa-u-ca-persian-nu-arabext`, `en-u-ca-gregory-nu-latn-hc-h23`. */
export function intlLocale(settings: DateSettings): string {
  const { hourCycle = 'auto' } = settings;
  const clock = hourCycle === 'auto' ? '' : `-hc-${hourCycle}`;
  return `${settings.language}-u-ca-${resolveCalendar(settings)}-nu-${resolveDigits(settings)}${clock}`;
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

/** Whole local days from the start of the week (by the chosen first day) to `nowSeconds`'s day. */
function daysIntoWeek(nowSeconds: number, settings: DateSettings): number {
  const weekday = formatter('en-US', { weekday: 'short', timeZone: settings.timeZone }).format(
    toDate(nowSeconds),
  );
  const isoDay = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(weekday) + 1;
  return (isoDay - resolveWeekStart(settings) + 7) % 7;
}

/** True when both moments fall in the same week, which starts on the user's first day of the week. */
export function sameWeek(unixSeconds: number, nowSeconds: number, settings: DateSettings): boolean {
  const day = dayKey(unixSeconds, settings);
  const days = daysIntoWeek(nowSeconds, settings);
  for (let back = 0; back <= days; back++) {
    if (day === dayKey(nowSeconds - back * 86_400, settings)) return true;
  }
  return false;
}

/**
 * The short date of a dialog row: the time today, the weekday within this week (which starts
 * on the user's first day of the week), the day and month this year, else the numeric date.
 */
export function formatListDate(unixSeconds: number, nowSeconds: number, settings: DateSettings): string {
  const date = toDate(unixSeconds);
  if (relativeDay(unixSeconds, nowSeconds, settings) === 'today') return formatTime(unixSeconds, settings);
  const locale = intlLocale(settings);
  const { timeZone } = settings;
  if (sameWeek(unixSeconds, nowSeconds, settings))
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

/** The ten digits 0-9 in a numbering system, for labels: `deva` → ०१२३४५६७८९. */
export function digitSample(numberingSystem: string): string {
  const format = new Intl.NumberFormat(`en-u-nu-${numberingSystem}`);
  return Array.from({ length: 10 }, (_, digit) => format.format(digit)).join('');
}

/** The name of a weekday (1 Monday … 7 Sunday) in the user's language. */
export function weekdayName(isoDay: number, settings: DateSettings): string {
  // 2024-01-01 was a Monday.
  const day = Date.UTC(2024, 0, isoDay) / 1000;
  return formatter(settings.language, { weekday: 'long', timeZone: 'UTC' }).format(toDate(day));
}
