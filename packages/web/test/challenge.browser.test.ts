import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NO_BROWSER, signUp, TestBed, uniqueName } from './helpers/browser';

const TIMEOUT = 120_000;

// Skipped only where Chromium is missing outside CI; under CI=true it fails instead (helpers/browser.ts).
describe.skipIf(NO_BROWSER)('signing up from a network that must prove its work', () => {
  let bed: TestBed;
  let page: Page;

  beforeAll(async () => {
    // Every sign-up needs a solved challenge.
    bed = await TestBed.start({ serverEnv: { PEYK_SIGNUP_CHALLENGE_AFTER: '0' } });
    const context = await bed.newContext();
    // Status lines may come and go within a frame: keep every one that appeared.
    await context.addInitScript(() => {
      const seen: string[] = [];
      (window as unknown as { __statuses: string[] }).__statuses = seen;
      new MutationObserver(() => {
        for (const node of document.querySelectorAll('[role="status"]')) {
          const text = node.textContent ?? '';
          if (!seen.includes(text)) seen.push(text);
        }
      }).observe(document, { childList: true, subtree: true });
    });
    page = await context.newPage();
    await page.goto(bed.url);
  }, TIMEOUT);

  afterAll(async () => {
    await bed?.dispose();
  });

  it(
    'solves the challenge in the page, says why it takes a moment, and gets in',
    async () => {
      await signUp(page, uniqueName('pow'), 'Proven');
      const statuses = await page.evaluate(() => (window as unknown as { __statuses: string[] }).__statuses);
      expect(statuses).toContain(
        'Many accounts were made from your network lately, so your device does a short check first…',
      );
    },
    TIMEOUT,
  );
});
