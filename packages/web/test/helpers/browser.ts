import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  chromium,
  type Page,
} from 'playwright-core';
import { ensureBuilt, webRoot } from './build';
import { PeykServer } from './peyk-server';
import { serveStatic } from './static-server';

/** Where the tests save screenshots for the docs. */
export const screenshotDir = join(webRoot, '../../docs/screenshots');

/** Debian's Chromium, never a downloaded one. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Without Chromium the browser tests are skipped with a warning, except under CI=true, where
 * a missing browser is a failure (as an unreachable PostgreSQL is for the store tests).
 */
export const NO_BROWSER = !existsSync(CHROMIUM) && process.env.CI !== 'true';
if (NO_BROWSER)
  console.warn(`browser tests skipped: no Chromium at ${CHROMIUM} (apt-get install -y chromium)`);

const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Debian's Chromium, headless, with the flags this machine needs. */
export function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: [...FLAGS, ...extraArgs] });
}

/** A Peyk server, the built app on a static server, and a headless Chromium (fresh profile). */
export class TestBed {
  private constructor(
    readonly server: PeykServer,
    readonly appUrl: string,
    readonly browser: Browser,
    private readonly closeStatic: () => Promise<void>,
  ) {}

  /** serverEnv: more configuration for the Peyk server; chromiumArgs: more flags (a fake microphone). */
  static async start(
    options: { serverEnv?: Record<string, string>; chromiumArgs?: string[] } = {},
  ): Promise<TestBed> {
    const dist = await ensureBuilt();
    const files = await serveStatic(dist);
    const [server, browser] = await Promise.all([
      PeykServer.start({ allowedOrigins: [files.url], env: options.serverEnv }),
      launchChromium(options.chromiumArgs),
    ]);
    return new TestBed(server, files.url, browser, files.close);
  }

  /** The app's address, pointed at this test's Peyk server. */
  get url(): string {
    return `${this.appUrl}/?server=${encodeURIComponent(this.server.wsUrl)}`;
  }

  async newContext(options: BrowserContextOptions = {}): Promise<BrowserContext> {
    return this.browser.newContext({ locale: 'en-US', viewport: { width: 1100, height: 760 }, ...options });
  }

  /** A new person: their own context (profile), the app open. */
  async newPage(options: BrowserContextOptions = {}): Promise<Page> {
    const context = await this.newContext(options);
    const page = await context.newPage();
    page.on('pageerror', (error) => console.error('page error:', error.message));
    await page.goto(this.url);
    return page;
  }

  /** A new person (newPage) who has signed up through the form (signUp): the chat list shows. */
  async newPerson(username: string, displayName: string, options: BrowserContextOptions = {}): Promise<Page> {
    const page = await this.newPage(options);
    await signUp(page, username, displayName);
    return page;
  }

  async dispose(): Promise<void> {
    await this.browser.close().catch(() => {});
    await this.closeStatic();
    await this.server.dispose();
  }
}

let counter = 0;
/** A username nobody has taken in this run. */
export function uniqueName(prefix: string): string {
  counter++;
  return `${prefix}_${Date.now().toString(36)}${counter}`.slice(0, 32);
}

/** Signs up through the form. */
export async function signUp(page: Page, username: string, displayName: string): Promise<void> {
  await page.locator('#tab-sign-up').click();
  await page.locator('input[autocomplete="name"]').fill(displayName);
  await page.locator('input[name="username"]').fill(username);
  await page.locator('input[name="password"]').fill('correct horse battery');
  await page.locator('form button[type="submit"]').click();
  await page.locator('.sidebar').waitFor();
}

/** Signs in through the form (the password signUp uses) and waits for the chat list. */
export async function signInAs(page: Page, username: string): Promise<void> {
  await page.locator('#tab-sign-in').click();
  await page.locator('input[name="username"]').fill(username);
  await page.locator('input[name="password"]').fill('correct horse battery');
  await page.locator('form button[type="submit"]').click();
  await page.locator('.sidebar').waitFor();
}

/** Finds someone by @username in the sidebar search and opens the private chat. */
export async function openChatWith(page: Page, username: string): Promise<void> {
  await page.locator('.sidebar-header .search-input').fill(`@${username}`);
  // The exact @username comes first; a longer name starting with it may follow.
  await page
    .locator('.search-results button.result-row', { hasText: `@${username}` })
    .first()
    .click();
  await page.locator('.composer-input').waitFor();
}

/** Ticks a person, found by @username, in the new-group dialog. */
export async function pickPerson(page: Page, username: string): Promise<void> {
  await page.locator('input[name="people"]').fill(`@${username}`);
  await page
    .locator('.pick-row', { hasText: `@${username}` })
    .locator('input[type="checkbox"]')
    .check();
}

/** Types a message and presses Enter. */
export async function send(page: Page, text: string): Promise<void> {
  await page.locator('.composer-input').fill(text);
  await page.locator('.composer-input').press('Enter');
}

/** The message bubble (row) that contains a text. */
export function message(page: Page, text: string) {
  return page.locator('.message-row', { hasText: text });
}

/** The message row whose own text (not a quote of it) contains a text. */
export function ownText(page: Page, text: string) {
  return page.locator('.message-row').filter({ has: page.locator('.message-text', { hasText: text }) });
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: join(screenshotDir, `${name}.png`) });
}
