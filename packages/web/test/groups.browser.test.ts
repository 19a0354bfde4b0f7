import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { message, NO_BROWSER, pickPerson, screenshot, send, TestBed, uniqueName } from './helpers/browser';

const TIMEOUT = 120_000;

// Skipped only where Chromium is missing outside CI; under CI=true it fails instead (helpers/browser.ts).
describe.skipIf(NO_BROWSER)('a group of three', () => {
  let bed: TestBed;
  let sara: Page;
  let reza: Page;
  let mina: Page;
  const names = { sara: uniqueName('sara'), reza: uniqueName('reza'), mina: uniqueName('mina') };

  beforeAll(async () => {
    bed = await TestBed.start();
    [sara, reza, mina] = await Promise.all([
      bed.newPerson(names.sara, 'Sara'),
      bed.newPerson(names.reza, 'Reza'),
      bed.newPerson(names.mina, 'Mina'),
    ]);
  }, TIMEOUT);

  afterAll(async () => {
    await bed?.dispose();
  });

  it(
    'is created with two members who all see it',
    async () => {
      await sara.getByRole('button', { name: 'Main menu' }).click();
      await sara.getByRole('menuitem', { name: 'New group' }).click();
      await sara.locator('dialog input[name="title"]').fill('Weekend trip');
      await pickPerson(sara, names.reza);
      await pickPerson(sara, names.mina);
      await sara.getByRole('button', { name: 'Create group with 2 people' }).click();
      await sara.locator('.chat-header', { hasText: 'Weekend trip' }).waitFor();
      await sara.locator('.service-text', { hasText: 'You created the group «Weekend trip»' }).waitFor();
      for (const page of [reza, mina])
        await page.locator('.dialog-row', { hasText: 'Weekend trip' }).waitFor();
    },
    TIMEOUT,
  );

  it(
    'carries messages to everyone, with sender names',
    async () => {
      await send(sara, 'Who is coming on Friday?');
      for (const page of [reza, mina]) {
        await page.locator('.dialog-row', { hasText: 'Weekend trip' }).click();
        await message(page, 'Who is coming on Friday?').waitFor();
      }
      await send(reza, 'I am!');
      const fromReza = message(mina, 'I am!');
      await fromReza.waitFor();
      expect(await fromReza.locator('.message-sender').textContent()).toBe('Reza');
      await message(sara, 'I am!').waitFor();
      expect(await sara.locator('.chat-subtitle').textContent()).toMatch(/3 members/);

      // A formatted reply and a reaction, for the screenshot of a lively group.
      await message(mina, 'Who is coming on Friday?').locator('.bubble').click({ button: 'right' });
      await mina.getByRole('menuitem', { name: 'Reply', exact: true }).click();
      await send(mina, 'Me too! **Bring snacks** and check https://peyk.example/trip #weekend');
      await message(sara, 'Bring snacks').waitFor();
      await message(reza, 'Bring snacks').locator('.bubble').click({ button: 'right' });
      await reza.getByRole('menuitemradio', { name: 'React with 🔥' }).click();
      await message(sara, 'Bring snacks').locator('.reaction:not(.who)').waitFor();
      await screenshot(sara, 'group-light');
    },
    TIMEOUT,
  );

  it(
    'is renamed, shows its members with roles, and lets the owner manage them',
    async () => {
      await sara.locator('.chat-header-main').click();
      const panel = sara.locator('.chat-info');
      await panel.locator('.member-row').nth(2).waitFor();
      expect(await panel.locator('.member-row').count()).toBe(3);
      expect(await panel.locator('.member-row', { hasText: 'Sara' }).locator('.role').textContent()).toBe(
        'owner',
      );

      await panel.locator('#group-title').fill('Weekend trip 🚗');
      await panel.getByRole('button', { name: 'Rename' }).click();
      await mina.locator('.chat-header', { hasText: 'Weekend trip 🚗' }).waitFor();

      await panel.getByRole('button', { name: 'Actions for Reza' }).click();
      await sara.getByRole('menuitem', { name: 'Make admin' }).click();
      await panel
        .locator('.member-row', { hasText: 'Reza' })
        .locator('.role', { hasText: 'admin' })
        .waitFor();

      await panel.getByRole('button', { name: 'Actions for Mina' }).click();
      await sara.getByRole('menuitem', { name: 'Remove from group' }).click();
      await expect.poll(() => panel.locator('.member-row').count()).toBe(2);
      await mina.locator('.dialog-row', { hasText: 'Weekend trip' }).waitFor({ state: 'detached' });
    },
    TIMEOUT,
  );

  it(
    'can be left',
    async () => {
      await reza.locator('.chat-header-main').click();
      await reza.locator('.chat-info').getByRole('button', { name: 'Leave group' }).click();
      await reza.locator('dialog').getByRole('button', { name: 'Leave group' }).click();
      await reza.locator('.dialog-row', { hasText: 'Weekend trip' }).waitFor({ state: 'detached' });
      await sara.locator('.service-text', { hasText: 'Reza left the group' }).waitFor();
    },
    TIMEOUT,
  );
});
