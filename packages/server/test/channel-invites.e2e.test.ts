import type { PeykClient } from '@peyk/client';
import { ChatKind, ErrorCode, MemberRole } from '@peyk/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './helpers/server.js';
import { storeKinds } from './helpers/stores.js';

const kinds = await storeKinds();

/** A clock the test moves forward. */
const clock = { offset: 0, now: () => Math.floor(Date.now() / 1000) + clock.offset };

describe.each(kinds)('invite links, join requests and discovery on $name', (kind) => {
  let server: TestServer;
  let owner: PeykClient;
  let secret: string;
  let users = 0;
  const newUser = () => server.user(`inv_${users++}_${kind.name}`);
  const isMember = async (user: PeykClient, chatId: string) =>
    (await owner.request('searchMembers', { chatId, limit: 200 })).members.some(
      (m) => m.userId === user.user?.id,
    );

  beforeAll(async () => {
    server = await startTestServer(kind, { clock });
    owner = await newUser();
    secret = (await owner.request('createChannel', { title: 'Secret', username: '', broadcast: true })).id;
  });
  afterAll(async () => {
    await server.stop();
  });

  it('a private channel is joined only by link, up to its usage limit', async () => {
    const outsider = await newUser();
    await expect(outsider.request('joinChat', { chatId: secret })).rejects.toMatchObject({
      code: ErrorCode.CHAT_NOT_FOUND,
    });
    const { link } = await owner.request('createInviteLink', { chatId: secret, usageLimit: 2 });
    expect(await outsider.request('checkInviteLink', { link })).toMatchObject({
      id: secret,
      title: 'Secret',
      myRole: MemberRole.UNSPECIFIED,
    });
    expect(await outsider.request('joinByLink', { link })).toMatchObject({ myRole: MemberRole.MEMBER });
    // Joining again changes nothing and uses nothing.
    await outsider.request('joinByLink', { link });
    await (await newUser()).request('joinByLink', { link });
    await expect((await newUser()).request('joinByLink', { link })).rejects.toMatchObject({
      code: ErrorCode.INVITE_LINK_INVALID,
    });
    const [listed] = (await owner.request('listInviteLinks', { chatId: secret })).links;
    expect(listed).toMatchObject({ link, usageLimit: 2, usageCount: 2 });
  });

  it('admits exactly the usage limit when many join at once', async () => {
    const { link } = await owner.request('createInviteLink', { chatId: secret, usageLimit: 3 });
    const joiners = await Promise.all(Array.from({ length: 8 }, () => newUser()));
    const results = await Promise.allSettled(joiners.map((user) => user.request('joinByLink', { link })));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(3);
    for (const result of results) {
      if (result.status === 'rejected')
        expect(result.reason).toMatchObject({ code: ErrorCode.INVITE_LINK_INVALID });
    }
    const joined = await Promise.all(joiners.map((user) => isMember(user, secret)));
    expect(joined.filter(Boolean)).toHaveLength(3);
  });

  it('a link expires, and a revoked link admits nobody', async () => {
    const expiring = await owner.request('createInviteLink', { chatId: secret, expiresAt: clock.now() + 60 });
    const revoked = await owner.request('createInviteLink', { chatId: secret });
    await owner.request('revokeInviteLink', { chatId: secret, link: revoked.link });
    await expect((await newUser()).request('joinByLink', { link: revoked.link })).rejects.toMatchObject({
      code: ErrorCode.INVITE_LINK_INVALID,
    });
    await expect((await newUser()).request('joinByLink', { link: expiring.link })).resolves.toBeDefined();
    clock.offset += 61;
    await expect((await newUser()).request('checkInviteLink', { link: expiring.link })).rejects.toMatchObject(
      {
        code: ErrorCode.INVITE_LINK_INVALID,
      },
    );
    await expect(
      owner.request('createInviteLink', { chatId: secret, expiresAt: clock.now() - 1 }),
    ).rejects.toMatchObject({ code: ErrorCode.INPUT_INVALID });
  });

  it('only members with the invite right make and see links', async () => {
    const { link } = await owner.request('createInviteLink', { chatId: secret });
    const member = await newUser();
    await member.request('joinByLink', { link });
    await expect(member.request('createInviteLink', { chatId: secret })).rejects.toMatchObject({
      code: ErrorCode.CHAT_ADMIN_REQUIRED,
    });
    await expect(member.request('listInviteLinks', { chatId: secret })).rejects.toMatchObject({
      code: ErrorCode.CHAT_ADMIN_REQUIRED,
    });
    await owner.request('setAdminRights', {
      chatId: secret,
      userId: member.user?.id,
      rights: { inviteUsers: true },
    });
    await expect(member.request('createInviteLink', { chatId: secret })).resolves.toBeDefined();
  });

  it('a link with approval files join requests that admins approve or decline', async () => {
    const { link } = await owner.request('createInviteLink', { chatId: secret, requiresApproval: true });
    const [approved, declined] = [await newUser(), await newUser()];
    for (const user of [approved, declined]) {
      await expect(user.request('joinByLink', { link })).rejects.toMatchObject({
        code: ErrorCode.JOIN_REQUEST_SENT,
      });
      expect(await isMember(user, secret)).toBe(false);
    }
    const pending = await owner.request('listJoinRequests', { chatId: secret });
    expect(pending.requests.map((r) => r.userId)).toEqual([approved.user?.id, declined.user?.id]);
    await owner.request('decideJoinRequest', { chatId: secret, userId: approved.user?.id, approve: true });
    await owner.request('decideJoinRequest', { chatId: secret, userId: declined.user?.id, approve: false });
    expect(await isMember(approved, secret)).toBe(true);
    expect(await isMember(declined, secret)).toBe(false);
    expect((await owner.request('listJoinRequests', { chatId: secret })).requests).toEqual([]);
    await expect(
      owner.request('decideJoinRequest', { chatId: secret, userId: declined.user?.id, approve: true }),
    ).rejects.toMatchObject({ code: ErrorCode.USER_NOT_FOUND });
    const banned = await newUser();
    await owner.request('banMember', { chatId: secret, userId: banned.user?.id });
    await expect(banned.request('joinByLink', { link })).rejects.toMatchObject({
      code: ErrorCode.USER_BANNED,
    });
  });

  it('finds public channels and supergroups by title and username, letter variants and case ignored', async () => {
    const sports = await owner.request('createChannel', {
      title: 'اخبار ورزشی كشور',
      username: `varzesh_${kind.name}`,
      broadcast: true,
    });
    const talk = await owner.request('createChannel', {
      title: 'Sport Talk',
      username: `talk_${kind.name}`,
      broadcast: false,
    });
    await owner.request('createChannel', { title: 'اخبار ورزشی خصوصی', username: '', broadcast: true });
    const searcher = await newUser();
    const ids = async (query: string) =>
      (await searcher.request('searchPublicChats', { query })).chats.map((chat) => chat.id);
    expect(await ids('ورزشي كشور')).toEqual([sports.id]);
    expect(await ids('اخبار')).toEqual([sports.id]);
    expect(await ids(`VARZESH_${kind.name}`)).toEqual([sports.id]);
    expect(await ids('sport')).toEqual([talk.id]);
    const [found] = (await searcher.request('searchPublicChats', { query: 'talk' })).chats;
    expect(found).toMatchObject({ kind: ChatKind.SUPERGROUP, myRole: MemberRole.UNSPECIFIED });
    await owner.request('renameChat', { chatId: talk.id, title: 'Chess Club' });
    expect(await ids('sport')).toEqual([]);
    expect(await ids('chess')).toEqual([talk.id]);
    await expect(searcher.request('searchPublicChats', { query: '  ' })).rejects.toMatchObject({
      code: ErrorCode.SEARCH_QUERY_INVALID,
    });
  });
});
