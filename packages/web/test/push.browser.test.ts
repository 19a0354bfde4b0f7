import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { BrowserContext, Page, Worker } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NO_BROWSER, signUp, TestBed, uniqueName } from './helpers/browser';
import { sdkUser } from './helpers/sdk';

const TIMEOUT = 120_000;

/**
 * Headless Chromium has no push service (and refuses the Push API in its incognito-like
 * contexts: "permission denied"), so only PushManager.subscribe/getSubscription are replaced
 * in the page, by a subscription with a real P-256 key and a 16-byte secret that the server
 * accepts. The service worker, the permission, getPushConfig and registerPush are the real
 * ones; the server's encryption and sending are tested in packages/server.
 */
function fakePushManager() {
  const KEY = 'peyk.test.push';
  const b64url = (bytes: Uint8Array) =>
    btoa(String.fromCharCode(...bytes))
      .replace(/\+/g, '-')
      .replace(/\//g, '_')
      .replace(/=+$/, '');
  interface Saved {
    endpoint: string;
    p256dh: string;
    auth: string;
    key: number[];
  }
  const bump = (name: string) =>
    localStorage.setItem(`${KEY}.${name}`, String(Number(localStorage.getItem(`${KEY}.${name}`) ?? 0) + 1));
  const make = (saved: Saved) => ({
    endpoint: saved.endpoint,
    expirationTime: null,
    options: { userVisibleOnly: true, applicationServerKey: new Uint8Array(saved.key).buffer },
    toJSON: () => ({
      endpoint: saved.endpoint,
      expirationTime: null,
      keys: { p256dh: saved.p256dh, auth: saved.auth },
    }),
    unsubscribe: async () => {
      localStorage.removeItem(KEY);
      bump('unsubscribed');
      return true;
    },
  });
  PushManager.prototype.subscribe = async (options?: PushSubscriptionOptionsInit) => {
    const pair = await crypto.subtle.generateKey({ name: 'ECDH', namedCurve: 'P-256' }, true, ['deriveBits']);
    const raw = new Uint8Array(await crypto.subtle.exportKey('raw', pair.publicKey));
    const saved: Saved = {
      endpoint: `https://push.example.test/send/${crypto.randomUUID()}`,
      p256dh: b64url(raw),
      auth: b64url(crypto.getRandomValues(new Uint8Array(16))),
      key: [...new Uint8Array(options?.applicationServerKey as ArrayBuffer)],
    };
    localStorage.setItem(KEY, JSON.stringify(saved));
    bump('subscribed');
    return make(saved) as unknown as PushSubscription;
  };
  PushManager.prototype.getSubscription = async () => {
    const saved = JSON.parse(localStorage.getItem(KEY) ?? 'null') as Saved | null;
    return saved ? (make(saved) as unknown as PushSubscription) : null;
  };
}

// Skipped only where Chromium is missing outside CI; under CI=true it fails instead (helpers/browser.ts).
describe.skipIf(NO_BROWSER)('Web Push', () => {
  let bed: TestBed;
  let context: BrowserContext;
  let page: Page;
  let vapidKey: string;
  const name = uniqueName('pusher');

  /** The server's stored subscriptions (its SQLite file, read-only). */
  const stored = () => {
    const db = new Database(join(bed.server.dataDir, 'peyk.db'), { readonly: true, fileMustExist: true });
    try {
      return db.prepare('SELECT endpoint, p256dh, auth, hide_preview FROM push_subscriptions').all() as {
        endpoint: string;
        p256dh: string;
        auth: string;
        hide_preview: number;
      }[];
    } finally {
      db.close();
    }
  };
  const fake = () =>
    page.evaluate(() => ({
      saved: JSON.parse(localStorage.getItem('peyk.test.push') ?? 'null') as {
        endpoint: string;
        key: number[];
      } | null,
      subscribed: Number(localStorage.getItem('peyk.test.push.subscribed') ?? 0),
      unsubscribed: Number(localStorage.getItem('peyk.test.push.unsubscribed') ?? 0),
    }));
  const openSettings = async () => {
    await page.getByRole('button', { name: 'Main menu' }).click();
    await page.getByRole('menuitem', { name: 'Settings' }).click();
  };
  const worker = async (): Promise<Worker> => {
    await expect.poll(() => context.serviceWorkers().length).toBeGreaterThan(0);
    return context.serviceWorkers()[0] as Worker;
  };

  beforeAll(async () => {
    bed = await TestBed.start();
    const sdk = await sdkUser(bed.server.wsUrl, uniqueName('probe'), 'Probe');
    vapidKey = (await sdk.client.request('getPushConfig', {})).vapidPublicKey;
    sdk.client.close();
    context = await bed.newContext();
    await context.grantPermissions(['notifications'], { origin: bed.appUrl });
    await context.addInitScript(fakePushManager);
    page = await context.newPage();
    page.on('pageerror', (error) => console.error('page error:', error.message));
    await page.goto(bed.url);
  }, TIMEOUT);

  afterAll(async () => {
    await bed?.dispose();
  });

  it(
    'subscribes with the server key and registers the subscription once signed in',
    async () => {
      // Notifications are on by default and the permission is granted: signing in subscribes.
      await signUp(page, name, 'Pusher');
      await expect.poll(() => stored().length).toBe(1);
      const { saved, subscribed } = await fake();
      expect(subscribed).toBe(1);
      expect(Buffer.from(saved?.key ?? []).toString('base64url')).toBe(vapidKey);
      const [row] = stored();
      expect(row?.endpoint).toBe(saved?.endpoint);
      expect(Buffer.from(row?.p256dh ?? '', 'base64url')).toHaveLength(65);
      expect(Buffer.from(row?.auth ?? '', 'base64url')).toHaveLength(16);
      expect(row?.hide_preview).toBe(0);
      // The worker is at the app's path, so its scope covers the app.
      const sw = await worker();
      expect(new URL(sw.url()).pathname).toBe('/sw.js');
      await openSettings();
      await page.getByText('Notifications with the app closed are on for this device.').waitFor();
    },
    TIMEOUT,
  );

  it(
    'follows the preview setting, and unregisters when turned off',
    async () => {
      await page.getByRole('switch', { name: 'Show sender and text in notifications' }).uncheck();
      await expect.poll(() => stored()[0]?.hide_preview).toBe(1);
      await page
        .getByRole('switch', { name: 'Notify about new messages while Peyk is in the background' })
        .uncheck();
      await expect.poll(() => stored().length).toBe(0);
      await expect.poll(async () => (await fake()).unsubscribed).toBe(1);
      await page
        .getByRole('switch', { name: 'Notify about new messages while Peyk is in the background' })
        .check();
      await expect.poll(() => stored().length).toBe(1);
      expect(stored()[0]?.hide_preview).toBe(1);
      await expect.poll(async () => (await fake()).subscribed).toBe(2);
    },
    TIMEOUT,
  );

  it(
    'registers the existing subscription again when the app starts signed in',
    async () => {
      const before = await fake();
      await page.reload();
      await page.locator('.sidebar').waitFor();
      // Same endpoint, no new subscription: it was reused.
      await expect.poll(async () => (await fake()).subscribed).toBe(before.subscribed);
      await page.waitForTimeout(500);
      expect(before.saved?.endpoint).toMatch(/^https:/);
      await expect.poll(() => stored().map((row) => row.endpoint)).toEqual([before.saved?.endpoint]);
    },
    TIMEOUT,
  );

  it(
    'shows a notification per chat from the push payload, and opens the chat on click',
    async () => {
      const sw = await worker();
      await sw.evaluate(async () => {
        const peyk = (self as unknown as { peyk: { showPush: (payload: unknown) => Promise<void> } }).peyk;
        await peyk.showPush({
          type: 'message',
          chatId: '41',
          messageId: '1',
          title: 'Alice',
          body: 'Hi there',
        });
        await peyk.showPush({
          type: 'message',
          chatId: '41',
          messageId: '2',
          title: 'Alice',
          body: 'Still there?',
        });
        await peyk.showPush({ type: 'message', chatId: '42', messageId: '3', title: '', body: '' });
      });
      const shown = () =>
        sw.evaluate(async () => {
          const registration = (self as unknown as { registration: ServiceWorkerRegistration }).registration;
          const notes = await registration.getNotifications();
          return notes
            .map((note) => ({ title: note.title, body: note.body, tag: note.tag, data: note.data }))
            .sort((a, b) => a.tag.localeCompare(b.tag));
        });
      // One per chat: the second message of chat 41 replaced the first.
      await expect.poll(shown).toEqual([
        { title: 'Alice', body: 'Still there?', tag: 'chat-41', data: { chatId: '41', messageId: '2' } },
        { title: 'Peyk', body: 'New message', tag: 'chat-42', data: { chatId: '42', messageId: '3' } },
      ]);
      await sw.evaluate(() =>
        (self as unknown as { peyk: { openChat: (chatId: string) => Promise<unknown> } }).peyk.openChat('42'),
      );
      await expect.poll(() => new URL(page.url()).hash).toBe('#/chat/42');
    },
    TIMEOUT,
  );

  it(
    'unsubscribes and unregisters on sign-out',
    async () => {
      await page.goto(`${bed.url}#/settings`);
      const before = (await fake()).unsubscribed;
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.locator('#tab-sign-up').waitFor();
      await expect.poll(() => stored().length).toBe(0);
      await expect.poll(async () => (await fake()).unsubscribed).toBe(before + 1);
      expect((await fake()).saved).toBeNull();
    },
    TIMEOUT,
  );
});
