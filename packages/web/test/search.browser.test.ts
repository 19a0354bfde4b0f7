import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { PeykClient } from '@peyk/client';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { NO_BROWSER, openChatWith, ownText, screenshot, send, TestBed, uniqueName } from './helpers/browser';

const TIMEOUT = 180_000;
const run = promisify(execFile);
const bin = fileURLToPath(new URL('../../server/bin/peyk.mjs', import.meta.url));
const FILLER = 40;

/** Whether a message row is inside the visible part of the message list. */
async function inView(page: Page, text: string): Promise<boolean> {
  const list = await page.locator('.messages').boundingBox();
  const row = await ownText(page, text).boundingBox();
  return Boolean(list && row && row.y >= list.y && row.y + row.height <= list.y + list.height);
}

// Skipped only where Chromium is missing outside CI; under CI=true it fails instead (helpers/browser.ts).
describe.skipIf(NO_BROWSER)('searching messages on the server', () => {
  let bed: TestBed;
  let alice: Page;
  let bob: Page;
  let aliceSdk: PeykClient;
  let chatId = '';
  const aliceName = uniqueName('alice');
  const bobName = uniqueName('bob');

  beforeAll(async () => {
    bed = await TestBed.start();
    [alice, bob] = await Promise.all([bed.newPerson(aliceName, 'Alice'), bed.newPerson(bobName, 'Bob')]);
    await openChatWith(alice, bobName);
    chatId = new URL(alice.url()).hash.replace('#/chat/', '');
    // A second session of Alice's fills the chat around the messages she types in the app.
    aliceSdk = new PeykClient({ url: bed.server.wsUrl, WebSocket, deviceName: 'test' });
    await aliceSdk.connect();
    await aliceSdk.signIn({ username: aliceName, password: 'correct horse battery' });
    for (let i = 1; i <= FILLER; i++) await aliceSdk.sendMessage(chatId, `Before ${i}`);
    // Persian text typed with Arabic letters (ك, ي), as an Arabic keyboard gives it.
    await send(alice, 'كتاب خوبي است');
    await ownText(alice, 'كتاب خوبي است').waitFor();
    await send(alice, 'کتاب‌ها اینجا: https://example.com/books');
    await ownText(alice, 'example.com/books').waitFor();
    for (let i = 1; i <= FILLER; i++) await aliceSdk.sendMessage(chatId, `After ${i}`);
  }, TIMEOUT);

  afterAll(async () => {
    aliceSdk?.close();
    await bed?.dispose();
  });

  it(
    'finds «كتاب» by «کتاب» in every chat, highlights it and opens the chat at the message',
    async () => {
      await bob.locator('.dialog-row', { hasText: 'After 40' }).waitFor();
      await bob.locator('.sidebar-header .search-input').fill('کتاب');
      const result = bob.locator('.message-result', { hasText: 'خوبي' });
      await result.waitFor();
      expect(await result.locator('mark').allTextContents()).toEqual(['كتاب']);
      expect(await result.locator('.result-title').textContent()).toBe('Alice');
      // Both of Alice's messages match (newest first); the fillers do not.
      expect(await bob.locator('.message-result').count()).toBe(2);
      expect(await bob.locator('.message-result').first().locator('mark').textContent()).toBe('کتاب');
      await screenshot(bob, 'search-messages');

      await result.click();
      await expect.poll(() => new URL(bob.url()).hash).toBe(`#/chat/${chatId}`);
      await ownText(bob, 'كتاب خوبي است').waitFor();
      await expect.poll(() => inView(bob, 'كتاب خوبي است')).toBe(true);
      // Not the end of the chat: the view is at the message, in the middle of the history.
      expect(await inView(bob, 'After 40')).toBe(false);
    },
    TIMEOUT,
  );

  it(
    'shows nothing for a query without letters, and filters links only',
    async () => {
      await bob.locator('.sidebar-header .search-input').fill('?!');
      await bob.waitForTimeout(600);
      expect(await bob.locator('.message-results').count()).toBe(0);
      expect(await bob.locator('.search-results .form-error').count()).toBe(0);

      await bob.locator('.sidebar-header .search-input').fill('كتاب');
      await expect.poll(() => bob.locator('.message-result').count()).toBe(2);
      await bob.getByRole('button', { name: 'Filters' }).click();
      await bob.getByLabel('Links only').check();
      await expect.poll(() => bob.locator('.message-result').count()).toBe(1);
      await bob.locator('.message-result', { hasText: 'example.com' }).waitFor();
      await bob.locator('.sidebar-header .search-input').fill('');
    },
    TIMEOUT,
  );

  it(
    'searches inside a chat and steps through the results',
    async () => {
      await bob.goto(`${bed.url}#/chat/${chatId}`);
      await ownText(bob, 'After 40').waitFor();
      await bob.getByRole('button', { name: 'Search in this chat' }).click();
      await bob.getByRole('searchbox', { name: 'Search messages' }).fill('كتاب');
      const position = bob.locator('.chat-search-position');
      await expect.poll(() => position.textContent()).toBe('1 of 2');
      // The newest result first: the link message.
      await expect.poll(() => inView(bob, 'example.com/books')).toBe(true);
      await bob.getByRole('button', { name: 'Older result' }).click();
      await expect.poll(() => position.textContent()).toBe('2 of 2');
      await expect.poll(() => inView(bob, 'كتاب خوبي است')).toBe(true);
      expect(await bob.getByRole('button', { name: 'Older result' }).isDisabled()).toBe(true);
      await bob.getByRole('button', { name: 'Newer result' }).click();
      await expect.poll(() => position.textContent()).toBe('1 of 2');
      await screenshot(bob, 'search-in-chat');

      await bob.getByRole('searchbox', { name: 'Search messages' }).fill('Before 1');
      // "Before 1" matches "Before 1" and "Before 10"–"Before 19" by word prefix.
      await expect.poll(() => position.textContent()).toBe('1 of 11');
      await bob.getByRole('button', { name: 'Close search' }).click();
      expect(await bob.locator('.chat-search').count()).toBe(0);
    },
    TIMEOUT,
  );

  it(
    'finds public channels, people and bots in the directory, the exact @username first and a bot marked',
    async () => {
      const word = uniqueName('dir').replace('_', '');
      await aliceSdk.request('createChannel', {
        title: 'Directory News',
        username: `${word}_news`,
        broadcast: true,
      });
      await run(
        process.execPath,
        [bin, 'bot', 'create', '--owner', aliceName, '--username', `${word}_bot`, '--name', 'Guide'],
        { env: { ...process.env, PEYK_DATA_DIR: bed.server.dataDir, PEYK_STORE: 'sqlite' } },
      );
      await bob.goto(`${bed.url}#/`);
      const search = bob.locator('.sidebar-header .search-input');
      const rows = bob.locator('.directory-results .result-row');
      await search.fill(word);
      await expect.poll(() => rows.count()).toBe(2);
      // One member each: the channel before the bot (chats first on a tie).
      expect(await rows.nth(0).locator('.result-sub').textContent()).toBe(`@${word}_news · 1 subscriber`);
      expect(await rows.nth(1).locator('.result-title').textContent()).toBe('Guidebot');
      expect(await rows.nth(1).locator('.bot-badge').textContent()).toBe('bot');
      await screenshot(bob, 'search-directory');

      await search.fill(`@${word}_bot`);
      await expect.poll(() => rows.first().locator('.result-sub').textContent()).toBe(`@${word}_bot`);
      await rows.first().click();
      await bob.locator('.composer-input').waitFor();
      await search.fill(`${word}_news`);
      await rows.first().click();
      await expect.poll(() => new URL(bob.url()).hash).toBe(`#/@${word}_news`);
    },
    TIMEOUT,
  );
});
