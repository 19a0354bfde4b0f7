import { describe, expect, it } from 'vitest';
import {
  type DateSettings,
  dayKey,
  formatDay,
  formatListDate,
  formatNumber,
  formatTime,
  relativeDay,
  resolveWeekStart,
  sameWeek,
} from './dates';

const tz = 'Asia/Tehran';
const fa: DateSettings = { language: 'fa', calendar: 'auto', digits: 'auto', timeZone: tz };
const ar: DateSettings = { language: 'ar', calendar: 'auto', digits: 'auto', timeZone: tz };
const en: DateSettings = { language: 'en', calendar: 'auto', digits: 'auto', timeZone: tz };
// 2024-03-20 14:05 in Tehran (UTC+3:30): Nowruz 1403, 1 Farvardin.
const nowruz = Date.UTC(2024, 2, 20, 10, 35) / 1000;

describe('dates', () => {
  it('writes Persian times with Persian digits', () => {
    expect(formatTime(nowruz, fa)).toBe('۱۴:۰۵');
  });

  it('writes Arabic times with Arabic digits', () => {
    expect(formatTime(nowruz, ar)).toMatch(/^[٠-٩]+:[٠-٩]{2}/);
  });

  it('uses the Persian calendar for fa and the Gregorian one for en', () => {
    expect(formatDay(nowruz, nowruz, fa)).toBe('۱ فروردین');
    expect(formatDay(nowruz, nowruz, en)).toBe('March 20');
  });

  it('lets the user choose another calendar and digits', () => {
    const gregorianLatin: DateSettings = { ...fa, calendar: 'gregory', digits: 'latn' };
    expect(formatDay(nowruz, nowruz, gregorianLatin)).toBe('20 مارس');
    expect(formatTime(nowruz, gregorianLatin)).toBe('14:05');
    expect(formatDay(nowruz, nowruz, { ...en, calendar: 'persian' })).toMatch(/Farvardin 1/);
  });

  it('adds the year (of the chosen calendar) for other years', () => {
    const lastYear = nowruz - 2 * 86_400; // 28 Esfand 1402
    expect(formatDay(lastYear, nowruz, fa)).toBe('۲۸ اسفند ۱۴۰۲');
    expect(formatDay(lastYear, nowruz, en)).toBe('March 18');
  });

  it('knows today and yesterday in the local time zone', () => {
    expect(relativeDay(nowruz - 3600, nowruz, en)).toBe('today');
    expect(relativeDay(nowruz - 86_400, nowruz, en)).toBe('yesterday');
    expect(relativeDay(nowruz - 3 * 86_400, nowruz, en)).toBeUndefined();
    expect(dayKey(nowruz, en)).toBe('2024-03-20');
  });

  it('shortens dates for the dialog list', () => {
    expect(formatListDate(nowruz - 60, nowruz, en)).toBe('2:04 PM');
    expect(formatListDate(nowruz - 2 * 86_400, nowruz, en)).toBe('Mon');
    expect(formatListDate(nowruz - 30 * 86_400, nowruz, en)).toBe('Feb 19');
    expect(formatListDate(nowruz - 400 * 86_400, nowruz, en)).toBe('2/14/23');
  });

  it('formats numbers in the chosen digits', () => {
    expect(formatNumber(1234, fa)).toBe('۱٬۲۳۴');
    expect(formatNumber(42, { ...fa, digits: 'latn' })).toBe('42');
  });

  it('writes each language its own way, in its default digits', () => {
    const day = (language: string) => formatDay(nowruz, nowruz, { ...en, language });
    expect(day('ru')).toBe('20 марта');
    expect(day('pt-BR')).toBe('20 de março');
    expect(day('zh')).toBe('3月20日');
    expect(day('hi')).toBe('20 मार्च');
    expect(day('ur')).toBe('20 مارچ');
    expect(day('kk')).toBe('20 наурыз');
    expect(formatTime(nowruz, { ...en, language: 'hi' })).toMatch(/^2:05 (pm|PM|अपराह्न)$/);
  });

  it('writes native digits when chosen: Devanagari for hi, Extended Arabic-Indic for ur', () => {
    expect(formatTime(nowruz, { ...en, language: 'hi', digits: 'native' })).toMatch(/^२:०५/);
    expect(formatTime(nowruz, { ...en, language: 'ur', digits: 'native' })).toMatch(/^۲:۰۵/);
    expect(formatNumber(1234, { ...en, language: 'ur', digits: 'native' })).toBe('۱٬۲۳۴');
    expect(formatNumber(1234, { ...en, language: 'ar', digits: 'native' })).toBe('١٬٢٣٤');
    expect(formatNumber(1234, { ...en, language: 'ru', digits: 'native' })).toBe('1\u00a0234');
  });

  it('counts days in the Hijri calendar for ar and ur when chosen', () => {
    // 20 March 2024 was 10 Ramadan 1445.
    const hijri = { ...en, calendar: 'islamic-umalqura' } as const;
    expect(formatDay(nowruz, nowruz, { ...hijri, language: 'ar' })).toBe('١٠ رمضان');
    expect(formatDay(nowruz, nowruz, { ...hijri, language: 'ur' })).toBe('10 رمضان');
    expect(formatDay(nowruz, nowruz, { ...hijri, language: 'ur', digits: 'native' })).toBe('۱۰ رمضان');
  });

  it('shows a 12- or 24-hour clock as chosen', () => {
    expect(formatTime(nowruz, { ...en, hourCycle: 'h23' })).toBe('14:05');
    expect(formatTime(nowruz, { ...fa, hourCycle: 'h12' })).toMatch(/^۲:۰۵ /);
    expect(formatTime(nowruz, { ...en, language: 'ru', hourCycle: 'h12' })).toMatch(/^2:05 /);
  });

  it("starts the week on the language's day unless another is chosen", () => {
    expect(resolveWeekStart(fa)).toBe(6);
    expect(resolveWeekStart(en)).toBe(7);
    expect(resolveWeekStart({ ...en, language: 'ru' })).toBe(1);
    expect(resolveWeekStart({ ...fa, weekStart: 'monday' })).toBe(1);
  });

  it('names the weekday only within this week, which starts on the chosen day', () => {
    // Nowruz 2024 was a Wednesday; the Sunday before is in the same week only when weeks start
    // on Saturday or Sunday.
    const sunday = nowruz - 3 * 86_400;
    expect(sameWeek(sunday, nowruz, { ...en, weekStart: 'saturday' })).toBe(true);
    expect(sameWeek(sunday, nowruz, { ...en, weekStart: 'monday' })).toBe(false);
    expect(formatListDate(sunday, nowruz, { ...en, weekStart: 'sunday' })).toBe('Sun');
    expect(formatListDate(sunday, nowruz, { ...en, weekStart: 'monday' })).toBe('Mar 17');
    expect(formatListDate(sunday, nowruz, fa)).toBe('یکشنبه');
  });
});
