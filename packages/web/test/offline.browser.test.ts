import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { message, NO_BROWSER, openChatWith, send, TestBed, uniqueName } from './helpers/browser';

const TIMEOUT = 120_000;

// Skipped only where Chromium is missing outside CI; under CI=true it fails instead (helpers/browser.ts).
describe.skipIf(NO_BROWSER)('offline and flaky networks', () => {
  let bed: TestBed;
  let alice: Page;
  let bob: Page;
  const aliceName = uniqueName('alice');
  const bobName = uniqueName('bob');

  beforeAll(async () => {
    bed = await TestBed.start();
    [alice, bob] = await Promise.all([bed.newPerson(aliceName, 'Alice'), bed.newPerson(bobName, 'Bob')]);
    await openChatWith(alice, bobName);
    await send(alice, 'Before the tunnel');
    await bob.locator('.dialog-row', { hasText: 'Alice' }).click();
    await message(bob, 'Before the tunnel').waitFor();
  }, TIMEOUT);

  afterAll(async () => {
    await bed?.dispose();
  });

  it(
    'keeps messages written offline as pending and sends each once on reconnect',
    async () => {
      await alice.context().setOffline(true);
      await alice.locator('.connection-banner', { hasText: 'Waiting for network' }).waitFor();
      await send(alice, 'Written in the tunnel 1');
      await send(alice, 'Written in the tunnel 2');
      await alice
        .locator('.message-row[data-pending="pending"]', { hasText: 'Written in the tunnel 2' })
        .waitFor();
      expect(await alice.locator('.message-row[data-pending]').count()).toBe(2);
      await bob.waitForTimeout(1000);
      expect(await message(bob, 'Written in the tunnel').count()).toBe(0);

      await alice.context().setOffline(false);
      await message(bob, 'Written in the tunnel 2').waitFor({ timeout: 45_000 });
      await expect
        .poll(() => alice.locator('.message-row[data-pending]').count(), { timeout: 20_000 })
        .toBe(0);
      await alice.locator('.connection-banner').waitFor({ state: 'detached' });
      // Once each, in order.
      const texts = await bob.locator('.message-row .message-text').allInnerTexts();
      expect(texts.filter((text) => text.startsWith('Written in the tunnel'))).toEqual([
        'Written in the tunnel 1',
        'Written in the tunnel 2',
      ]);
      expect(await message(alice, 'Written in the tunnel 1').count()).toBe(1);
    },
    TIMEOUT,
  );

  it(
    'shows cached dialogs and messages at once after a reload, before the server answers',
    async () => {
      await send(bob, 'See you on the other side');
      await message(alice, 'See you on the other side').waitFor();
      await alice.waitForTimeout(1500); // the cache is written a second after the last change
      await bed.server.stop();

      await alice.reload();
      await alice.locator('.dialog-row', { hasText: 'Bob' }).waitFor({ timeout: 5000 });
      await message(alice, 'See you on the other side').waitFor({ timeout: 5000 });
      await alice.locator('.connection-banner', { hasText: 'Connecting' }).waitFor();

      await bed.server.start();
      await alice.locator('.connection-banner').waitFor({ state: 'detached', timeout: 45_000 });
      await send(alice, 'Back online');
      await message(bob, 'Back online').waitFor({ timeout: 45_000 });
    },
    TIMEOUT,
  );
});
