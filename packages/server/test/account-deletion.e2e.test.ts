import { ErrorCode } from '@peyk/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, PASSWORD, recordUpdates, startTestServer, type TestServer } from './helpers/server.js';
import { storeKinds } from './helpers/stores.js';

const kinds = await storeKinds();

describe.each(kinds)('deleting an account on $name', (kind) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(kind);
  });
  afterAll(async () => {
    await server.stop();
  });

  it('asks for the password, signs every device out, erases the person and keeps their messages', async () => {
    const leaving = await server.user('leaving_one');
    const laptop = await server.device(leaving);
    const friend = await server.user('staying_one');
    const third = await server.user('third_one');
    const leavingId = leaving.user?.id ?? '';
    await leaving.request('addContact', { userId: friend.user?.id ?? '' });
    const chat = await leaving.request('openPrivateChat', { userId: friend.user?.id ?? '' });
    const group = await leaving.request('createGroup', {
      title: 'Keepers',
      memberIds: [friend.user?.id ?? '', third.user?.id ?? ''],
    });
    const privateNote = await leaving.sendMessage(chat.id, 'remember me');
    const groupNote = await leaving.sendMessage(group.id, 'goodbye, group');
    const friendUpdates = recordUpdates(friend);
    const revoked: string[] = [];
    for (const device of [leaving, laptop]) device.on('sessionRevoked', (info) => revoked.push(info.code));

    await expect(leaving.request('deleteAccount', { password: 'not my password' })).rejects.toMatchObject({
      code: ErrorCode.INVALID_CREDENTIALS,
    });
    expect((await server.app.store.read.accounts.userByUsername('leaving_one'))?.deleted_at).toBe(0);

    await leaving.request('deleteAccount', { password: PASSWORD });
    await eventually(() => revoked.length === 2, 'both devices to be signed out');
    expect(revoked).toEqual(['SESSION_REVOKED', 'SESSION_REVOKED']);
    const again = await server.client();
    await expect(again.authenticate(leaving.token)).rejects.toMatchObject({
      code: ErrorCode.AUTH_TOKEN_INVALID,
    });
    await expect(again.signIn({ username: 'leaving_one', password: PASSWORD })).rejects.toMatchObject({
      code: ErrorCode.INVALID_CREDENTIALS,
    });

    // What others see: a deleted account, told at once, with its messages where they were.
    await eventually(
      () => friendUpdates.some((u) => u.kind.case === 'userUpdated' && u.kind.value.deleted),
      'the friend to hear of the deletion',
    );
    const [seen] = (await friend.request('getUsers', { userIds: [leavingId] })).users;
    expect(seen).toMatchObject({ id: leavingId, deleted: true, displayName: '', username: '', bio: '' });
    const privateHistory = await friend.request('getHistory', { chatId: chat.id, anchorId: 0, before: 10 });
    expect(privateHistory.messages.map((m) => [m.id, m.senderId, m.text])).toContainEqual([
      privateNote.id,
      leavingId,
      'remember me',
    ]);
    const groupHistory = await third.request('getHistory', { chatId: group.id, anchorId: 0, before: 10 });
    expect(groupHistory.messages.map((m) => m.text)).toContain(groupNote.text);
    await expect(friend.sendMessage(chat.id, 'are you there?')).rejects.toMatchObject({
      code: ErrorCode.USER_NOT_FOUND,
    });
    await expect(third.request('openPrivateChat', { userId: leavingId })).rejects.toMatchObject({
      code: ErrorCode.USER_NOT_FOUND,
    });
    await expect(third.request('resolveUsername', { username: 'leaving_one' })).rejects.toMatchObject({
      code: ErrorCode.USER_NOT_FOUND,
    });
    // The name is free for someone new.
    expect((await server.user('leaving_one')).user?.id).not.toBe(leavingId);
  });

  it('lets an account made with a phone code go without a password, but not without its second factor', async () => {
    const client = await server.client();
    const phone = '+989123334444';
    const sent = await client.sendPhoneCode(phone);
    await client.signInWithPhone({
      phone,
      codeId: sent.codeId,
      code: server.sms.lastCode(phone) ?? '',
      displayName: 'Phone',
    });
    await client.request('setSecondFactor', { current: '', newPassword: 'second secret' });
    await expect(client.request('deleteAccount', { password: '' })).rejects.toMatchObject({
      code: ErrorCode.SECOND_FACTOR_REQUIRED,
    });
    await client.request('deleteAccount', { password: '', secondFactor: 'second secret' });
    expect(await server.app.store.read.accounts.userByPhone(phone)).toBeUndefined();
  });
});
