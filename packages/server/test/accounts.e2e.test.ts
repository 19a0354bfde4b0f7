import { ErrorCode } from '@peyk/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, PASSWORD, startTestServer, type TestServer } from './helpers/server.js';
import { storeKinds } from './helpers/stores.js';

const [sqlite] = await storeKinds();

describe('accounts over the real protocol', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(sqlite as never);
  });
  afterAll(async () => {
    await server.stop();
  });

  it('signs up, signs in on several devices, lists and revokes sessions, closing the live socket', async () => {
    const phone = await server.user('sara_devices', { deviceName: 'Phone' });
    const laptop = await server.device(phone, { deviceName: 'Laptop' });
    const tablet = await server.device(phone, { deviceName: 'Tablet' });
    const sessions = await laptop.request('listSessions', {});
    expect(sessions.sessions.map((s) => s.deviceName).sort()).toEqual(['Laptop', 'Phone', 'Tablet']);
    expect(sessions.sessions.filter((s) => s.current).map((s) => s.deviceName)).toEqual(['Laptop']);

    const revoked: string[] = [];
    tablet.on('sessionRevoked', (info) => revoked.push(info.code));
    const tabletSession = sessions.sessions.find((s) => s.deviceName === 'Tablet');
    await laptop.request('revokeSession', { sessionId: tabletSession?.id ?? '' });
    await eventually(() => revoked.length === 1, 'the tablet to be told its session was revoked');
    expect(revoked).toEqual(['SESSION_REVOKED']);

    await laptop.request('revokeOtherSessions', {});
    const left = await laptop.request('listSessions', {});
    expect(left.sessions.map((s) => s.deviceName)).toEqual(['Laptop']);

    const resumed = await server.client();
    await expect(resumed.authenticate(tablet.token)).rejects.toMatchObject({
      code: ErrorCode.AUTH_TOKEN_INVALID,
    });
  });

  it('stores only a hash of the token, and a sign-out ends the session', async () => {
    const user = await server.user('token_keeper');
    const token = user.token as string;
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const stored = await server.app.store.read.accounts.sessionsOf(Number(user.user?.id));
    expect(stored).toHaveLength(1);
    expect(stored[0]?.token_hash).not.toContain(token);
    await user.signOut();
    const again = await server.client();
    await expect(again.authenticate(token)).rejects.toMatchObject({ code: ErrorCode.AUTH_TOKEN_INVALID });
  });

  it('accepts 64-character passwords and refuses wrong ones without saying which part was wrong', async () => {
    const long = `${'پیک'.repeat(30)}abcd`;
    const client = await server.client();
    await client.signUp({ username: 'long_pass', password: long, displayName: 'علی رضایی' });
    const other = await server.client();
    await expect(other.signIn({ username: 'long_pass', password: `${long}x` })).rejects.toMatchObject({
      code: ErrorCode.INVALID_CREDENTIALS,
    });
    await expect(other.signIn({ username: 'no_such_user', password: long })).rejects.toMatchObject({
      code: ErrorCode.INVALID_CREDENTIALS,
    });
    const ok = await other.signIn({ username: 'LONG_PASS', password: long });
    expect(ok.user?.displayName).toBe('علی رضایی');
  });

  it('checks usernames: format, length and case-insensitive uniqueness', async () => {
    const client = await server.client();
    for (const username of ['abc', 'has space', 'a'.repeat(33), 'فارسی_نام']) {
      await expect(client.signUp({ username, password: PASSWORD, displayName: 'x' })).rejects.toMatchObject({
        code: ErrorCode.USERNAME_INVALID,
      });
    }
    await server.user('unique_name');
    await expect(
      client.signUp({ username: 'Unique_Name', password: PASSWORD, displayName: 'x' }),
    ).rejects.toMatchObject({
      code: ErrorCode.USERNAME_TAKEN,
    });
    await expect(
      client.signUp({ username: 'short_pw', password: 'short', displayName: 'x' }),
    ).rejects.toMatchObject({
      code: ErrorCode.PASSWORD_TOO_SHORT,
    });
  });

  it('refuses a username that looks like a taken one, at sign-up and on change', async () => {
    const official = await server.user('peyk_official');
    const client = await server.client();
    await expect(
      client.signUp({ username: 'peyk_0fficial', password: PASSWORD, displayName: 'x' }),
    ).rejects.toMatchObject({
      code: ErrorCode.USERNAME_TAKEN,
      message: expect.stringContaining('@peyk_official'),
    });
    expect(await server.app.store.read.accounts.userByUsername('peyk_0fficial')).toBeUndefined();

    const masoud = await server.user('masoud_1990');
    const other = await server.user('someone_else');
    await expect(other.request('setUsername', { username: 'rnasoud_l990' })).rejects.toMatchObject({
      code: ErrorCode.USERNAME_TAKEN,
    });
    expect((await other.request('getUsers', { userIds: [other.user?.id ?? ''] })).users[0]?.username).toBe(
      'someone_else',
    );
    // One's own look-alike is one's own; a freed name and its look-alikes are free again.
    await official.request('setUsername', { username: 'peyk_0fficial' });
    await masoud.request('setUsername', { username: '' });
    await other.request('setUsername', { username: 'rnasoud_l990' });
    expect((await other.request('getUsers', { userIds: [other.user?.id ?? ''] })).users[0]?.username).toBe(
      'rnasoud_l990',
    );
  });

  it('requires the second factor once it is set', async () => {
    const user = await server.user('two_factor');
    await user.request('setSecondFactor', { current: '', newPassword: 'second secret' });
    const other = await server.client();
    await expect(other.signIn({ username: 'two_factor', password: PASSWORD })).rejects.toMatchObject({
      code: ErrorCode.SECOND_FACTOR_REQUIRED,
    });
    await expect(
      other.signIn({ username: 'two_factor', password: PASSWORD, secondFactor: 'wrong one' }),
    ).rejects.toMatchObject({ code: ErrorCode.SECOND_FACTOR_INVALID });
    const ok = await other.signIn({
      username: 'two_factor',
      password: PASSWORD,
      secondFactor: 'second secret',
    });
    expect(ok.user?.username).toBe('two_factor');
    await expect(user.request('setSecondFactor', { current: 'bad', newPassword: '' })).rejects.toMatchObject({
      code: ErrorCode.SECOND_FACTOR_INVALID,
    });
  });

  it('signs up and in with a phone number and a one-time code', async () => {
    const client = await server.client();
    const phone = '+989121234567';
    const sent = await client.sendPhoneCode(phone);
    const code = server.sms.lastCode(phone) as string;
    expect(code).toMatch(/^\d{5}$/);
    await expect(client.signInWithPhone({ phone, codeId: sent.codeId, code })).rejects.toMatchObject({
      code: ErrorCode.SIGN_UP_REQUIRED,
    });
    const wrong = code === '00000' ? '11111' : '00000';
    await expect(
      client.signInWithPhone({ phone, codeId: sent.codeId, code: wrong, displayName: 'Reza' }),
    ).rejects.toMatchObject({ code: ErrorCode.PHONE_CODE_INVALID });
    const created = await client.signInWithPhone({ phone, codeId: sent.codeId, code, displayName: 'Reza' });
    expect(created.user?.displayName).toBe('Reza');

    const again = await server.client();
    const second = await again.sendPhoneCode(phone);
    await expect(again.signInWithPhone({ phone, codeId: sent.codeId, code })).rejects.toMatchObject({
      code: ErrorCode.PHONE_CODE_INVALID,
    });
    const signedIn = await again.signInWithPhone({
      phone,
      codeId: second.codeId,
      code: server.sms.lastCode(phone),
    });
    expect(signedIn.user?.id).toBe(created.user?.id);
    await expect((await server.client()).sendPhoneCode('0912')).rejects.toMatchObject({
      code: ErrorCode.PHONE_INVALID,
    });
  });

  it('locks an account out after repeated wrong passwords, with a retry-after', async () => {
    await server.user('brute_target');
    const attacker = await server.client();
    for (let i = 0; i < 10; i++) {
      await expect(
        attacker.signIn({ username: 'brute_target', password: `wrong ${i} guess` }),
      ).rejects.toMatchObject({
        code: ErrorCode.INVALID_CREDENTIALS,
      });
    }
    const error = await attacker.signIn({ username: 'brute_target', password: PASSWORD }).catch((e) => e);
    expect(error.code).toBe(ErrorCode.FLOOD_WAIT);
    expect(error.retryAfter).toBeGreaterThan(0);
  });

  it('refuses requests before sign-in and a second sign-in on one connection', async () => {
    const anonymous = await server.client();
    await expect(anonymous.request('getDialogs', {})).rejects.toMatchObject({
      code: ErrorCode.AUTH_REQUIRED,
    });
    const user = await server.user('once_only');
    await expect(user.request('signIn', { username: 'once_only', password: PASSWORD })).rejects.toMatchObject(
      {
        code: ErrorCode.ALREADY_AUTHENTICATED,
      },
    );
  });
});
