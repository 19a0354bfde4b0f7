import { create, toBinary } from '@bufbuild/protobuf';
import { ClientFrameSchema, ErrorCode, encodeClientFrame, GoodbyeCode } from '@peyk/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RawClient } from './helpers/raw-client.js';
import { eventually, startTestServer, type TestServer } from './helpers/server.js';
import { storeKinds } from './helpers/stores.js';

const [sqlite] = await storeKinds();

describe('hostile and broken frames', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(sqlite as never);
  });
  afterAll(async () => {
    await server.stop();
  });

  async function signedIn(name: string) {
    const raw = await RawClient.connect(server.app.wsUrl);
    const response = await raw.request(1, {
      case: 'signUp',
      value: { username: name, password: 'long enough pw', displayName: name, deviceName: 'raw' } as never,
    });
    expect(response.result.case).toBe('auth');
    return raw;
  }

  it('answers garbage with BAD_FRAME and keeps the connection', async () => {
    const raw = await signedIn('garbage_sender');
    raw.sendBytes(new Uint8Array([0xff, 0xff, 0xff, 0xff, 0x0f]));
    raw.sendBytes('{"json": true}', false);
    await eventually(() => raw.frames.length >= 3, 'two error frames');
    const codes = raw.frames
      .slice(1)
      .map((f) => (f.frame.case === 'response' ? f.frame.value.result.value : undefined));
    expect(codes.map((c) => (c as { code: string }).code)).toEqual([
      ErrorCode.BAD_FRAME,
      ErrorCode.BAD_FRAME,
    ]);
    const state = await raw.request(2, { case: 'getState', value: {} as never });
    expect(state.result.case).toBe('state');
  });

  it('answers a frame with no request, or an unknown one, with UNKNOWN_REQUEST', async () => {
    const raw = await signedIn('unknown_sender');
    raw.sendBytes(encodeClientFrame(create(ClientFrameSchema, { id: 5 })));
    expect(await raw.errorCode(5)).toBe(ErrorCode.UNKNOWN_REQUEST);
    // Field 999 (a request type from a future protocol), length-delimited and empty.
    raw.sendBytes(new Uint8Array([0x08, 0x06, 0xba, 0x3e, 0x00]));
    expect(await raw.errorCode(6)).toBe(ErrorCode.UNKNOWN_REQUEST);
  });

  it('refuses invalid UTF-8 with INVALID_UTF8 and changes nothing', async () => {
    const raw = await signedIn('utf8_sender');
    const chat = await raw.request(2, { case: 'openPrivateChat', value: { userId: '0' } as never });
    expect(chat.result.case).toBe('error');
    const good = toBinary(
      ClientFrameSchema,
      create(ClientFrameSchema, {
        id: 7,
        request: { case: 'updateProfile', value: { displayName: 'AAAA', bio: '' } },
      }),
    );
    const bad = Uint8Array.from(good);
    bad.set([0xc3, 0x28], bad.indexOf(0x41));
    raw.sendBytes(bad);
    expect(await raw.errorCode(7)).toBe(ErrorCode.INVALID_UTF8);
    const me = await raw.request(8, { case: 'resolveUsername', value: { username: 'utf8_sender' } as never });
    expect(me.result.case === 'user' && me.result.value.displayName).toBe('utf8_sender');
  });

  it('refuses frames over the size limit with FRAME_TOO_LARGE and closes on huge ones', async () => {
    const raw = await signedIn('big_sender');
    const big = encodeClientFrame(
      create(ClientFrameSchema, {
        id: 9,
        request: { case: 'sendMessage', value: { chatId: '1', randomId: '1', text: 'x'.repeat(70_000) } },
      }),
    );
    raw.sendBytes(big);
    expect(await raw.errorCode(9)).toBe(ErrorCode.FRAME_TOO_LARGE);
    raw.sendBytes(new Uint8Array(2 * 1024 * 1024));
    await eventually(() => raw.closed !== undefined, 'the connection to close');
    expect(raw.closed?.code).toBe(1009);
  });

  it('closes a connection that sends only bad frames, saying why', async () => {
    const raw = await RawClient.connect(server.app.wsUrl);
    for (let i = 0; i < 12; i++) raw.sendBytes(new Uint8Array([0xff]));
    await eventually(() => raw.closed !== undefined, 'the connection to close');
    const goodbye = raw.frames.find((f) => f.frame.case === 'goodbye');
    expect(goodbye?.frame.value).toMatchObject({ code: GoodbyeCode.TOO_MANY_BAD_FRAMES });
  });

  it('answers a flood with FLOOD_WAIT and a retry-after', async () => {
    const raw = await signedIn('flooder');
    for (let id = 10; id < 260; id++)
      raw.sendBytes(
        encodeClientFrame(create(ClientFrameSchema, { id, request: { case: 'getState', value: {} } })),
      );
    const codes = await Promise.all(Array.from({ length: 250 }, (_, i) => raw.response(10 + i)));
    const flood = codes.filter(
      (r) => r.result.case === 'error' && r.result.value.code === ErrorCode.FLOOD_WAIT,
    );
    expect(flood.length).toBeGreaterThan(0);
    expect(flood[0]?.result.value).toMatchObject({ retryAfter: 1 });
  });

  it('refuses connections from one address above the cap, with 429 and a retry-after', async () => {
    const capped = await startTestServer(sqlite as never, { connectionLimits: { connectionsPerAddress: 5 } });
    try {
      const url = capped.app.wsUrl;
      const open = await Promise.all(Array.from({ length: 5 }, () => RawClient.connect(url)));
      const refused = await RawClient.connect(url).catch((error: Error) => error);
      expect(String(refused)).toContain('429');
      for (const client of open) client.close();
      await eventually(async () => {
        const again = await RawClient.connect(url).catch(() => undefined);
        again?.close();
        return again !== undefined;
      }, 'a connection to be accepted again');
    } finally {
      await capped.stop();
    }
  });

  it("refuses a browser page of another origin, and takes the server's own, listed ones and non-browsers", async () => {
    const url = server.app.wsUrl;
    const refused = await RawClient.connect(url, { origin: 'https://evil.example' }).catch((e: Error) => e);
    expect(String(refused)).toContain('403');
    const own = await RawClient.connect(url, { origin: server.app.httpUrl });
    const native = await RawClient.connect(url);
    own.close();
    native.close();
    const listing = await startTestServer(sqlite as never, { allowedOrigins: ['https://app.example'] });
    try {
      const listed = await RawClient.connect(listing.app.wsUrl, { origin: 'https://app.example' });
      listed.close();
      const other = await RawClient.connect(listing.app.wsUrl, { origin: 'https://app.example.evil' });
      expect.unreachable(`connected from ${other.socket.url}`);
    } catch (error) {
      expect(String(error)).toContain('403');
    } finally {
      await listing.stop();
    }
  });

  it('drops a client that stops answering pings, and keeps one that answers', async () => {
    const silent = await RawClient.connect(server.app.wsUrl, { autoPong: false });
    const lively = await RawClient.connect(server.app.wsUrl);
    await eventually(() => silent.closed !== undefined, 'the silent client to be dropped');
    expect(lively.closed).toBeUndefined();
    lively.close();
  });

  it('refuses an unknown, a revoked and an empty token alike', async () => {
    const raw = await RawClient.connect(server.app.wsUrl);
    for (const [id, token] of [
      [1, ''],
      [2, 'A'.repeat(43)],
      [3, 'not even base64 !!'],
    ] as const) {
      raw.sendBytes(
        encodeClientFrame(
          create(ClientFrameSchema, { id, request: { case: 'authenticate', value: { token } } }),
        ),
      );
      expect(await raw.errorCode(id)).toBe(ErrorCode.AUTH_TOKEN_INVALID);
    }
    raw.sendBytes(
      encodeClientFrame(create(ClientFrameSchema, { id: 4, request: { case: 'getDialogs', value: {} } })),
    );
    expect(await raw.errorCode(4)).toBe(ErrorCode.AUTH_REQUIRED);
  });
});
