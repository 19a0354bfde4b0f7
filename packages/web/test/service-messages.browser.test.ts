import { PeykClient } from '@peyk/client';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { NO_BROWSER, screenshot, signUp, TestBed, uniqueName } from './helpers/browser';
import { sdkUser } from './helpers/sdk';

const TIMEOUT = 180_000;
/** The actor's name is in Arabic script in every language, so each sentence mixes scripts. */
const SARA = 'سارا';
const FIRST = 'Nowruz trip';
const RENAMED = 'Yalda night';

/**
 * One language per script family. The expected sentences are written out here, not read from
 * the catalogs: this is what a reader of each language must see.
 */
const LANGUAGES = [
  {
    language: 'fa',
    dir: 'rtl',
    sentences: [
      `${SARA} گروه «${FIRST}» را ساخت`,
      `${SARA}، Mina را افزود`,
      'Reza به گروه پیوست',
      `${SARA} نام گروه را به «${RENAMED}» تغییر داد`,
      `${SARA} پیامی را سنجاق کرد`,
    ],
  },
  {
    language: 'ru',
    dir: 'ltr',
    sentences: [
      `${SARA}: создана группа «${FIRST}»`,
      `${SARA}: добавлен(ы) Mina`,
      'Reza вступает в группу',
      `${SARA}: группа переименована в «${RENAMED}»`,
      `${SARA}: закреплено сообщение`,
    ],
  },
  {
    language: 'zh',
    dir: 'ltr',
    sentences: [
      `${SARA} 创建了群组「${FIRST}」`,
      `${SARA} 添加了 Mina`,
      'Reza 加入了群组',
      `${SARA} 将群名改为「${RENAMED}」`,
      `${SARA} 置顶了一条消息`,
    ],
  },
  {
    language: 'hi',
    dir: 'ltr',
    sentences: [
      `${SARA} ने ग्रुप «${FIRST}» बनाया`,
      `${SARA} ने Mina को जोड़ा`,
      'Reza ने ग्रुप जॉइन किया',
      `${SARA} ने ग्रुप का नाम बदलकर «${RENAMED}» कर दिया`,
      `${SARA} ने एक मैसेज पिन किया`,
    ],
  },
] as const;

// Skipped only where Chromium is missing outside CI; under CI=true it fails instead (helpers/browser.ts).
describe.skipIf(NO_BROWSER)('service messages in Persian, Russian, Chinese and Hindi', () => {
  let bed: TestBed;
  let mina: Page;
  let minaSdk: PeykClient;
  let chatId = '';
  const names = { mina: uniqueName('mina'), sara: uniqueName('sara'), reza: uniqueName('reza') };

  beforeAll(async () => {
    bed = await TestBed.start();
    mina = await bed.newPage();
    await signUp(mina, names.mina, 'Mina');
    minaSdk = new PeykClient({ url: bed.server.wsUrl, WebSocket, deviceName: 'test' });
    await minaSdk.connect();
    await minaSdk.signIn({ username: names.mina, password: 'correct horse battery' });
    const sara = await sdkUser(bed.server.wsUrl, names.sara, SARA);
    const reza = await sdkUser(bed.server.wsUrl, names.reza, 'Reza');
    // Created, a member added, one who joined by the public name, renamed, a message pinned.
    const group = await sara.client.request('createChannel', { title: FIRST, username: `${names.sara}_g` });
    chatId = group.id;
    await sara.client.request('addMembers', { chatId, userIds: [minaSdk.user?.id ?? ''] });
    await reza.client.request('joinChat', { chatId });
    await sara.client.request('renameChat', { chatId, title: RENAMED });
    const question = await sara.client.sendMessage(chatId, 'Pomegranates or watermelon?');
    await sara.client.request('setMessagePinned', { chatId, messageId: question.id, pinned: true });
    sara.client.close();
    reza.client.close();
  }, TIMEOUT);

  afterAll(async () => {
    minaSdk?.close();
    await bed?.dispose();
  });

  it.each(LANGUAGES)(
    'renders them in $language, reading in the language direction',
    async ({ language, dir, sentences }) => {
      // Chosen on another device of Mina's: the open page follows (settings live with the account).
      await minaSdk.request('setSettings', { settings: { language } });
      await expect.poll(() => mina.evaluate(() => document.documentElement.lang)).toBe(language);
      await mina.goto(`${bed.url}#/chat/${chatId}`);
      const texts = mina.locator('.service-text');
      await expect.poll(() => texts.allTextContents()).toEqual([...sentences]);
      // Every sentence reads in the language's direction, whatever script the names are in.
      const directions = await texts.evaluateAll((elements) =>
        elements.map((element) => getComputedStyle(element).direction),
      );
      expect(directions).toEqual(sentences.map(() => dir));
      expect(await mina.evaluate(() => document.documentElement.dir)).toBe(dir);
      await screenshot(mina, `service-${language}`);
    },
    TIMEOUT,
  );
});
