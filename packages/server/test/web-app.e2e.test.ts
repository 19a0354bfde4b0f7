import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, startApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { CONTENT_SECURITY_POLICY } from '../src/transport/http/security-headers.js';
import { storeKinds, type TestStore } from './helpers/stores.js';

const [sqlite] = await storeKinds();

describe('serving the web app', () => {
  let dir: string;
  let store: TestStore;
  let app: App;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'peyk-web-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Peyk</title>');
    writeFileSync(join(dir, 'assets', 'index-abc123.js'), 'console.log("peyk")');
    store = await (sqlite as NonNullable<typeof sqlite>).open();
    app = await startApp({
      config: loadConfig({ PORT: '0', HOST: '127.0.0.1', PEYK_WEB_DIR: dir }),
      store: store.store,
      logger: pino({ level: 'silent' }),
    });
  });
  afterAll(async () => {
    await app.close();
    await store.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves index.html at / to be revalidated, and hashed assets as immutable', async () => {
    const index = await fetch(`${app.httpUrl}/`);
    expect(index.status).toBe(200);
    expect(await index.text()).toContain('<title>Peyk</title>');
    expect(index.headers.get('cache-control')).toBe('no-cache');
    const asset = await fetch(`${app.httpUrl}/assets/index-abc123.js`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(asset.headers.get('etag')).toBeTruthy();
    expect((await fetch(`${app.httpUrl}/assets/../../etc/passwd`)).status).toBe(404);
    expect((await fetch(`${app.httpUrl}/healthz`)).status).toBe(200);
  });

  it('sends the security headers with the app, its assets, errors and the health check', async () => {
    for (const path of ['/', '/assets/index-abc123.js', '/missing', '/healthz']) {
      const response = await fetch(`${app.httpUrl}${path}`);
      expect(response.headers.get('content-security-policy'), path).toBe(CONTENT_SECURITY_POLICY);
      expect(response.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(response.headers.get('referrer-policy'), path).toBe('no-referrer');
      expect(response.headers.get('x-frame-options'), path).toBe('DENY');
    }
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).toContain("connect-src 'self'");
    expect(CONTENT_SECURITY_POLICY).toContain("frame-ancestors 'none'");
  });
});
