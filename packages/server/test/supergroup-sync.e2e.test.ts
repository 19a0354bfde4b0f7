import { ClientState, type PeykClient, syncClientState } from '@peyk/client';
import { ChatKind } from '@peyk/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from '../src/domain/index.js';
import { addMembersDirectly } from './helpers/large-chats.js';
import { eventually, startTestServer, type TestServer } from './helpers/server.js';
import { storeKinds } from './helpers/stores.js';
import { caughtUp, essence, fullHistory } from './helpers/sync-tools.js';

const kinds = await storeKinds();

/** A state that follows the client's updates from now on. */
async function follow(client: PeykClient): Promise<ClientState> {
  const state = new ClientState(client.user as never);
  await syncClientState(client, state, { historyPerChat: 100 });
  return state;
}

async function caughtUpIn(client: PeykClient, chatId: string, target: number): Promise<void> {
  await eventually(() => (client.chatPts[chatId] ?? 0) >= target, `chat pts ${target}`, 60_000);
}

describe.each(kinds)('a 5,000-member group on $name', (kind) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(kind, {
      connectionLimits: { requestsPerSecond: 10_000, requestBurst: 10_000 },
    });
  });
  afterAll(async () => {
    await server.stop();
  });

  it('an offline member sees the same history as an online one, across the switch to a supergroup', async () => {
    const owner = await server.user(`big_owner_${kind.name}`);
    const online = await server.user(`big_online_${kind.name}`);
    const away = await server.user(`big_away_${kind.name}`);
    const group = (
      await owner.request('createGroup', {
        title: 'Everyone',
        memberIds: [online.user?.id ?? '', away.user?.id ?? ''],
      })
    ).id;
    await owner.sendMessage(group, 'while we were three');

    const awayState = await follow(away);
    const resume = { token: away.token, pts: away.pts, chatPts: away.chatPts };
    away.close();
    const onlineState = await follow(online);

    const crowd = await addMembersDirectly(server.app.store, Number(group), 4997, `crowd_${kind.name}`);
    const latecomer = await server.user(`big_late_${kind.name}`);
    const grown = await owner.request('addMembers', { chatId: group, userIds: [latecomer.user?.id ?? ''] });
    expect(grown).toMatchObject({ kind: ChatKind.SUPERGROUP, memberCount: 5001 });

    const { domain } = server.app;
    const mine: number[] = [];
    for (let i = 0; i < 300; i++) {
      const someone: Caller = { userId: crowd[(i * 37) % crowd.length] as number, sessionId: 0 };
      if (i % 10 === 3 && mine.length > 0) {
        await owner.request('editMessage', {
          chatId: group,
          messageId: mine[i % mine.length] as number,
          text: `edited ${i}`,
        });
      } else if (i % 10 === 7 && mine.length > 1) {
        const [gone] = mine.splice(i % mine.length, 1);
        await owner.request('deleteMessages', {
          chatId: group,
          messageIds: [gone as number],
          forEveryone: true,
        });
      } else if (i % 10 === 5 && mine.length > 0) {
        await domain.messages.setReaction(
          someone,
          Number(group),
          mine[0] as number,
          i % 20 === 5 ? '👍' : '🔥',
        );
      } else if (i % 3 === 0) {
        mine.push(
          (await owner.request('sendMessage', { chatId: group, randomId: String(i + 1), text: `owner ${i}` }))
            .id,
        );
      } else {
        await domain.messages.send(someone, {
          chatId: Number(group),
          randomId: String(i + 1),
          text: `crowd ${i}`,
          entities: [],
          replyToId: 0,
        });
      }
    }
    await owner.request('setMessagePinned', { chatId: group, messageId: mine[0] as number, pinned: true });

    const target = (await owner.request('getChat', { chatId: group })).chatPts;
    await caughtUpIn(online, group, target);
    const back = await server.client(resume);
    back.on('update', (update) => awayState.apply(update));
    await caughtUp(back);
    await caughtUpIn(back, group, target);

    const fresh = (await fullHistory(owner, group)).map(essence);
    expect(fresh.length).toBeGreaterThan(150);
    expect(onlineState.snapshot().messages[group]?.map(essence)).toEqual(fresh);
    expect(awayState.snapshot().messages[group]?.map(essence)).toEqual(fresh);
    const kindOf = (state: ClientState) =>
      state.snapshot().dialogs.find((d) => d.chat?.id === group)?.chat?.kind;
    expect(kindOf(awayState)).toBe(ChatKind.SUPERGROUP);
    expect(kindOf(onlineState)).toBe(ChatKind.SUPERGROUP);
  }, 300_000);
});
