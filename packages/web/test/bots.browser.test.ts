import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  message,
  NO_BROWSER,
  openChatWith,
  screenshot,
  signUp,
  TestBed,
  uniqueName,
} from './helpers/browser';
import { HandBot } from './helpers/hand-bot';

const TIMEOUT = 120_000;

// Skipped only where Chromium is missing outside CI; under CI=true it fails instead (helpers/browser.ts).
describe.skipIf(NO_BROWSER)('a bot in the web app', () => {
  let bed: TestBed;
  let page: Page;
  let bot: HandBot;
  const person = uniqueName('botfan');
  const botName = `${uniqueName('kb')}_bot`;

  beforeAll(async () => {
    bed = await TestBed.start();
    page = await bed.newPage();
    await signUp(page, person, 'Bot Fan');
    bot = await HandBot.create(bed.server, person, botName, 'Keyboard Bot');
    await bot.call('setMyCommands', { commands: [{ command: 'start', description: 'Show the menu' }] });
  }, TIMEOUT);

  afterAll(async () => {
    await bed?.dispose();
  });

  it(
    'offers the command menu, shows inline buttons and the answer as an alert, and a reply keyboard',
    async () => {
      await openChatWith(page, botName);
      // A bot is marked as one beside its name, in the header and in the chat list.
      await page.locator('.chat-header .bot-badge', { hasText: 'bot' }).waitFor();
      await page.locator('.dialog-row .bot-badge', { hasText: 'bot' }).waitFor();
      await page.locator('.command-toggle').click();
      await page.locator('.command-list button', { hasText: '/start' }).click();
      const start = await bot.next();
      expect(start.message.text).toBe('/start');
      const chatId = start.message.chat.id;
      await bot.call('sendMessage', {
        chat_id: chatId,
        text: 'Pick a fruit',
        reply_markup: {
          inline_keyboard: [
            [
              { text: 'Apple', callback_data: 'apple' },
              { text: 'Pear', callback_data: 'pear' },
            ],
            [{ text: 'About', url: 'https://peyk.example/' }],
          ],
        },
      });
      const menu = message(page, 'Pick a fruit');
      await menu.locator('.inline-button', { hasText: 'Pear' }).waitFor();
      expect(await menu.locator('a.inline-button').getAttribute('href')).toBe('https://peyk.example/');
      await menu.locator('button.inline-button', { hasText: 'Pear' }).click();
      const press = await bot.next();
      expect(press.callback_query).toMatchObject({ data: 'pear', message: { text: 'Pick a fruit' } });
      await bot.call('answerCallbackQuery', {
        callback_query_id: press.callback_query.id,
        text: 'Pears are in season',
        show_alert: true,
      });
      await page.locator('dialog .bot-alert', { hasText: 'Pears are in season' }).waitFor();
      await screenshot(page, 'bot-keyboards');
      await page.locator('dialog .modal-actions button').click();

      await bot.call('sendMessage', {
        chat_id: chatId,
        text: 'How many?',
        reply_markup: {
          keyboard: [['One', 'Two'], [{ text: 'Many' }]],
          one_time_keyboard: true,
          resize_keyboard: true,
          input_field_placeholder: 'Choose a number',
        },
      });
      await page.locator('.reply-keyboard .reply-button', { hasText: 'Two' }).waitFor();
      expect(await page.locator('.composer-input').getAttribute('placeholder')).toBe('Choose a number');
      await page.locator('.reply-keyboard .reply-button', { hasText: 'Two' }).click();
      const answer = await bot.next();
      expect(answer.message.text).toBe('Two');
      // One-time: the keyboard is gone after the press.
      await expect.poll(() => page.locator('.reply-keyboard').count()).toBe(0);
    },
    TIMEOUT,
  );

  it(
    'opens a mini app with signed launch data; its main button closes it through window.Telegram.WebApp',
    async () => {
      const page_ = `<!doctype html><html><body><p id="who"></p>
<script src="${bed.appUrl}/peyk-web-app.js"></script>
<script>
  const app = window.Telegram.WebApp;
  app.ready();
  document.getElementById('who').textContent =
    app.initDataUnsafe.user.first_name + ' ' + (window.Peyk.WebApp === app && /hash=[0-9a-f]{64}/.test(app.initData) ? 'signed' : 'unsigned');
  app.MainButton.setText('Done').show().onClick(() => app.close());
</script></body></html>`;
      const miniApp = createServer((_request, response) => {
        response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        response.end(page_);
      });
      await new Promise<void>((resolve) => miniApp.listen(0, '127.0.0.1', resolve));
      try {
        const url = `http://127.0.0.1:${(miniApp.address() as AddressInfo).port}/app`;
        const [chat] = (await bot.call('getUpdates', { offset: -1 })).map(
          (u: { message: { chat: { id: number } } }) => u.message.chat.id,
        );
        await bot.call('sendMessage', {
          chat_id: chat,
          text: 'Open the shop',
          reply_markup: { inline_keyboard: [[{ text: 'Shop', web_app: { url } }]] },
        });
        await message(page, 'Open the shop').locator('button.inline-button', { hasText: 'Shop' }).click();
        const frame = page.frameLocator('iframe.mini-app-frame');
        await expect.poll(() => frame.locator('#who').textContent()).toBe('Bot Fan signed');
        await page.locator('.mini-app-main', { hasText: 'Done' }).click();
        await expect.poll(() => page.locator('iframe.mini-app-frame').count()).toBe(0);
      } finally {
        miniApp.closeAllConnections();
        await new Promise((resolve) => miniApp.close(resolve));
      }
    },
    TIMEOUT,
  );
});
