import { exportAccount } from '@peyk/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './helpers/server.js';
import { storeKinds } from './helpers/stores.js';

const [sqlite] = await storeKinds();

describe('exporting one account', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(sqlite as never);
  });
  afterAll(async () => {
    await server.stop();
  });

  it('holds the profile, contacts, blocks and every chat with its whole visible history, and nothing else', async () => {
    const owner = await server.user('export_owner');
    const friend = await server.user('export_friend');
    const pest = await server.user('export_pest');
    const stranger = await server.user('export_stranger');
    await owner.request('addContact', { userId: friend.user?.id ?? '' });
    await owner.request('blockUser', { userId: pest.user?.id ?? '' });
    const chat = await owner.request('openPrivateChat', { userId: friend.user?.id ?? '' });
    const sent = [];
    for (let i = 0; i < 130; i++) sent.push(await (i % 2 ? friend : owner).sendMessage(chat.id, `line ${i}`));
    await owner.request('deleteMessages', {
      chatId: chat.id,
      messageIds: [sent[5]?.id ?? 0],
      forEveryone: true,
    });
    const group = await friend.request('createGroup', {
      title: 'Export club',
      memberIds: [owner.user?.id ?? ''],
    });
    await friend.sendMessage(group.id, 'welcome');
    // A chat the owner is not in.
    const elsewhere = await friend.request('openPrivateChat', { userId: stranger.user?.id ?? '' });
    await friend.sendMessage(elsewhere.id, 'not for the owner');

    const progress: number[] = [];
    const data = await exportAccount(owner, ({ chatsDone }) => progress.push(chatsDone));
    // Plain JSON all the way down.
    const copy = JSON.parse(JSON.stringify(data)) as typeof data;
    expect(copy.format).toBe('peyk-export/1');
    expect(copy.profile).toMatchObject({ username: 'export_owner' });
    expect(copy.contacts).toEqual([expect.objectContaining({ username: 'export_friend' })]);
    expect(copy.blocked).toEqual([expect.objectContaining({ username: 'export_pest' })]);
    expect(copy.sessions).toHaveLength(1);
    const texts = (chatId: string) =>
      copy.chats
        .find((entry) => (entry.chat as { id: string }).id === chatId)
        ?.messages.map((message) => (message as { text?: string }).text);
    expect(texts(chat.id)).toEqual(sent.filter((_, i) => i !== 5).map((message) => message.text));
    expect(texts(group.id)).toEqual(expect.arrayContaining(['welcome']));
    expect(texts(elsewhere.id)).toBeUndefined();
    expect(JSON.stringify(copy)).not.toContain('not for the owner');
    expect(Object.values(copy.users).map((user) => (user as { username: string }).username)).toEqual(
      expect.arrayContaining(['export_owner', 'export_friend', 'export_pest']),
    );
    expect(progress.at(-1)).toBe(copy.chats.length);
  }, 60_000);
});
