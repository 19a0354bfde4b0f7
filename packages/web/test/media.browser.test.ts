import { randomBytes } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NO_BROWSER, openChatWith, screenshot, signUp, TestBed, uniqueName } from './helpers/browser';

const TIMEOUT = 120_000;

/** A noisy RGB PNG (noise keeps it large, so a throttled upload shows its progress). */
function noisyPng(width: number, height: number): Buffer {
  const rows: Buffer[] = [];
  for (let y = 0; y < height; y++) rows.push(Buffer.concat([Buffer.from([0]), randomBytes(width * 3)]));
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function crc32(bytes: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

// Skipped only where Chromium is missing outside CI; under CI=true it fails instead (helpers/browser.ts).
describe.skipIf(NO_BROWSER)('photos and voice notes in the web app', () => {
  let bed: TestBed;
  let alice: Page;
  let bob: Page;
  const aliceName = uniqueName('alice');
  const bobName = uniqueName('bob');

  beforeAll(async () => {
    // A fake microphone (a beeping tone) that needs no permission prompt.
    bed = await TestBed.start({
      chromiumArgs: ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'],
    });
    [alice, bob] = await Promise.all([
      bed.newPerson(aliceName, 'Alice Media'),
      bed.newPerson(bobName, 'Bob Media'),
    ]);
    await openChatWith(alice, bobName);
  }, TIMEOUT);

  afterAll(async () => {
    await bed?.dispose();
  });

  it(
    'uploads a photo with visible progress and a preview, and both see it at its final size',
    async () => {
      // A slow uplink, so the upload is seen on its way.
      const cdp = await alice.context().newCDPSession(alice);
      await cdp.send('Network.emulateNetworkConditions', {
        offline: false,
        latency: 20,
        downloadThroughput: -1,
        uploadThroughput: 400 * 1024,
      });
      await alice.locator('.composer-input').fill('Our garden');
      await alice.locator('.attach-input').setInputFiles({
        name: 'garden.png',
        mimeType: 'image/png',
        buffer: noisyPng(600, 400),
      });
      const item = alice.locator('.upload-item');
      await item.waitFor();
      expect(await item.locator('img.upload-preview').getAttribute('src')).toMatch(/^blob:/);
      await expect
        .poll(() => item.locator('progress').evaluate((p: HTMLProgressElement) => p.value))
        .toBeGreaterThan(0);
      await screenshot(alice, 'media-upload-progress');
      await item.waitFor({ state: 'detached', timeout: 60_000 });
      await cdp.send('Network.emulateNetworkConditions', {
        offline: false,
        latency: 0,
        downloadThroughput: -1,
        uploadThroughput: -1,
      });

      const sent = alice.locator('.message-row.has-media', { hasText: 'Our garden' });
      await sent.locator('.media-photo img.loaded').waitFor();
      const box = await sent.locator('.media-photo').boundingBox();
      expect(Math.round(box?.width ?? 0)).toBe(320);
      expect(Math.round(box?.height ?? 0)).toBeGreaterThanOrEqual(213);
      expect(Math.round(box?.height ?? 0)).toBeLessThanOrEqual(214);

      await bob.locator('.dialog-row', { hasText: 'Alice Media' }).click();
      const received = bob.locator('.message-row.has-media', { hasText: 'Our garden' });
      const photo = received.locator('.media-photo');
      await photo.waitFor();
      // The placeholder is drawn from the message itself, before any download.
      expect(await photo.evaluate((el) => getComputedStyle(el).backgroundImage)).toContain('data:image/png');
      await photo.locator('img.loaded').waitFor();
      const src = (await photo.locator('img').getAttribute('src')) ?? '';
      expect(src).toMatch(/\/media\/[0-9a-f]{64}\?e=\d+&s=/);
      await screenshot(bob, 'media-photo');
    },
    TIMEOUT,
  );

  it(
    'records a voice note, and the other plays it inline with its waveform',
    async () => {
      await alice.locator('.composer-input').fill('');
      await alice.locator('.voice-button').click();
      await alice.locator('.voice-recording').waitFor();
      const startedAt = Date.now();
      await alice.waitForTimeout(2000);
      const recordedSeconds = (Date.now() - startedAt) / 1000;
      await alice.locator('.voice-send').click();
      const voice = bob.locator('.message-row.has-media .media-voice').last();
      await voice.waitFor({ timeout: 60_000 });
      expect(await voice.locator('.waveform .bar').count()).toBe(100);
      // As long as it was recorded, give or take the time a loaded machine takes to start and stop.
      const [minutes, seconds] = ((await voice.locator('.media-duration').textContent()) ?? '').split(':');
      const duration = Number(minutes) * 60 + Number(seconds);
      expect(duration).toBeGreaterThanOrEqual(1);
      expect(duration).toBeLessThanOrEqual(Math.ceil(recordedSeconds) + 2);
      await voice.locator('.voice-play').click();
      await expect
        .poll(() => voice.locator('audio').evaluate((a: HTMLAudioElement) => a.currentTime), {
          timeout: 15_000,
        })
        .toBeGreaterThan(0.3);
      await voice.locator('.waveform .bar.played').first().waitFor();
    },
    TIMEOUT,
  );

  it(
    'with data saver on, waits for a tap before downloading a photo above the chosen size',
    async () => {
      await bob.evaluate(() => {
        const prefs = JSON.parse(localStorage.getItem('peyk.prefs') ?? '{}');
        localStorage.setItem('peyk.prefs', JSON.stringify({ ...prefs, autoDownloadBytes: 1024 }));
      });
      await bob.reload();
      await bob.locator('.dialog-row', { hasText: 'Alice Media' }).click();
      const photo = bob.locator('.message-row.has-media', { hasText: 'Our garden' }).locator('.media-photo');
      await photo.waitFor();
      const button = photo.locator('.media-download');
      await button.waitFor();
      expect(await photo.locator('img').count()).toBe(0);
      expect(await photo.evaluate((el) => getComputedStyle(el).backgroundImage)).toContain('data:image/png');
      await button.click();
      await photo.locator('img.loaded').waitFor();
    },
    TIMEOUT,
  );

  it(
    'turns data saver on by default where the browser reports a slow or metered connection',
    async () => {
      const context = await bed.newContext();
      await context.addInitScript(() => {
        Object.defineProperty(navigator, 'connection', { value: { saveData: false, effectiveType: '2g' } });
      });
      const page = await context.newPage();
      await page.goto(bed.url);
      await signUp(page, uniqueName('carol'), 'Carol Slow');
      await page.goto(`${bed.url}#/settings`);
      const select = page.getByLabel('Download media automatically');
      await select.waitFor();
      expect(await select.inputValue()).toBe(String(100 * 1024));
      await context.close();
    },
    TIMEOUT,
  );

  it(
    'sends several photos picked together as one album, drawn as one grid',
    async () => {
      // Data saver off again (the test above turned it on).
      await bob.evaluate(() => {
        const prefs = JSON.parse(localStorage.getItem('peyk.prefs') ?? '{}');
        localStorage.setItem('peyk.prefs', JSON.stringify({ ...prefs, autoDownloadBytes: 0 }));
      });
      await bob.reload();
      await bob.locator('.dialog-row', { hasText: 'Alice Media' }).click();
      await alice.locator('.composer-input').fill('Three views');
      await alice.locator('.attach-input').setInputFiles(
        [1, 2, 3].map((i) => ({
          name: `view-${i}.png`,
          mimeType: 'image/png',
          buffer: noisyPng(300, 200),
        })),
      );
      const album = bob.locator('.message-row.has-media', { hasText: 'Three views' }).locator('.media-album');
      await album.waitFor({ timeout: 60_000 });
      await expect.poll(() => album.locator('.media-photo').count(), { timeout: 30_000 }).toBe(3);
      await expect.poll(() => album.locator('img.loaded').count(), { timeout: 30_000 }).toBe(3);
      const cells = await album
        .locator('.media-photo')
        .evaluateAll((els) => els.map((el) => Math.round(el.getBoundingClientRect().width)));
      expect(cells).toEqual([158, 158, 158]);
      await screenshot(bob, 'media-album');
    },
    TIMEOUT,
  );
});
