import type { PeykClient } from '@peyk/client';
import { ErrorCode, MemberRole } from '@peyk/protocol';
import { Bot as GrammyBot } from 'grammy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callBotApi, createBot } from './helpers/bots.js';
import { startTestServer, type TestServer } from './helpers/server.js';
import { storeKinds } from './helpers/stores.js';

const kinds = await storeKinds();

describe.each(kinds)('bots managing invite links on $name', (kind) => {
  let server: TestServer;
  let owner: PeykClient;
  let token: string;
  let botId: string;
  let groupId: string;
  let chat_id: number;
  let users = 0;
  const call = (method: string, params: Record<string, unknown> = {}) =>
    callBotApi(server, token, method, { chat_id, ...params });
  const newUser = () => server.user(`inv_${kind.name}_${++users}`);
  const links = async () => (await owner.request('listInviteLinks', { chatId: groupId })).links;
  const refusal = async (method: string, params: Record<string, unknown>) =>
    (await call(method, params)).body.description;

  beforeAll(async () => {
    server = await startTestServer(kind);
    owner = await server.user(`inv_owner_${kind.name}`);
    token = await createBot(server, owner, `inv_${kind.name}_bot`);
    botId = token.split(':')[0] as string;
    groupId = (await owner.request('createChannel', { title: 'Invites', username: '', broadcast: false })).id;
    chat_id = -Number(groupId);
    await owner.request('addMembers', { chatId: groupId, userIds: [botId] });
  });
  afterAll(() => server.stop());

  it('refuses a bot without the right to invite, in a small group, elsewhere, or with bad parameters; nothing changes', async () => {
    const ownLink = await owner.request('createInviteLink', { chatId: groupId });
    const noRights = 'Bad Request: not enough rights to manage chat invite links';
    expect(await refusal('exportChatInviteLink', {})).toBe(noRights);
    expect((await call('getChat')).body.result).not.toHaveProperty('invite_link');
    expect(await refusal('createChatInviteLink', { name: 'mine' })).toBe(noRights);
    expect(await refusal('revokeChatInviteLink', { invite_link: ownLink.link })).toBe(noRights);

    const small = await owner.request('createGroup', { title: 'Small', memberIds: [botId] });
    expect(
      (await callBotApi(server, token, 'createChatInviteLink', { chat_id: -Number(small.id) })).body
        .description,
    ).toBe('Bad Request: method is available for supergroup and channel chats only');
    const elsewhere = await owner.request('createChannel', {
      title: 'Other',
      username: '',
      broadcast: false,
    });
    expect(
      (await callBotApi(server, token, 'exportChatInviteLink', { chat_id: -Number(elsewhere.id) })).body,
    ).toEqual({ ok: false, error_code: 400, description: 'Bad Request: chat not found' });

    await owner.request('setAdminRights', { chatId: groupId, userId: botId, rights: { inviteUsers: true } });
    expect(await refusal('createChatInviteLink', { member_limit: 0 })).toBe(
      'Bad Request: member_limit must be between 1 and 99999',
    );
    expect(await refusal('createChatInviteLink', { member_limit: 5, creates_join_request: true })).toBe(
      "Bad Request: member limit can't be specified for links requiring administrator approval",
    );
    expect(await refusal('createChatInviteLink', { expire_date: 1_000 })).toBe(
      'Bad Request: expires_at must be in the future, or 0',
    );
    expect(await refusal('revokeChatInviteLink', { invite_link: 'AAAAAAAAAAAAAAAA' })).toBe(
      'Bad Request: INVITE_HASH_EXPIRED',
    );
    expect(await refusal('revokeChatInviteLink', {})).toBe('Bad Request: invite_link is empty');
    // Only its creator edits a link.
    expect(await refusal('editChatInviteLink', { invite_link: ownLink.link, name: 'taken' })).toBe(noRights);

    expect(await links()).toEqual([
      expect.objectContaining({ link: ownLink.link, name: '', revoked: false }),
    ]);
    // The bot may revoke another admin's link (the domain's rule), which it sees only half of.
    expect((await call('revokeChatInviteLink', { invite_link: ownLink.link })).body.result).toEqual({
      invite_link: `${ownLink.link.slice(0, 8)}…`,
      creator: expect.objectContaining({ id: Number(owner.user?.id) }),
      creates_join_request: false,
      is_primary: false,
      is_revoked: true,
    });
  });

  it('creates, edits and revokes links with Telegram’s ChatInviteLink, as people use them', async () => {
    const expire_date = Math.floor(Date.now() / 1000) + 3600;
    const created = await call('createChatInviteLink', { name: 'Newsletter', expire_date, member_limit: 2 });
    const link = created.body.result.invite_link as string;
    expect(created.body).toEqual({
      ok: true,
      result: {
        invite_link: link,
        creator: expect.objectContaining({ id: Number(botId), is_bot: true }),
        creates_join_request: false,
        is_primary: false,
        is_revoked: false,
        name: 'Newsletter',
        expire_date,
        member_limit: 2,
      },
    });
    const joiner = await newUser();
    expect((await joiner.request('joinByLink', { link })).myRole).toBe(MemberRole.MEMBER);

    const edited = await call('editChatInviteLink', { invite_link: link, creates_join_request: true });
    // Telegram's edit replaces the name and limits: those not given are gone.
    expect(edited.body.result).toEqual({
      invite_link: link,
      creator: expect.objectContaining({ id: Number(botId) }),
      creates_join_request: true,
      is_primary: false,
      is_revoked: false,
    });
    await expect((await newUser()).request('joinByLink', { link })).rejects.toMatchObject({
      code: ErrorCode.JOIN_REQUEST_SENT,
    });

    const revoked = await call('revokeChatInviteLink', { invite_link: link });
    expect(revoked.body.result).toMatchObject({ invite_link: link, is_revoked: true, is_primary: false });
    await expect((await newUser()).request('joinByLink', { link })).rejects.toMatchObject({
      code: ErrorCode.INVITE_LINK_INVALID,
    });
    expect(await refusal('editChatInviteLink', { invite_link: link, name: 'again' })).toBe(
      'Bad Request: INVITE_HASH_EXPIRED',
    );
  });

  it('exports a primary link that replaces the last one; revoking it makes a new one', async () => {
    const first = (await call('exportChatInviteLink')).body.result as string;
    const second = (await call('exportChatInviteLink')).body.result as string;
    expect(second).not.toBe(first);
    // As Telegram's: getChat shows the bot its primary link.
    expect((await call('getChat')).body.result.invite_link).toBe(second);
    await expect((await newUser()).request('joinByLink', { link: first })).rejects.toMatchObject({
      code: ErrorCode.INVITE_LINK_INVALID,
    });
    expect(await refusal('editChatInviteLink', { invite_link: second, name: 'primary' })).toBe(
      'Bad Request: a primary link cannot be edited',
    );
    const revoked = await call('revokeChatInviteLink', { invite_link: second });
    expect(revoked.body.result).toMatchObject({ invite_link: second, is_primary: true, is_revoked: true });
    const live = (await links()).filter((l) => l.primary && !l.revoked);
    expect(live).toHaveLength(1);
    expect((await call('getChat')).body.result.invite_link).toBe(live[0]?.link);
    expect((await (await newUser()).request('joinByLink', { link: live[0]?.link as string })).myRole).toBe(
      MemberRole.MEMBER,
    );
  });

  it('grammY: createChatInviteLink, exportChatInviteLink and revokeChatInviteLink', async () => {
    const bot = new GrammyBot(token, { client: { apiRoot: server.app.httpUrl } });
    const created = await bot.api.createChatInviteLink(chat_id, { name: 'From grammY', member_limit: 1 });
    expect(created).toMatchObject({ name: 'From grammY', member_limit: 1, is_revoked: false });
    expect(await bot.api.exportChatInviteLink(chat_id)).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(await bot.api.revokeChatInviteLink(chat_id, created.invite_link)).toMatchObject({
      invite_link: created.invite_link,
      is_revoked: true,
    });
    await expect(bot.api.createChatInviteLink(chat_id, { member_limit: 100_000 })).rejects.toMatchObject({
      error_code: 400,
      description: 'Bad Request: member_limit must be between 1 and 99999',
    });
  });
});
