import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { message, NO_BROWSER, openChatWith, screenshot, send, TestBed, uniqueName } from './helpers/browser';

const TIMEOUT = 120_000;
const PERSIAN_TIME = /^[۰-۹]{1,2}:[۰-۹]{2}$/;
/** A 24-hour clock: no AM or PM; the hour has one digit or two (0:05 or 00:05, as ICU has it). */
const TIME_24H = /^\d{1,2}:\d{2}$/;

// Skipped only where Chromium is missing outside CI; under CI=true it fails instead (helpers/browser.ts).
describe.skipIf(NO_BROWSER)('languages, directions, themes and widths', () => {
  let bed: TestBed;
  let dariush: Page;
  let emma: Page;
  const dariushName = uniqueName('dariush');
  const emmaName = uniqueName('emma');

  beforeAll(async () => {
    bed = await TestBed.start();
    [dariush, emma] = await Promise.all([
      bed.newPerson(dariushName, 'داریوش رضایی', { locale: 'fa-IR', timezoneId: 'Asia/Tehran' }),
      bed.newPerson(emmaName, 'Emma Brown', {
        locale: 'en-GB',
        colorScheme: 'dark',
        timezoneId: 'Europe/London',
      }),
    ]);
  }, TIMEOUT);

  afterAll(async () => {
    await bed?.dispose();
  });

  it(
    'follows the browser language: Persian, right to left, Persian digits',
    async () => {
      expect(
        await dariush.evaluate(() => [document.documentElement.lang, document.documentElement.dir]),
      ).toEqual(['fa', 'rtl']);
      expect(await dariush.locator('.sidebar-header .search-input').getAttribute('placeholder')).toBe(
        'جستجو',
      );

      await openChatWith(dariush, emmaName);
      await send(dariush, 'سلام Emma! این پیام را با Peyk فرستادم.');
      await send(dariush, 'Hello in English, with one word فارسی inside.');
      const persian = message(dariush, 'سلام Emma!');
      await persian.waitFor();
      expect(await persian.locator('.message-text').getAttribute('dir')).toBe('rtl');
      expect(await message(dariush, 'Hello in English').locator('.message-text').getAttribute('dir')).toBe(
        'ltr',
      );
      expect(await persian.locator('time').textContent()).toMatch(PERSIAN_TIME);

      // The layout mirrors: the list is on the right, own messages on the left.
      const list = await dariush.locator('.sidebar').boundingBox();
      const chat = await dariush.locator('.conversation').boundingBox();
      expect(list && chat && list.x > chat.x).toBe(true);
      const bubble = await persian.locator('.bubble').boundingBox();
      expect(bubble && chat && bubble.x < chat.x + chat.width / 2).toBe(true);
      expect(await dariush.locator('.day-separator').first().textContent()).toBe('امروز');
    },
    TIMEOUT,
  );

  it(
    'shows English, in dark, to the other person, with the Persian message right to left',
    async () => {
      expect(
        await emma.evaluate(() => [
          document.documentElement.lang,
          document.documentElement.dir,
          document.documentElement.dataset.theme,
        ]),
      ).toEqual(['en', 'ltr', 'dark']);
      await emma.locator('.dialog-row', { hasText: 'داریوش رضایی' }).click();
      const persian = message(emma, 'سلام Emma!');
      await persian.waitFor();
      expect(await persian.locator('.message-text').getAttribute('dir')).toBe('rtl');
      expect(await persian.locator('time').textContent()).toMatch(TIME_24H);
      await send(emma, 'Merci! Got both of them 🙂');
      await message(dariush, 'Merci!').waitFor();
      await message(emma, 'Hello in English').locator('.bubble').click({ button: 'right' });
      await emma.getByRole('menuitemradio', { name: 'React with ❤️' }).click();
      await message(dariush, 'Hello in English').locator('.reaction:not(.who)').waitFor();
      await screenshot(emma, 'desktop-dark');
      await screenshot(dariush, 'desktop-persian');
    },
    TIMEOUT,
  );

  it(
    'changes language, calendar and digits in settings',
    async () => {
      await emma.getByRole('button', { name: 'Main menu' }).click();
      await emma.getByRole('menuitem', { name: 'Settings' }).click();
      await emma.getByLabel('Language', { exact: true }).selectOption('ru');
      await emma.locator('#settings-title', { hasText: 'Настройки' }).waitFor();
      await emma.getByLabel('Календарь').selectOption('persian');
      await emma.getByLabel('Цифры').selectOption('arabext');
      await emma.locator('.dialog-row', { hasText: 'داریوش رضایی' }).click();
      expect(await message(emma, 'Merci!').locator('time').textContent()).toMatch(PERSIAN_TIME);
      expect(await emma.locator('.day-separator').first().textContent()).toBe('Сегодня');
      await emma.getByRole('button', { name: 'Главное меню' }).click();
      await emma.getByRole('menuitem', { name: 'Настройки' }).click();
      await emma.getByLabel('Язык', { exact: true }).selectOption('en');
      await emma.getByLabel('Calendar').selectOption('auto');
      await emma.getByLabel('Digits').selectOption('auto');
      await emma.locator('.dialog-row', { hasText: 'داریوش رضایی' }).click();
      expect(await message(emma, 'Merci!').locator('time').textContent()).toMatch(TIME_24H);
    },
    TIMEOUT,
  );

  it(
    'fits a 360 px phone: one pane at a time',
    async () => {
      const phone = await bed.newPage({
        locale: 'fa-IR',
        viewport: { width: 360, height: 740 },
        isMobile: true,
        hasTouch: true,
      });
      await phone.locator('#tab-sign-in').click();
      await phone.locator('input[name="username"]').fill(dariushName);
      await phone.locator('input[name="password"]').fill('correct horse battery');
      await phone.locator('form button[type="submit"]').click();
      const row = phone.locator('.dialog-row', { hasText: 'Emma Brown' });
      await row.waitFor();
      expect(await phone.locator('.main-pane').isVisible()).toBe(false);
      const width = await phone.evaluate(() => document.documentElement.scrollWidth);
      expect(width).toBeLessThanOrEqual(360);
      await screenshot(phone, 'phone-list-persian');
      await row.click();
      await message(phone, 'Merci!').waitFor();
      expect(await phone.locator('.sidebar').isVisible()).toBe(false);
      expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
      await screenshot(phone, 'phone-conversation-persian');
      await phone.getByRole('button', { name: 'بازگشت' }).click();
      await row.waitFor();
    },
    TIMEOUT,
  );
});
