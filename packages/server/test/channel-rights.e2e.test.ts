import type { PeykClient } from '@peyk/client';
import { AdminAction, type AdminRights, ErrorCode, MediaKind, MemberRole } from '@peyk/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './helpers/server.js';
import { storeKinds } from './helpers/stores.js';

const kinds = await storeKinds();

type RightName = keyof Omit<AdminRights, '$typeName' | '$unknown'>;

/** A clock the test moves forward, or holds still at `held` where a test counts whole seconds. */
const clock = {
  offset: 0,
  held: undefined as number | undefined,
  now: () => clock.held ?? Math.floor(Date.now() / 1000) + clock.offset,
};

describe.each(kinds)('admin rights and moderation on $name', (kind) => {
  let server: TestServer;
  let owner: PeykClient;
  let supergroup: string;
  let channel: string;
  let plain: PeykClient;
  let users = 0;

  const newUser = () => server.user(`mod_${users++}_${kind.name}`);
  /** A new user who joined the chat. */
  const joined = async (chatId: string): Promise<PeykClient> => {
    const user = await newUser();
    await user.request('joinChat', { chatId });
    return user;
  };
  let randomIds = 1;
  const post = async (by: PeykClient, chatId: string, extra: { anonymous?: boolean } = {}) =>
    by.request('sendMessage', {
      chatId,
      randomId: String(randomIds++),
      text: `message ${randomIds}`,
      ...extra,
    });

  beforeAll(async () => {
    server = await startTestServer(kind, { clock });
    owner = await newUser();
    supergroup = (
      await owner.request('createChannel', {
        title: 'Moderated',
        username: `moderated_${kind.name}`,
        broadcast: false,
      })
    ).id;
    channel = (
      await owner.request('createChannel', {
        title: 'Broadcast',
        username: `broadcast_${kind.name}`,
        broadcast: true,
      })
    ).id;
    plain = await joined(supergroup);
    await plain.request('joinChat', { chatId: channel });
  });
  afterAll(async () => {
    await server.stop();
  });

  /** For each right: what it allows, where, and how a refusal reads. */
  const matrix: {
    right: RightName;
    chat: () => string;
    refusal: ErrorCode;
    act: (actor: PeykClient) => Promise<unknown>;
  }[] = [
    {
      right: 'changeInfo',
      chat: () => supergroup,
      refusal: ErrorCode.CHAT_ADMIN_REQUIRED,
      act: (actor) => actor.request('renameChat', { chatId: supergroup, title: `title ${randomIds++}` }),
    },
    {
      right: 'deleteMessages',
      chat: () => supergroup,
      refusal: ErrorCode.CHAT_ADMIN_REQUIRED,
      act: async (actor) => {
        const message = await post(owner, supergroup);
        return actor.request('deleteMessages', {
          chatId: supergroup,
          messageIds: [message.id],
          forEveryone: true,
        });
      },
    },
    {
      right: 'banUsers',
      chat: () => supergroup,
      refusal: ErrorCode.CHAT_ADMIN_REQUIRED,
      act: async (actor) =>
        actor.request('banMember', { chatId: supergroup, userId: (await joined(supergroup)).user?.id }),
    },
    {
      right: 'inviteUsers',
      chat: () => supergroup,
      refusal: ErrorCode.CHAT_ADMIN_REQUIRED,
      act: async (actor) =>
        actor.request('addMembers', { chatId: supergroup, userIds: [(await newUser()).user?.id ?? ''] }),
    },
    {
      right: 'pinMessages',
      chat: () => supergroup,
      refusal: ErrorCode.CHAT_ADMIN_REQUIRED,
      act: async (actor) => {
        const message = await post(owner, supergroup);
        return actor.request('setMessagePinned', { chatId: supergroup, messageId: message.id, pinned: true });
      },
    },
    {
      right: 'manageAdmins',
      chat: () => supergroup,
      refusal: ErrorCode.CHAT_ADMIN_REQUIRED,
      act: async (actor) =>
        actor.request('setAdminRights', {
          chatId: supergroup,
          userId: (await joined(supergroup)).user?.id,
          rights: { manageAdmins: true },
        }),
    },
    {
      right: 'postAnonymously',
      chat: () => supergroup,
      refusal: ErrorCode.CHAT_ADMIN_REQUIRED,
      act: (actor) => post(actor, supergroup, { anonymous: true }),
    },
    {
      right: 'postMessages',
      chat: () => channel,
      refusal: ErrorCode.CHAT_WRITE_FORBIDDEN,
      act: (actor) => post(actor, channel),
    },
    {
      right: 'editMessages',
      chat: () => channel,
      refusal: ErrorCode.MESSAGE_AUTHOR_REQUIRED,
      act: async (actor) => {
        const message = await post(owner, channel);
        return actor.request('editMessage', {
          chatId: channel,
          messageId: message.id,
          text: 'edited by another',
        });
      },
    },
  ];
  const allRights = matrix.map((entry) => entry.right);

  /** A new member of the chat made an admin with exactly these rights. */
  async function admin(chatId: string, rights: RightName[]): Promise<PeykClient> {
    const user = await joined(chatId);
    const granted = Object.fromEntries(rights.map((right) => [right, true]));
    await owner.request('setAdminRights', { chatId, userId: user.user?.id, rights: granted });
    return user;
  }

  it.each(matrix.map((entry) => [entry.right, entry] as const))(
    '%s: allowed with it, refused without it, never to a plain member',
    async (right, entry) => {
      const chatId = entry.chat();
      const withIt = await admin(chatId, [right]);
      await expect(entry.act(withIt)).resolves.toBeDefined();
      const withoutIt = await admin(
        chatId,
        allRights.filter((other) => other !== right),
      );
      await expect(entry.act(withoutIt)).rejects.toMatchObject({ code: entry.refusal });
      await expect(entry.act(plain)).rejects.toMatchObject({ code: entry.refusal });
    },
  );

  it('an admin grants only rights they hold, and acts on no other admin', async () => {
    const manager = await admin(supergroup, ['manageAdmins', 'pinMessages']);
    const member = await joined(supergroup);
    await expect(
      manager.request('setAdminRights', {
        chatId: supergroup,
        userId: member.user?.id,
        rights: { banUsers: true },
      }),
    ).rejects.toMatchObject({ code: ErrorCode.CHAT_ADMIN_REQUIRED });
    const granted = await manager.request('setAdminRights', {
      chatId: supergroup,
      userId: member.user?.id,
      rights: { pinMessages: true },
    });
    expect(granted).toBeDefined();
    const other = await admin(supergroup, ['banUsers']);
    await expect(
      manager.request('setAdminRights', { chatId: supergroup, userId: other.user?.id, rights: {} }),
    ).rejects.toMatchObject({ code: ErrorCode.CHAT_ADMIN_REQUIRED });
    await expect(
      other.request('banMember', { chatId: supergroup, userId: owner.user?.id }),
    ).rejects.toMatchObject({ code: ErrorCode.CHAT_ADMIN_REQUIRED });
    const seen = await member.request('getChat', { chatId: supergroup });
    expect(seen).toMatchObject({
      myRole: MemberRole.ADMIN,
      myRights: { pinMessages: true, banUsers: false },
    });
  });

  it('a ban keeps a user out until it expires; unban lifts it at once', async () => {
    const victim = await joined(supergroup);
    // Read once: the clock runs on while the test does, and the ban keeps the moment it was given.
    const until = clock.now() + 3600;
    await owner.request('banMember', { chatId: supergroup, userId: victim.user?.id, until });
    await expect(victim.request('getHistory', { chatId: supergroup })).rejects.toMatchObject({
      code: ErrorCode.CHAT_NOT_FOUND,
    });
    await expect(victim.request('joinChat', { chatId: supergroup })).rejects.toMatchObject({
      code: ErrorCode.USER_BANNED,
    });
    await expect(
      owner.request('addMembers', { chatId: supergroup, userIds: [victim.user?.id ?? ''] }),
    ).rejects.toMatchObject({ code: ErrorCode.USER_BANNED });
    const banned = await owner.request('listBanned', { chatId: supergroup });
    expect(banned.banned.find((b) => b.userId === victim.user?.id)).toMatchObject({
      until,
      actorId: owner.user?.id,
    });
    expect(banned.users.map((u) => u.id)).toContain(victim.user?.id);
    await expect(plain.request('listBanned', { chatId: supergroup })).rejects.toMatchObject({
      code: ErrorCode.CHAT_ADMIN_REQUIRED,
    });
    clock.offset += 3601;
    // An expired ban is no longer listed.
    expect(
      (await owner.request('listBanned', { chatId: supergroup })).banned.map((b) => b.userId),
    ).not.toContain(victim.user?.id);
    await expect(victim.request('joinChat', { chatId: supergroup })).resolves.toMatchObject({
      myRole: MemberRole.MEMBER,
    });

    await owner.request('banMember', { chatId: supergroup, userId: victim.user?.id });
    clock.offset += 10 * 365 * 86400;
    await expect(victim.request('joinChat', { chatId: supergroup })).rejects.toMatchObject({
      code: ErrorCode.USER_BANNED,
    });
    await owner.request('unbanMember', { chatId: supergroup, userId: victim.user?.id });
    expect(
      (await owner.request('listBanned', { chatId: supergroup })).banned.map((b) => b.userId),
    ).not.toContain(victim.user?.id);
    await expect(victim.request('joinChat', { chatId: supergroup })).resolves.toBeDefined();
  });

  it('restrictions (no messages, no media, no links) hold until they expire', async () => {
    const member = await joined(supergroup);
    const until = clock.now() + 600;
    await owner.request('restrictMember', {
      chatId: supergroup,
      userId: member.user?.id,
      restrictions: { noLinks: true, until },
    });
    await expect(
      member.request('sendMessage', { chatId: supergroup, randomId: '91', text: 'see https://example.com' }),
    ).rejects.toMatchObject({ code: ErrorCode.CHAT_WRITE_FORBIDDEN });
    await expect(post(member, supergroup)).resolves.toBeDefined();
    // No media: refused before the file is even looked up (an unrestricted member is told the
    // file does not exist instead).
    const photo = { fileId: '424242', kind: MediaKind.PHOTO };
    await owner.request('restrictMember', {
      chatId: supergroup,
      userId: member.user?.id,
      restrictions: { noMedia: true, until },
    });
    await expect(
      member.request('sendMessage', { chatId: supergroup, randomId: '92', text: '', media: photo }),
    ).rejects.toMatchObject({ code: ErrorCode.CHAT_WRITE_FORBIDDEN });
    await expect(
      owner.request('sendMessage', { chatId: supergroup, randomId: '93', text: '', media: photo }),
    ).rejects.toMatchObject({ code: ErrorCode.FILE_NOT_FOUND });
    await expect(post(member, supergroup)).resolves.toBeDefined();
    await owner.request('restrictMember', {
      chatId: supergroup,
      userId: member.user?.id,
      restrictions: { noMessages: true, until },
    });
    expect((await member.request('getChat', { chatId: supergroup })).myRestrictions).toMatchObject({
      noMessages: true,
      until,
    });
    await expect(post(member, supergroup)).rejects.toMatchObject({ code: ErrorCode.CHAT_WRITE_FORBIDDEN });
    clock.offset += 601;
    await expect(post(member, supergroup)).resolves.toBeDefined();
    const admin = await joined(supergroup);
    await owner.request('setAdminRights', {
      chatId: supergroup,
      userId: admin.user?.id,
      rights: { banUsers: true },
    });
    await expect(
      owner.request('restrictMember', {
        chatId: supergroup,
        userId: admin.user?.id,
        restrictions: { noMessages: true },
      }),
    ).rejects.toMatchObject({ code: ErrorCode.INPUT_INVALID });
  });

  it('slow mode spaces a member’s messages, not an admin’s', async () => {
    const group = (
      await owner.request('createChannel', { title: 'Slow', username: `slow_${kind.name}`, broadcast: false })
    ).id;
    const member = await joined(group);
    await expect(owner.request('setSlowMode', { chatId: group, seconds: 7 })).rejects.toMatchObject({
      code: ErrorCode.INPUT_INVALID,
    });
    expect(await owner.request('setSlowMode', { chatId: group, seconds: 30 })).toMatchObject({
      slowModeSeconds: 30,
    });
    // Held still: on a busy machine the second post can land in the next second (a wait of 29).
    clock.held = clock.now();
    try {
      await post(member, group);
      await expect(post(member, group)).rejects.toMatchObject({
        code: ErrorCode.SLOW_MODE_WAIT,
        retryAfter: 30,
      });
      await post(owner, group);
      await post(owner, group);
      clock.held += 31;
      await expect(post(member, group)).resolves.toBeDefined();
    } finally {
      clock.offset = (clock.held ?? 0) - Math.floor(Date.now() / 1000);
      clock.held = undefined;
    }
    await expect(member.request('setSlowMode', { chatId: group, seconds: 0 })).rejects.toMatchObject({
      code: ErrorCode.CHAT_ADMIN_REQUIRED,
    });
  });

  it('pages and searches the member list', async () => {
    const group = (await owner.request('createChannel', { title: 'Roll', username: '', broadcast: false }))
      .id;
    const names: string[] = [];
    for (let i = 0; i < 5; i++) {
      const user = await newUser();
      names.push(user.user?.username ?? '');
      await owner.request('addMembers', { chatId: group, userIds: [user.user?.id ?? ''] });
    }
    const first = await owner.request('searchMembers', { chatId: group, limit: 4 });
    const rest = await owner.request('searchMembers', { chatId: group, offset: 4, limit: 4 });
    expect([...first.members, ...rest.members].map((m) => m.userId)).toEqual([
      owner.user?.id,
      ...(await Promise.all(
        names.map(async (n) => (await owner.request('resolveUsername', { username: n })).id),
      )),
    ]);
    const found = await owner.request('searchMembers', { chatId: group, query: names[2]?.toUpperCase() });
    expect(found.users.map((u) => u.username)).toEqual([names[2]]);
    expect((await owner.request('searchMembers', { chatId: group, query: '%' })).members).toEqual([]);
  });

  it('keeps an admin log that only admins read', async () => {
    const log = await owner.request('getAdminLog', { chatId: supergroup, limit: 100 });
    const actions = new Set(log.entries.map((e) => e.action));
    for (const action of [
      AdminAction.RIGHTS_CHANGED,
      AdminAction.BANNED,
      AdminAction.UNBANNED,
      AdminAction.RESTRICTED,
      AdminAction.TITLE_CHANGED,
      AdminAction.MESSAGE_PINNED,
      AdminAction.MESSAGE_DELETED,
    ]) {
      expect(actions).toContain(action);
    }
    const ids = log.entries.map((e) => Number(e.id));
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    const older = await owner.request('getAdminLog', {
      chatId: supergroup,
      beforeId: String(ids[2]),
      limit: 2,
    });
    expect(older.entries.map((e) => Number(e.id))).toEqual(ids.slice(3, 5));
    await expect(plain.request('getAdminLog', { chatId: supergroup })).rejects.toMatchObject({
      code: ErrorCode.CHAT_ADMIN_REQUIRED,
    });
  });
});
