import { ErrorCode, type Poll, type Update } from '@peyk/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callBotApi, createBot } from './helpers/bots.js';
import { eventually, recordUpdates, startTestServer, type TestServer } from './helpers/server.js';
import { storeKinds } from './helpers/stores.js';

const kinds = await storeKinds();

/** A clock the test moves forward. */
const clock = { offset: 0, now: () => Math.floor(Date.now() / 1000) + clock.offset };

const closedUpdates = (updates: Update[], messageId: number): Poll[] =>
  updates.flatMap((u) =>
    u.kind.case === 'pollUpdated' && u.kind.value.messageId === messageId && u.kind.value.poll?.closed
      ? [u.kind.value.poll]
      : [],
  );

/** A poll sent with open_period closes by itself when the time comes, announced once. */
describe.each(kinds)('polls closing at their close date on $name', (kind) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(kind, { clock, pollCloseCheckMs: 100 });
  });
  afterAll(async () => {
    await server.stop();
  });

  it('a bot poll with open_period closes by itself: members and the bot hear it once; votes are refused', async () => {
    const owner = await server.user(`closer_owner${kind.name}`);
    const member = await server.user(`closer_member${kind.name}`);
    const token = await createBot(server, owner, `closer${kind.name}_bot`);
    const botId = token.split(':')[0] as string;
    const group = await owner.request('createGroup', {
      title: 'Closing polls',
      memberIds: [member.user?.id ?? '', botId],
    });
    await callBotApi(server, token, 'getUpdates', { allowed_updates: ['poll'] });
    const seen = recordUpdates(member);
    const sent = await callBotApi(server, token, 'sendPoll', {
      chat_id: -Number(group.id),
      question: 'Lunch in a minute?',
      options: ['yes', 'no'],
      open_period: 60,
    });
    expect(sent.body.ok).toBe(true);
    const message = sent.body.result as { message_id: number; date: number; poll: Record<string, unknown> };
    expect(message.poll).toMatchObject({ is_closed: false, open_period: 60, close_date: message.date + 60 });
    await member.request('votePoll', { chatId: group.id, messageId: message.message_id, options: [0] });

    // Not yet: nothing closes before its time.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(closedUpdates(seen, message.message_id)).toEqual([]);

    clock.offset += 61;
    await eventually(
      () => closedUpdates(seen, message.message_id).length > 0,
      'the member hears the poll closed',
    );
    expect(closedUpdates(seen, message.message_id)[0]?.options.map((o) => o.voters)).toEqual([1, 0]);
    const history = await member.request('getHistory', { chatId: group.id });
    expect(history.messages.find((m) => m.id === message.message_id)?.poll?.closed).toBe(true);

    // Once: further looks, and another node trying the same close, announce nothing more.
    await server.app.domain.polls.closeAtDate(Number(group.id), message.message_id);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(closedUpdates(seen, message.message_id)).toHaveLength(1);
    const updates = await callBotApi(server, token, 'getUpdates', { timeout: 0 });
    const polls = (updates.body.result as { poll?: Record<string, unknown> }[]).flatMap((u) =>
      u.poll ? [u.poll] : [],
    );
    const closed = polls.filter((p) => p.is_closed);
    expect(closed).toHaveLength(1);
    expect(closed[0]).toMatchObject({ total_voter_count: 1, open_period: 60, close_date: message.date + 60 });

    await expect(
      member.request('votePoll', { chatId: group.id, messageId: message.message_id, options: [1] }),
    ).rejects.toMatchObject({ code: ErrorCode.POLL_CLOSED });
  });

  it("a person's poll past close_date, closed by several calls at once beside the timer, is announced once", async () => {
    const owner = await server.user(`race_owner${kind.name}`);
    const member = await server.user(`race_member${kind.name}`);
    const group = await owner.request('createGroup', { title: 'Race', memberIds: [member.user?.id ?? ''] });
    const seen = recordUpdates(member);
    const message = await owner.request('sendPoll', {
      chatId: group.id,
      randomId: String(Date.now()),
      poll: { question: 'Closing together?', options: ['yes', 'no'], closeDate: clock.now() + 30 },
    });
    clock.offset += 31;
    // Three closes at once beside the node's own timer. One node's store writes one at a time;
    // across nodes it is the claim of the poll_closings row that keeps it to one.
    const closeNow = () => server.app.domain.polls.closeAtDate(Number(group.id), message.id);
    await Promise.all([closeNow(), closeNow(), closeNow()]);
    await eventually(() => closedUpdates(seen, message.id).length > 0, 'the member hears the poll closed');
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(closedUpdates(seen, message.id)).toHaveLength(1);
  });
});
