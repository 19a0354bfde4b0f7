import type { PeykClient } from '@peyk/client';
import { ErrorCode, type Poll, type Update } from '@peyk/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, recordUpdates, startTestServer, type TestServer } from './helpers/server.js';
import { storeKinds } from './helpers/stores.js';

const kinds = await storeKinds();
let randomIds = 1;
const randomId = () => String(randomIds++);

/** The latest poll_updated for a message a client received, if any. */
function lastPoll(updates: Update[], messageId: number): { poll?: Poll; forViewer: boolean } | undefined {
  const found = updates
    .flatMap((u) =>
      u.kind.case === 'pollUpdated' && u.kind.value.messageId === messageId ? [u.kind.value] : [],
    )
    .at(-1);
  return found && { poll: found.poll, forViewer: found.forViewer };
}

const counts = (poll: Poll | undefined) => poll?.options.map((o) => o.voters);

describe.each(kinds)('polls on $name', (kind) => {
  let server: TestServer;
  let n = 0;
  const name = (base: string) => `${base}${kind.name}${++n}`;
  beforeAll(async () => {
    server = await startTestServer(kind);
  });
  afterAll(async () => {
    await server.stop();
  });

  async function group(members: number) {
    const owner = await server.user(name('owner'));
    const others: PeykClient[] = [];
    for (let i = 0; i < members; i++) others.push(await server.user(name('member')));
    const chat = await owner.request('createGroup', {
      title: 'Poll group',
      memberIds: others.map((o) => o.user?.id ?? ''),
    });
    return { owner, others, chatId: chat.id };
  }

  it('a public poll: votes, changes, retractions and the voters reach everyone in the chat', async () => {
    const { owner, others, chatId } = await group(2);
    const [ana, ben] = others as [PeykClient, PeykClient];
    const seenByBen = recordUpdates(ben);
    const message = await owner.request('sendPoll', {
      chatId,
      randomId: randomId(),
      poll: {
        question: 'Lunch?',
        options: ['Kebab', 'Ash', 'Salad'],
        anonymous: false,
        multipleAnswers: true,
      },
    });
    expect(message.text).toBe('');
    expect(message.poll).toMatchObject({ question: 'Lunch?', totalVoters: 0, correctOption: -1, chosen: [] });

    const voted = await ana.request('votePoll', { chatId, messageId: message.id, options: [0, 2] });
    expect(voted.poll).toMatchObject({ totalVoters: 1, chosen: [0, 2] });
    expect(counts(voted.poll)).toEqual([1, 0, 1]);
    // Ben sees the counts change, without Ana's choice as his own.
    await eventually(
      () => counts(lastPoll(seenByBen, message.id)?.poll)?.join() === '1,0,1',
      'ben sees the vote',
    );
    expect(lastPoll(seenByBen, message.id)).toMatchObject({ forViewer: false, poll: { chosen: [] } });

    await ben.request('votePoll', { chatId, messageId: message.id, options: [0] });
    const changed = await ana.request('votePoll', { chatId, messageId: message.id, options: [1] });
    expect(counts(changed.poll)).toEqual([1, 1, 0]);
    expect(changed.poll?.totalVoters).toBe(2);

    const voters = await owner.request('listPollVoters', { chatId, messageId: message.id, option: 1 });
    expect(voters.userIds).toEqual([ana.user?.id]);
    expect(voters.users.map((u) => u.id)).toEqual([ana.user?.id]);

    const retracted = await ana.request('votePoll', { chatId, messageId: message.id, options: [] });
    expect(retracted.poll).toMatchObject({ totalVoters: 1, chosen: [] });
    expect(counts(retracted.poll)).toEqual([1, 0, 0]);

    // Stale state + the updates since = fresh state: Ben's last update matches a fresh read.
    const [fresh] = (await ben.request('getMessages', { chatId, messageIds: [message.id] })).messages;
    await eventually(
      () => counts(lastPoll(seenByBen, message.id)?.poll)?.join() === '1,0,0',
      'ben sees the retraction',
    );
    expect(counts(fresh?.poll)).toEqual([1, 0, 0]);
    expect(fresh?.poll?.chosen).toEqual([0]);
  });

  it('an anonymous quiz: one answer, kept hidden until answered, never taken back, closed by its author', async () => {
    const { owner, others, chatId } = await group(2);
    const [ana, ben] = others as [PeykClient, PeykClient];
    const seenByBen = recordUpdates(ben);
    const quiz = await owner.request('sendPoll', {
      chatId,
      randomId: randomId(),
      poll: {
        question: 'Capital of Iran?',
        options: ['Isfahan', 'Tehran'],
        anonymous: true,
        quiz: true,
        correctOption: 1,
        explanation: 'Since 1786',
      },
    });
    const [asBen] = (await ben.request('getMessages', { chatId, messageIds: [quiz.id] })).messages;
    expect(asBen?.poll).toMatchObject({ correctOption: -1, explanation: '' });

    await expect(
      ana.request('votePoll', { chatId, messageId: quiz.id, options: [0, 1] }),
    ).rejects.toMatchObject({
      code: ErrorCode.POLL_ANSWER_INVALID,
    });
    await expect(ana.request('votePoll', { chatId, messageId: quiz.id, options: [5] })).rejects.toMatchObject(
      {
        code: ErrorCode.POLL_ANSWER_INVALID,
      },
    );
    const answered = await ana.request('votePoll', { chatId, messageId: quiz.id, options: [0] });
    expect(answered.poll).toMatchObject({ correctOption: 1, explanation: 'Since 1786', chosen: [0] });
    await expect(ana.request('votePoll', { chatId, messageId: quiz.id, options: [] })).rejects.toMatchObject({
      code: ErrorCode.POLL_ANSWER_INVALID,
    });
    // Ben's copy of the change names nobody and gives nothing away.
    await eventually(() => lastPoll(seenByBen, quiz.id) !== undefined, 'ben sees the answer counted');
    expect(lastPoll(seenByBen, quiz.id)?.poll).toMatchObject({
      totalVoters: 1,
      correctOption: -1,
      chosen: [],
    });
    // An anonymous poll names no voters.
    await expect(
      owner.request('listPollVoters', { chatId, messageId: quiz.id, option: 0 }),
    ).rejects.toMatchObject({
      code: ErrorCode.POLL_ANSWER_INVALID,
    });

    await expect(ana.request('closePoll', { chatId, messageId: quiz.id })).rejects.toMatchObject({
      code: ErrorCode.MESSAGE_AUTHOR_REQUIRED,
    });
    const closed = await owner.request('closePoll', { chatId, messageId: quiz.id });
    expect(closed.poll).toMatchObject({ closed: true, correctOption: 1 });
    await expect(ben.request('votePoll', { chatId, messageId: quiz.id, options: [1] })).rejects.toMatchObject(
      {
        code: ErrorCode.POLL_CLOSED,
      },
    );
    await eventually(() => lastPoll(seenByBen, quiz.id)?.poll?.closed === true, 'ben sees it closed');
    expect(lastPoll(seenByBen, quiz.id)?.poll?.correctOption).toBe(1);
  });

  it('refuses bad polls and votes from people who cannot see the message, changing nothing', async () => {
    const { owner, others, chatId } = await group(1);
    const outsider = await server.user(name('outsider'));
    const bad = [
      { question: '', options: ['a', 'b'] },
      { question: 'q', options: ['only one'] },
      { question: 'q', options: ['a', ''] },
      { question: 'q', options: Array.from({ length: 13 }, (_, i) => `o${i}`) },
      { question: 'q', options: ['a', 'b'], quiz: true, multipleAnswers: true },
      { question: 'q', options: ['a', 'b'], quiz: true, correctOption: 2 },
      { question: 'q', options: ['a', 'b'], openPeriod: 3 },
      { question: 'x'.repeat(301), options: ['a', 'b'] },
    ];
    for (const poll of bad) {
      await expect(owner.request('sendPoll', { chatId, randomId: randomId(), poll })).rejects.toMatchObject({
        code: ErrorCode.POLL_INVALID,
      });
    }
    const history = await owner.request('getHistory', { chatId });
    expect(history.messages.filter((m) => m.poll)).toEqual([]);

    const message = await owner.request('sendPoll', {
      chatId,
      randomId: randomId(),
      poll: { question: 'Open for 10 s', options: ['yes', 'no'], openPeriod: 10 },
    });
    expect(message.poll?.closeDate).toBeGreaterThan(message.date);
    await expect(
      outsider.request('votePoll', { chatId, messageId: message.id, options: [0] }),
    ).rejects.toMatchObject({
      code: ErrorCode.CHAT_NOT_FOUND,
    });
    // A message that is not a poll takes no votes; deleting a poll deletes its votes.
    const text = await owner.sendMessage(chatId, 'plain');
    await expect(
      owner.request('votePoll', { chatId, messageId: text.id, options: [0] }),
    ).rejects.toMatchObject({
      code: ErrorCode.POLL_ANSWER_INVALID,
    });
    await (others[0] as PeykClient).request('votePoll', { chatId, messageId: message.id, options: [1] });
    await owner.request('deleteMessages', { chatId, messageIds: [message.id], forEveryone: true });
    await expect(
      (others[0] as PeykClient).request('votePoll', { chatId, messageId: message.id, options: [0] }),
    ).rejects.toMatchObject({ code: ErrorCode.MESSAGE_NOT_FOUND });
    const votes = await server.storeHandle.store.read.polls.counts(Number(chatId), [message.id]);
    expect(votes.size).toBe(0);
  });

  it('counts concurrent votes exactly: every member voting and changing their vote at once', async () => {
    const { owner, others, chatId } = await group(24);
    const message = await owner.request('sendPoll', {
      chatId,
      randomId: randomId(),
      poll: { question: 'Concurrency', options: ['a', 'b', 'c'], anonymous: false },
    });
    // Everyone votes for option i % 3 at once, then half of them switch to option 2 at once.
    await Promise.all(
      others.map((o, i) => o.request('votePoll', { chatId, messageId: message.id, options: [i % 3] })),
    );
    await Promise.all(
      others.map((o, i) =>
        i % 2 === 0
          ? o.request('votePoll', { chatId, messageId: message.id, options: [2] })
          : Promise.resolve(),
      ),
    );
    const expected = [0, 0, 0];
    others.forEach((_, i) => {
      expected[i % 2 === 0 ? 2 : i % 3] = (expected[i % 2 === 0 ? 2 : i % 3] as number) + 1;
    });
    const [fresh] = (await owner.request('getMessages', { chatId, messageIds: [message.id] })).messages;
    expect(counts(fresh?.poll)).toEqual(expected);
    expect(fresh?.poll?.totalVoters).toBe(24);
    const voters = await owner.request('listPollVoters', {
      chatId,
      messageId: message.id,
      option: 2,
      limit: 100,
    });
    expect(voters.userIds).toHaveLength(expected[2] as number);
  });
  it('a channel poll: only admins send one; subscribers vote and every subscriber sees the counts', async () => {
    const admin = await server.user(name('channel_admin'));
    const channel = await admin.request('createChannel', {
      title: 'Polls',
      username: name('pollchan'),
      broadcast: true,
    });
    const subscribers: PeykClient[] = [];
    for (let i = 0; i < 3; i++) {
      const subscriber = await server.user(name('subscriber'));
      await subscriber.request('joinChat', { chatId: channel.id });
      subscribers.push(subscriber);
    }
    const [first, second, third] = subscribers as [PeykClient, PeykClient, PeykClient];
    await expect(
      first.request('sendPoll', {
        chatId: channel.id,
        randomId: randomId(),
        poll: { question: 'q', options: ['a', 'b'] },
      }),
    ).rejects.toMatchObject({ code: ErrorCode.CHAT_WRITE_FORBIDDEN });
    const seenByThird = recordUpdates(third);
    const message = await admin.request('sendPoll', {
      chatId: channel.id,
      randomId: randomId(),
      poll: { question: 'Next topic?', options: ['Sport', 'Science'], anonymous: true },
    });
    await Promise.all([
      first.request('votePoll', { chatId: channel.id, messageId: message.id, options: [1] }),
      second.request('votePoll', { chatId: channel.id, messageId: message.id, options: [1] }),
    ]);
    await eventually(
      () => counts(lastPoll(seenByThird, message.id)?.poll)?.join() === '0,2',
      'the third sees both votes',
    );
    const [fresh] = (await third.request('getMessages', { chatId: channel.id, messageIds: [message.id] }))
      .messages;
    expect(counts(fresh?.poll)).toEqual([0, 2]);
    expect(fresh?.poll?.chosen).toEqual([]);
  });
});
