import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NO_BROWSER, TestBed, uniqueName } from './helpers/browser';
import { sdkUser } from './helpers/sdk';

const TIMEOUT = 300_000;
const RUNS = 5;
const CHATS = 20;

/** Slow 4G as Chrome's DevTools define it: 150 ms, 1.6 Mbit/s down, 750 kbit/s up. */
const SLOW_4G = { offline: false, latency: 150, downloadThroughput: 200_000, uploadThroughput: 93_750 };

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

/** Milliseconds from navigation start to the dialog list's first paint with rows. */
async function dialogsRendered(page: Page): Promise<number> {
  await page.locator('.dialog-row').first().waitFor();
  return page.evaluate(async () => {
    for (;;) {
      const mark = performance.getEntriesByName('peyk:dialogs-rendered')[0];
      if (mark) return mark.startTime;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  });
}

// A measurement, not a check: run with `npm run measure` (PEYK_MEASURE=1).
describe.skipIf(NO_BROWSER || !process.env.PEYK_MEASURE)('time to a rendered dialog list', () => {
  let bed: TestBed;
  let session = { token: '', userId: '' };

  beforeAll(async () => {
    bed = await TestBed.start();
    const me = await sdkUser(bed.server.wsUrl, uniqueName('perf'), 'Perf');
    for (let i = 0; i < CHATS; i++) {
      const friend = await sdkUser(bed.server.wsUrl, uniqueName(`friend${i}`), `Friend ${i}`);
      const chat = await friend.client.request('openPrivateChat', { userId: me.user.id });
      await friend.client.sendMessage(chat.id, `Hello from friend ${i}`);
      friend.client.close();
    }
    session = { token: me.client.token ?? '', userId: me.user.id };
    me.client.close();
  }, TIMEOUT);

  afterAll(async () => {
    await bed?.dispose();
  });

  async function signedInContext(): Promise<BrowserContext> {
    const context = await bed.newContext();
    await context.addInitScript((saved) => {
      if (!localStorage.getItem('peyk.session')) localStorage.setItem('peyk.session', saved);
    }, JSON.stringify(session));
    return context;
  }

  async function measure(throttle: boolean): Promise<{ cold: number[]; warm: number[] }> {
    const cold: number[] = [];
    const warm: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const context = await signedInContext();
      const page = await context.newPage();
      if (throttle) {
        const cdp = await context.newCDPSession(page);
        await cdp.send('Network.enable');
        await cdp.send('Network.emulateNetworkConditions', SLOW_4G);
      }
      await page.goto(bed.url);
      cold.push(await dialogsRendered(page));
      await page.waitForTimeout(1500); // let the state cache be written
      await page.reload();
      warm.push(await dialogsRendered(page));
      await context.close();
    }
    return { cold, warm };
  }

  it(
    'is measured cold (empty HTTP cache and IndexedDB) and warm (both filled)',
    async () => {
      const local = await measure(false);
      const slow = await measure(true);
      const line = (name: string, values: number[]) =>
        `${name.padEnd(28)} median ${median(values).toFixed(0).padStart(5)} ms   runs ${values.map((v) => v.toFixed(0)).join(', ')}`;
      console.log(
        [
          `dialog list with ${CHATS} chats, headless Chromium, ${RUNS} runs each:`,
          line('loopback, cold', local.cold),
          line('loopback, warm', local.warm),
          line('Slow 4G (150 ms), cold', slow.cold),
          line('Slow 4G (150 ms), warm', slow.warm),
        ].join('\n'),
      );
      expect(median(local.warm)).toBeLessThan(2000);
    },
    TIMEOUT,
  );
});
