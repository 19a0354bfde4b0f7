import { ChatKind, create, UserSchema } from '@peyk/protocol';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ClientState } from './client-state.js';
import type { PeykClient } from './peyk-client.js';
import { syncClientState } from './state-sync.js';
import { difference, newMessage, signedInClient } from './testing/fixtures.js';
import { type ResultInit, ScriptedServer, until } from './testing/scripted-server.js';

let server: ScriptedServer;
let client: PeykClient | undefined;

beforeEach(async () => {
  server = await ScriptedServer.start();
});

afterEach(async () => {
  client?.close();
  client = undefined;
  await server.close();
});

const chat = { id: '7', kind: ChatKind.PRIVATE, peerUserId: '2', memberCount: 2 };
const m1 = { chatId: '7', id: 1, senderId: '2', date: 1001, text: 'm1' };

function dialogs(cursor: string, nextCursor: string): ResultInit {
  return cursor === ''
    ? {
        case: 'dialogs',
        value: { dialogs: [{ chat, lastMessage: m1, unreadCount: 1, lastActivity: 1001 }], nextCursor },
      }
    : {
        case: 'dialogs',
        value: { dialogs: [{ chat: { ...chat, id: '8' }, lastActivity: 5 }], nextCursor: '' },
      };
}

describe('syncClientState', () => {
  it('loads every dialog page, then applies the updates that arrived meanwhile', async () => {
    const signed = await signedInClient(server, 0);
    client = signed.client;
    const { connection } = signed;
    const state = new ClientState(create(UserSchema, { id: '1', username: 'user1' }));
    const syncing = syncClientState(client, state);

    const first = await connection.next('getDialogs');
    // Pushed while the fetch runs: message 1 is in the page already, message 2 is not.
    connection.push(newMessage(1));
    connection.push(newMessage(2));
    await until(() => client?.pts === 2);
    connection.reply(first, dialogs('', 'page-2'));
    const second = await connection.next('getDialogs');
    expect(second.request.value).toMatchObject({ cursor: 'page-2' });
    connection.reply(second, dialogs('page-2', ''));
    const stop = await syncing;

    expect(state.dialogs().map((d) => [d.chat?.id, d.unreadCount, d.lastMessage?.id])).toEqual([
      ['7', 2, 2],
      ['8', 0, undefined],
    ]);
    connection.push(newMessage(3));
    await until(() => state.dialog('7')?.unreadCount === 3);

    stop();
    connection.push(newMessage(4));
    await until(() => client?.pts === 4);
    expect(state.dialog('7')?.unreadCount).toBe(3);
  });

  it('reloads after a reset', async () => {
    const signed = await signedInClient(server, 0);
    client = signed.client;
    const { connection } = signed;
    const state = new ClientState(create(UserSchema, { id: '1' }));
    const syncing = syncClientState(client, state);
    connection.reply(await connection.next('getDialogs'), dialogs('page-2', ''));
    await syncing;
    expect(state.dialogs().map((d) => d.chat?.id)).toEqual(['8']);

    connection.push(newMessage(50_000));
    connection.reply(await connection.next('getDifference'), difference([], 49_999, { tooLong: true }));
    connection.reply(await connection.next('getDialogs'), dialogs('', ''));
    await until(() => state.dialogs().length === 1 && state.dialog('7') !== undefined);
    await until(() => state.dialog('7')?.lastMessage?.id === 50_000);
    expect(state.dialog('8')).toBeUndefined();
  });

  it('loads member lists with members: true, and fetches unknown users once', async () => {
    const signed = await signedInClient(server, 0);
    client = signed.client;
    const { connection } = signed;
    const state = new ClientState(create(UserSchema, { id: '1' }));
    const syncing = syncClientState(client, state, { members: true });
    connection.reply(await connection.next('getDialogs'), dialogs('page-2', ''));
    const members = await connection.next('listMembers');
    expect(members.request.value).toMatchObject({ chatId: '8' });
    connection.reply(members, {
      case: 'members',
      value: { members: [{ userId: '1' }, { userId: '2' }], users: [{ id: '2', displayName: 'Bob' }] },
    });
    await syncing;
    expect(state.members('8')?.map((m) => m.userId)).toEqual(['1', '2']);
    expect(state.user('2')?.displayName).toBe('Bob');

    // Senders 3 and 4 are unknown: one get_users for both; 2 is known, 3 is not asked twice.
    connection.push(newMessage(1, '8', 1, '3'));
    connection.push(newMessage(2, '8', 2, '4'));
    connection.push(newMessage(3, '8', 3, '2'));
    const getUsers = await connection.next('getUsers');
    expect(getUsers.request.value).toMatchObject({ userIds: ['3', '4'] });
    connection.reply(getUsers, { case: 'users', value: { users: [{ id: '4', displayName: 'Dan' }] } });
    await until(() => state.user('4') !== undefined);
    connection.push(newMessage(4, '8', 4, '3'));
    await until(() => state.dialog('8')?.lastMessage?.id === 4);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(connection.frames.filter((f) => f.request.case === 'getUsers')).toHaveLength(1);
  });
});
