import { describe, expect, it } from 'vitest';
import {
  type DateSettings,
  dayKey,
  formatDay,
  formatListDate,
  formatNumber,
  formatTime,
  relativeDay,
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
});
