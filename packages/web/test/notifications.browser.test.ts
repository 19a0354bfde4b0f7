import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NO_BROWSER, openChatWith, send, signUp, TestBed, uniqueName } from './helpers/browser';

const TIMEOUT = 120_000;

/** Pretends the tab is in the background and records notifications instead of showing them. */
function fakeBackgroundTab() {
  const w = window as unknown as { __hidden: boolean; __notes: { title: string; body: string }[] };
  w.__hidden = false;
  w.__notes = [];
  Object.defineProperty(document, 'visibilityState', { get: () => (w.__hidden ? 'hidden' : 'visible') });
  Object.defineProperty(document, 'hidden', { get: () => w.__hidden });
  class FakeNotification {
    static permission = 'granted';
    static requestPermission = async () => 'granted';
    onclick: (() => void) | null = null;
    constructor(title: string, options: { body?: string } = {}) {
      w.__notes.push({ title, body: options.body ?? '' });
    }
    close() {}
  }
  Object.defineProperty(window, 'Notification', { value: FakeNotification });
}

// Skipped only where Chromium is missing outside CI; under CI=true it fails instead (helpers/browser.ts).
describe.skipIf(NO_BROWSER)('notifications while the app is in a background tab', () => {
  let bed: TestBed;
  let alice: Page;
  let bob: Page;
  const aliceName = uniqueName('alice');
  const bobName = uniqueName('bob');

  const notes = () => bob.evaluate(() => (window as unknown as { __notes: unknown[] }).__notes);
  const hide = (hidden: boolean) =>
    bob.evaluate((value) => {
      (window as unknown as { __hidden: boolean }).__hidden = value;
      document.dispatchEvent(new Event('visibilitychange'));
    }, hidden);

  beforeAll(async () => {
    bed = await TestBed.start();
    const context = await bed.newContext();
    await context.addInitScript(fakeBackgroundTab);
    bob = await context.newPage();
    await bob.goto(bed.url);
    alice = await bed.newPage();
    await Promise.all([signUp(alice, aliceName, 'Alice'), signUp(bob, bobName, 'Bob')]);
    await openChatWith(alice, bobName);
  }, TIMEOUT);

  afterAll(async () => {
    await bed?.dispose();
  });

  it(
    'shows the sender and a preview, and counts unread messages in the title',
    async () => {
      await hide(true);
      await send(alice, 'Are you awake?');
      await expect.poll(notes).toEqual([{ title: 'Alice', body: 'Are you awake?' }]);
      await expect.poll(() => bob.title()).toBe('(1) Peyk');
      await send(alice, 'Second one');
      await expect.poll(() => bob.title()).toBe('(2) Peyk');
    },
    TIMEOUT,
  );

  it(
    'hides the preview when asked, and stays quiet for muted chats',
    async () => {
      await hide(false);
      await bob.getByRole('button', { name: 'Main menu' }).click();
      await bob.getByRole('menuitem', { name: 'Settings' }).click();
      await bob.getByRole('switch', { name: 'Show sender and text in notifications' }).uncheck();
      await hide(true);
      await send(alice, 'Secret plans');
      await expect.poll(async () => (await notes()).at(-1)).toEqual({ title: 'Peyk', body: 'New message' });

      await hide(false);
      await bob.locator('.dialog-row', { hasText: 'Alice' }).click();
      await bob.getByRole('button', { name: 'Chat menu' }).click();
      await bob.getByRole('menuitem', { name: 'Mute notifications' }).click();
      await bob.locator('.dialog-row .mark[title="Muted"]').waitFor();
      // Reading the open chat clears the count.
      await expect.poll(() => bob.title()).toBe('Peyk');
      await hide(true);
      const before = (await notes()).length;
      await send(alice, 'Nobody hears this');
      await bob.locator('.dialog-row', { hasText: 'Nobody hears this' }).waitFor();
      await bob.waitForTimeout(300);
      expect((await notes()).length).toBe(before);
    },
    TIMEOUT,
  );
});
