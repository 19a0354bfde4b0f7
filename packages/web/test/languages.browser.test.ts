import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import enMain from '../src/i18n/locales/en.json';
import enPanels from '../src/i18n/locales/panels/en.json';
import { message, NO_BROWSER, pickPerson, screenshot, send, TestBed, uniqueName } from './helpers/browser';

/** English, the catalog and the part its lazily loaded screens bring. */
const en = { ...enMain, ...enPanels };

const TIMEOUT = 120_000;
const GROUP = 'Nowruz trip';
/** A name in Arabic script, so the service messages mix scripts in every language. */
const SARA = 'سارا';

/** One language per script family; the expected texts are written out, not read from the catalogs. */
const SCRIPTS = [
  {
    language: 'ar',
    clockLabel: 'الساعة',
    time: /^[٠-٩]{1,2}:[٠-٩]{2}/,
    screenshot: 'languages-arabic-rtl',
    dir: 'rtl',
    settings: 'الإعدادات',
    menu: 'القائمة الرئيسية',
    languageLabel: 'اللغة',
    today: 'اليوم',
    members: 'عضوان',
    created: `أنشأ ${SARA} المجموعة «${GROUP}»`,
    pinned: `ثبّت ${SARA} رسالة`,
    greeting: 'مرحبًا بالجميع!',
  },
  {
    language: 'ru',
    clockLabel: 'Часы',
    // 24 hours, no AM or PM: 0:05 or 00:05 before ten, as ICU has it.
    time: /^\d{1,2}:\d{2}$/,
    screenshot: 'languages-cyrillic',
    dir: 'ltr',
    settings: 'Настройки',
    menu: 'Главное меню',
    languageLabel: 'Язык',
    today: 'Сегодня',
    members: '2 участника',
    created: `${SARA}: создана группа «${GROUP}»`,
    pinned: `${SARA}: закреплено сообщение`,
    greeting: 'Всем привет!',
  },
  {
    language: 'zh',
    clockLabel: '时间格式',
    time: /^(上午|下午|中午|晚上|凌晨|早上)\d{1,2}:\d{2}$/,
    screenshot: 'languages-cjk',
    dir: 'ltr',
    settings: '设置',
    menu: '主菜单',
    languageLabel: '语言',
    today: '今天',
    members: '2 位成员',
    created: `${SARA} 创建了群组「${GROUP}」`,
    pinned: `${SARA} 置顶了一条消息`,
    greeting: '大家好！',
  },
  {
    language: 'hi',
    clockLabel: 'घड़ी',
    time: /^[०-९]{1,2}:[०-९]{2}/,
    screenshot: 'languages-devanagari',
    dir: 'ltr',
    settings: 'सेटिंग्स',
    menu: 'मुख्य मेन्यू',
    languageLabel: 'भाषा',
    today: 'आज',
    members: '२ सदस्य',
    created: `${SARA} ने ग्रुप «${GROUP}» बनाया`,
    pinned: `${SARA} ने एक मैसेज पिन किया`,
    greeting: 'सभी को नमस्ते!',
  },
] as const;

// Skipped only where Chromium is missing outside CI; under CI=true it fails instead (helpers/browser.ts).
describe.skipIf(NO_BROWSER)('the app in Arabic, Russian, Chinese and Hindi', () => {
  let bed: TestBed;
  let sara: Page;
  let mina: Page;
  const names = { sara: uniqueName('sara'), mina: uniqueName('mina') };
  /** How the menu and the language field are labelled in the language shown now. */
  let current: { menu: string; settings: string; languageLabel: string } = {
    menu: en['app.menu'],
    settings: en['settings.title'],
    languageLabel: en['settings.language'],
  };

  beforeAll(async () => {
    bed = await TestBed.start();
    [sara, mina] = await Promise.all([
      bed.newPerson(names.sara, SARA),
      bed.newPerson(names.mina, 'Mina', { timezoneId: 'Asia/Tehran' }),
    ]);
    await sara.getByRole('button', { name: 'Main menu' }).click();
    await sara.getByRole('menuitem', { name: 'New group' }).click();
    await sara.locator('dialog input[name="title"]').fill(GROUP);
    await pickPerson(sara, names.mina);
    await sara.getByRole('button', { name: 'Create group with 1 person' }).click();
    await sara.locator('.service-text', { hasText: `You created the group «${GROUP}»` }).waitFor();
    await send(sara, 'Who is coming on Friday?');
    // Pinning needs the server's message id: wait until the message is no longer pending.
    const question = sara.locator('.message-row:not([data-pending])', {
      hasText: 'Who is coming on Friday?',
    });
    await question.locator('.bubble').click({ button: 'right' });
    await sara.getByRole('menuitem', { name: 'Pin', exact: true }).click();
    await mina.locator('.dialog-row', { hasText: GROUP }).click();
    await mina.locator('.service-text', { hasText: `${SARA} pinned a message` }).waitFor();
  }, TIMEOUT);

  afterAll(async () => {
    await bed?.dispose();
  });

  it(
    "starts in the browser's language: Portuguese of Portugal gets Brazil's, Urdu reads right to left",
    async () => {
      for (const [locale, lang, dir, signIn] of [
        ['pt-PT', 'pt-BR', 'ltr', 'Entrar'],
        ['ur-PK', 'ur', 'rtl', 'سائن اِن کریں'],
      ]) {
        const page = await bed.newPage({ locale });
        await page.locator('#tab-sign-in', { hasText: signIn }).waitFor();
        expect(
          await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir]),
        ).toEqual([lang, dir]);
        await page.context().close();
      }
    },
    TIMEOUT,
  );

  it(
    'names every language in its own script in the selector',
    async () => {
      await mina.getByRole('button', { name: en['app.menu'] }).click();
      await mina.getByRole('menuitem', { name: en['settings.title'] }).click();
      const options = mina.getByLabel(en['settings.language'], { exact: true }).locator('option');
      expect(await options.allTextContents()).toEqual([
        'Automatic',
        'English',
        'فارسی',
        'العربية',
        'Русский',
        '简体中文',
        'Türkçe',
        'اردو',
        'हिन्दी',
        'Português (Brasil)',
        'Bahasa Indonesia',
        'Oʻzbekcha',
        'Қазақ тілі',
      ]);
      await mina.getByRole('button', { name: en['common.back'] }).click();
    },
    TIMEOUT,
  );

  it.each(SCRIPTS)(
    'speaks $language: direction, labels and the group service messages',
    async (script) => {
      await mina.getByRole('button', { name: current.menu }).click();
      await mina.getByRole('menuitem', { name: current.settings }).click();
      await mina.getByLabel(current.languageLabel, { exact: true }).selectOption(script.language);
      await mina.locator('#settings-title', { hasText: script.settings }).waitFor();
      current = script;
      expect(
        await mina.evaluate(() => [document.documentElement.lang, document.documentElement.dir]),
      ).toEqual([script.language, script.dir]);
      // Devanagari digits in Hindi, a 12-hour clock in Chinese: both settings show in the times below.
      if (script.language === 'hi') await mina.getByLabel('अंक').selectOption('native');
      await mina.getByLabel(script.clockLabel).selectOption(script.language === 'zh' ? 'h12' : 'auto');

      await mina.locator('.dialog-row', { hasText: GROUP }).click();
      await mina.locator('.service-text', { hasText: script.created }).waitFor();
      const pinned = mina.locator('.service-text', { hasText: script.pinned });
      await pinned.waitFor();
      // The sentence reads in the UI's direction, not in that of the name it starts with.
      expect(await pinned.evaluate((element) => getComputedStyle(element).direction)).toBe(script.dir);
      expect(await pinned.locator('bdi').textContent()).toBe(SARA);
      expect(await mina.locator('.day-separator').first().textContent()).toBe(script.today);
      expect(await mina.locator('.chat-header').textContent()).toContain(script.members);

      await send(mina, script.greeting);
      const mine = message(mina, script.greeting);
      await mine.waitFor();
      expect(await mine.locator('.message-text').getAttribute('dir')).toBe(script.dir);
      if (script.language === 'hi')
        expect(await mine.locator('time').textContent()).toMatch(/^[०-९]{1,2}:[०-९]{2}/);
      if (script.dir === 'rtl') {
        // The layout mirrors: the chat list is on the right.
        const list = await mina.locator('.sidebar').boundingBox();
        const chat = await mina.locator('.conversation').boundingBox();
        expect(list && chat && list.x > chat.x).toBe(true);
      }
      await mina.locator('.message-row:not([data-pending])', { hasText: script.greeting }).waitFor();
      await screenshot(mina, script.screenshot);
    },
    TIMEOUT,
  );
});
