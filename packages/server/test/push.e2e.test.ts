import { ErrorCode } from '@peyk/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalPushService } from './helpers/push-service.js';
import { eventually, startTestServer, type TestServer } from './helpers/server.js';
import { storeKinds } from './helpers/stores.js';

const [sqlite] = await storeKinds();

describe('Web Push to people with no device online', () => {
  let push: LocalPushService;
  let server: TestServer;
  beforeAll(async () => {
    push = await LocalPushService.start();
    server = await startTestServer(sqlite as never, { pushAgent: push.agent });
  });
  afterAll(async () => {
    await server.stop();
    await push.stop();
  });

  it('pushes an encrypted, VAPID-signed message to an offline user, and not to an online one', async () => {
    const sara = await server.user('push_sara');
    const omid = await server.user('push_omid');
    const config = await omid.request('getPushConfig', {});
    expect(Buffer.from(config.vapidPublicKey, 'base64url')).toHaveLength(65);
    const browser = push.subscription('omid');
    await omid.request('registerPush', {
      endpoint: browser.endpoint,
      p256dh: browser.p256dh,
      auth: browser.auth,
    });
    const chatId = (await sara.request('openPrivateChat', { userId: omid.user?.id })).id;

    await sara.sendMessage(chatId, 'while you are here');
    await new Promise((r) => setTimeout(r, 200));
    expect(push.received).toHaveLength(0);

    omid.close();
    await eventually(async () => {
      const view = await sara.request('getUsers', { userIds: [omid.user?.id ?? ''] });
      return view.users[0]?.presence?.kind === 2;
    }, 'omid to be offline');
    const message = await sara.sendMessage(chatId, 'سلام! are you there?');
    await eventually(() => push.received.length === 1, 'the push');
    const [received] = push.received;
    expect(received?.path).toBe(browser.path);
    expect(received?.headers['content-encoding']).toBe('aes128gcm');
    expect(received?.headers.authorization).toMatch(
      new RegExp(`^vapid t=[\\w-]+\\.[\\w-]+\\.[\\w-]+, k=${config.vapidPublicKey}$`),
    );
    expect(Number(received?.headers.ttl)).toBeGreaterThan(0);
    expect(browser.decrypt(received?.body as Buffer)).toEqual({
      type: 'message',
      chatId,
      messageId: message.id,
      title: 'push_sara',
      body: 'سلام! are you there?',
    });
    // A poll has no text: its question is the preview.
    const poll = await sara.request('sendPoll', {
      chatId,
      randomId: '7001',
      poll: { question: 'Tea or coffee?', options: ['Tea', 'Coffee'] },
    });
    await eventually(() => push.received.length === 2, 'the poll push');
    expect(browser.decrypt(push.received[1]?.body as Buffer)).toMatchObject({
      messageId: poll.id,
      body: '📊 Tea or coffee?',
    });
  });

  it('hides the preview when asked, skips muted chats, and forgets subscriptions the service dropped', async () => {
    const ali = await server.user('push_ali');
    const nika = await server.user('push_nika');
    const quiet = push.subscription('nika-quiet');
    await nika.request('registerPush', { ...quiet, hidePreview: true });
    const chatId = (await ali.request('openPrivateChat', { userId: nika.user?.id })).id;
    const group = (await ali.request('createGroup', { title: 'muted', memberIds: [nika.user?.id ?? ''] })).id;
    await nika.request('setDialogMuted', { chatId: group, muted: true });
    nika.close();
    await eventually(async () => {
      const view = await ali.request('getUsers', { userIds: [nika.user?.id ?? ''] });
      return view.users[0]?.presence?.kind === 2;
    }, 'nika to be offline');

    const before = push.received.length;
    await ali.sendMessage(group, 'nobody is told of this');
    await ali.sendMessage(chatId, 'secret words');
    await eventually(() => push.received.length === before + 1, 'one push');
    const last = push.received.at(-1);
    expect(quiet.decrypt(last?.body as Buffer)).toMatchObject({ chatId, title: '', body: 'New message' });

    push.statusFor.set(quiet.path, 410);
    await ali.sendMessage(chatId, 'gone now');
    await eventually(() => push.received.length === before + 2, 'the refused push');
    await eventually(
      async () => (await server.app.store.read.push.forUser(Number(nika.user?.id))).length === 0,
      'the subscription to be forgotten',
    );
  });

  it("writes service messages and hidden previews in each recipient's language", async () => {
    const sara = await server.user('push_lang_sara');
    const people = { fa: await server.user('push_lang_parvin'), ru: await server.user('push_lang_pavel') };
    const devices = { fa: push.subscription('parvin'), ru: push.subscription('pavel') };
    await people.fa.request('registerPush', { ...devices.fa, hidePreview: true });
    await people.ru.request('registerPush', devices.ru);
    await people.fa.request('setSettings', { settings: { language: 'fa' } });
    await people.ru.request('setSettings', { settings: { language: 'ru' } });
    for (const person of Object.values(people)) person.close();
    await eventually(async () => {
      const ids = Object.values(people).map((p) => p.user?.id ?? '');
      const view = await sara.request('getUsers', { userIds: ids });
      return view.users.every((u) => u.presence?.kind === 2);
    }, 'both to be offline');
    const bodies = (device: (typeof devices)['fa']) =>
      push.received
        .filter((r) => r.path === device.path)
        .map((r) => (device.decrypt(r.body as Buffer) as { body: string }).body);

    const group = await sara.request('createGroup', {
      title: 'Yalda night',
      memberIds: Object.values(people).map((p) => p.user?.id ?? ''),
    });
    await eventually(() => bodies(devices.ru).length === 1 && bodies(devices.fa).length === 1, 'two pushes');
    expect(bodies(devices.ru)).toEqual(['push_lang_sara: вы добавлены в группу']);
    // Parvin hides previews: no name, no text, but "New message" in Persian.
    expect(bodies(devices.fa)).toEqual(['پیام تازه']);

    const message = await sara.sendMessage(group.id, 'Pomegranates at eight');
    await sara.request('setMessagePinned', { chatId: group.id, messageId: message.id, pinned: true });
    await eventually(() => bodies(devices.ru).length === 3, 'the message and the pin');
    expect(bodies(devices.ru).slice(1)).toEqual([
      'push_lang_sara: Pomegranates at eight',
      'push_lang_sara: закреплено сообщение',
    ]);
  });

  it('refuses a subscription that cannot be used, and lets only its owner remove one', async () => {
    const owner = await server.user('push_owner');
    const other = await server.user('push_other');
    const browser = push.subscription('owner');
    for (const bad of [
      { ...browser, endpoint: 'http://127.0.0.1/insecure' },
      { ...browser, p256dh: 'AAAA' },
      { ...browser, auth: Buffer.alloc(8).toString('base64url') },
    ]) {
      await expect(owner.request('registerPush', bad)).rejects.toMatchObject({
        code: ErrorCode.PUSH_SUBSCRIPTION_INVALID,
      });
    }
    await owner.request('registerPush', browser);
    await other.request('unregisterPush', { endpoint: browser.endpoint });
    expect(await server.app.store.read.push.forUser(Number(owner.user?.id))).toHaveLength(1);
    await owner.signOut();
    expect(await server.app.store.read.push.forUser(Number(owner.user?.id))).toHaveLength(0);
  });
});
