import type { ClientState, PeykClient } from '@peyk/client';
import { EntityType, MemberRole } from '@peyk/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calm, ChaosProxy } from './helpers/chaos-proxy.js';
import { startTestServer, type TestServer } from './helpers/server.js';
import { storeKinds } from './helpers/stores.js';
import { caughtUp, essence, followedState, fullHistory, persist } from './helpers/sync-tools.js';

const kinds = await storeKinds();

describe.each(kinds)('sync on $name', (kind) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(kind);
  });
  afterAll(async () => {
    await server.stop();
  });

  describe('state before + updates = state fetched fresh, for each update type', () => {
    let me: PeykClient;
    let myOtherDevice: PeykClient;
    let friend: PeykClient;
    let third: PeykClient;
    let stale: Awaited<ReturnType<typeof followedState>>;
    let privateChat: string;
    let group: string;
    const sent: Record<string, number> = {};

    beforeAll(async () => {
      me = await server.user(`zulip_me_${kind.name}`);
      myOtherDevice = await server.device(me);
      friend = await server.user(`zulip_friend_${kind.name}`);
      third = await server.user(`zulip_third_${kind.name}`);
      privateChat = (await friend.request('openPrivateChat', { userId: me.user?.id })).id;
      sent.first = (await friend.sendMessage(privateChat, 'before the snapshot')).id;
      stale = await followedState(me);
    });

    async function expectFreshEqualsStale(): Promise<void> {
      await caughtUp(me);
      const fresh = await followedState(await server.device(me));
      const staleView = stale.snapshot();
      const freshView = fresh.snapshot();
      expect(staleView.dialogs).toEqual(freshView.dialogs);
      for (const dialog of freshView.dialogs) {
        const chatId = dialog.chat?.id ?? '';
        expect((staleView.messages[chatId] ?? []).map(essence)).toEqual(
          (freshView.messages[chatId] ?? []).map(essence),
        );
        expect(staleView.members[chatId]).toEqual(freshView.members[chatId]);
      }
    }

    it('new_message (with a mention and a reply) and a new private chat', async () => {
      sent.mention = (
        await friend.sendMessage(privateChat, `@${me.user?.username} hello`, {
          entities: [{ type: EntityType.MENTION, offset: 0, length: (me.user?.username.length ?? 0) + 1 }],
        })
      ).id;
      sent.mine = (await me.sendMessage(privateChat, 'my answer', { replyToId: sent.first })).id;
      const thirdChat = await third.request('openPrivateChat', { userId: me.user?.id });
      await third.sendMessage(thirdChat.id, 'reply to this');
      await expectFreshEqualsStale();
    });

    it('message_edited', async () => {
      await friend.request('editMessage', {
        chatId: privateChat,
        messageId: sent.mention,
        text: 'edited, no mention',
      });
      await expectFreshEqualsStale();
    });

    it('reaction_changed', async () => {
      await friend.request('setReaction', { chatId: privateChat, messageId: sent.mine, emoji: '❤️' });
      await me.request('setReaction', { chatId: privateChat, messageId: sent.first, emoji: '👍' });
      await expectFreshEqualsStale();
    });

    it('message_edited for a pin, and its service message', async () => {
      await friend.request('setMessagePinned', { chatId: privateChat, messageId: sent.first, pinned: true });
      await expectFreshEqualsStale();
    });

    it('read_inbox from another device, and read_outbox from the peer', async () => {
      await myOtherDevice.request('readHistory', { chatId: privateChat, maxId: sent.mention });
      await friend.request('readHistory', { chatId: privateChat, maxId: sent.mine });
      await expectFreshEqualsStale();
    });

    it('messages_deleted for everyone and for me', async () => {
      const doomed = await friend.sendMessage(privateChat, 'soon gone');
      const mineOnly = await friend.sendMessage(privateChat, 'hidden from me');
      await friend.request('deleteMessages', {
        chatId: privateChat,
        messageIds: [doomed.id],
        forEveryone: true,
      });
      await myOtherDevice.request('deleteMessages', { chatId: privateChat, messageIds: [mineOnly.id] });
      await expectFreshEqualsStale();
    });

    it('chat_updated: a group is created, renamed, grows, and roles change', async () => {
      group = (await friend.request('createGroup', { title: 'Zulip group', memberIds: [me.user?.id ?? ''] }))
        .id;
      await friend.sendMessage(group, 'welcome');
      await friend.request('renameChat', { chatId: group, title: 'گروه' });
      await friend.request('addMembers', { chatId: group, userIds: [third.user?.id ?? ''] });
      await friend.request('setMemberRole', { chatId: group, userId: me.user?.id, role: MemberRole.ADMIN });
      await expectFreshEqualsStale();
    });

    it('dialog_settings: pin and mute on another device', async () => {
      await myOtherDevice.request('setDialogPinned', { chatId: group, pinned: true });
      await myOtherDevice.request('setDialogMuted', { chatId: privateChat, muted: true });
      await expectFreshEqualsStale();
    });

    it('user_updated: a profile change, a contact, a block', async () => {
      await friend.request('updateProfile', { displayName: 'Dostam', bio: 'new bio' });
      await myOtherDevice.request('addContact', { userId: friend.user?.id });
      await myOtherDevice.request('blockUser', { userId: third.user?.id });
      await expectFreshEqualsStale();
    });

    it('chat_removed: removed from one group, left another', async () => {
      const other = (
        await friend.request('createGroup', { title: 'short lived', memberIds: [me.user?.id ?? ''] })
      ).id;
      await friend.sendMessage(other, 'bye soon');
      await friend.request('removeMember', { chatId: other, userId: me.user?.id });
      await myOtherDevice.request('leaveChat', { chatId: group });
      await expectFreshEqualsStale();
    });
  });

  it('every device ends with exactly the server history when frames are lost, repeated and cut', async () => {
    const proxy = await ChaosProxy.start(server.app.wsUrl, 20261128);
    try {
      const names = ['ana', 'ben', 'cai'].map((n) => `chaos_${n}_${kind.name}`);
      const owners = await Promise.all(names.map((n) => server.user(n)));
      const [ana, ben, cai] = owners as [PeykClient, PeykClient, PeykClient];
      const group = (
        await ana.request('createGroup', {
          title: 'chaos',
          memberIds: owners.slice(1).map((o) => o.user?.id ?? ''),
        })
      ).id;
      const pair = (await ana.request('openPrivateChat', { userId: ben.user?.id })).id;
      // Short timeouts retry lost responses quickly; sign-ins go one at a time so that password
      // hashing on a busy machine stays well inside them.
      const viaProxy = { url: proxy.url, requestTimeoutMs: 1500 };
      const devices: PeykClient[] = [];
      for (const owner of owners) {
        for (let i = 0; i < 2; i++) devices.push(await server.device(owner, viaProxy));
      }
      const states = await Promise.all(devices.map((d) => followedState(d, 0)));

      proxy.chaos = { dropUpdate: 0.15, duplicateUpdate: 0.15, dropResponse: 0.05, cut: 0.004 };
      const sends: Promise<unknown>[] = [];
      let toGroup = 0;
      for (let i = 0; i < 40; i++) {
        const device = devices[i % devices.length] as PeykClient;
        const inPair = i % 3 === 0 && device.user?.id !== cai.user?.id;
        if (!inPair) toGroup++;
        sends.push(device.sendMessage(inPair ? pair : group, `message ${i}`));
        if (i % 10 === 9) {
          const history = await persist(() => ana.request('getHistory', { chatId: group, before: 5 }));
          const target = history.messages.at(-1)?.id ?? 1;
          await persist(() =>
            device.request('setReaction', { chatId: group, messageId: target, emoji: '🔥' }),
          );
          await persist(() => device.request('readHistory', { chatId: group, maxId: target }));
        }
      }
      await Promise.all(sends);
      proxy.chaos = calm;
      // Something new in every chat, so a device whose last update was lost sees the gap.
      await ana.sendMessage(group, 'the end');
      await ana.sendMessage(pair, 'the end');
      await cai.request('setReaction', { chatId: group, messageId: 1, emoji: '👍' });

      const truth = {
        [group]: (await fullHistory(ana, group)).map(essence),
        [pair]: (await fullHistory(ana, pair)).map(essence),
      };
      expect((truth[group] ?? []).filter((m) => m.text.startsWith('message'))).toHaveLength(toGroup);
      expect((truth[pair] ?? []).filter((m) => m.text.startsWith('message'))).toHaveLength(40 - toGroup);
      for (const [i, device] of devices.entries()) {
        await caughtUp(device);
        const state = states[i] as ClientState;
        for (const chatId of [group, pair]) {
          if (!state.dialog(chatId)) continue;
          expect(state.messages(chatId).map(essence)).toEqual(truth[chatId]);
        }
        const fresh = await followedState(await server.device(owners[Math.floor(i / 2)] as PeykClient), 0);
        expect(state.snapshot().dialogs).toEqual(fresh.snapshot().dialogs);
      }
      expect(proxy.stats.droppedUpdates).toBeGreaterThan(0);
      expect(proxy.stats.duplicatedUpdates).toBeGreaterThan(0);
      expect(proxy.stats.droppedResponses + proxy.stats.cuts).toBeGreaterThan(0);
    } finally {
      await proxy.close();
    }
  }, 90_000);

  it('returns the original message for a repeated random_id, concurrently and across reconnects', async () => {
    const sender = await server.user(`idem_${kind.name}`);
    const second = await server.device(sender);
    const peer = await server.user(`idem_peer_${kind.name}`);
    const chatId = (await sender.request('openPrivateChat', { userId: peer.user?.id })).id;
    const attempts = Array.from({ length: 20 }, (_, i) =>
      (i % 2 ? second : sender).request('sendMessage', { chatId, randomId: '424242', text: 'only once' }),
    );
    const results = await Promise.all(attempts);
    expect(new Set(results.map((m) => m.id)).size).toBe(1);

    const proxy = await ChaosProxy.start(server.app.wsUrl, 7);
    try {
      const flaky = await server.device(sender, { url: proxy.url, requestTimeoutMs: 300 });
      proxy.chaos = { ...calm, dropResponse: 1 };
      const pending = flaky.sendMessage(chatId, 'survives a lost ack');
      await new Promise((r) => setTimeout(r, 700));
      proxy.chaos = { ...calm, cut: 1 };
      await flaky.request('getState', {}).catch(() => undefined);
      proxy.chaos = calm;
      const stored = await pending;
      expect(stored.text).toBe('survives a lost ack');
      expect(flaky.pendingSends).toEqual([]);
    } finally {
      await proxy.close();
    }
    const history = await fullHistory(peer, chatId);
    expect(history.map((m) => m.text)).toEqual(['only once', 'survives a lost ack']);
  }, 30_000);
});
