import type { PeykClient } from '@peyk/client';
import { ErrorCode, type Update } from '@peyk/protocol';
import { Bot as GrammyBot } from 'grammy';
import type { PollAnswer, Poll as TelegramPoll } from 'grammy/types';
import { Telegraf } from 'telegraf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callBotApi, createBot } from './helpers/bots.js';
import { eventually, recordUpdates, startTestServer, type TestServer } from './helpers/server.js';
import { storeKinds } from './helpers/stores.js';

const kinds = await storeKinds();
let randomIds = 1;
const randomId = () => String(randomIds++);

/**
 * Polls and inline mode with the real frameworks, unchanged, against Peyk: a bot that sends and
 * stops polls and hears the votes, and bots that answer inline queries, with people on the SDK.
 */
describe.each(kinds)('bot polls and inline mode on $name', (kind) => {
  let server: TestServer;
  let n = 0;
  const name = (base: string) => `${base}${kind.name}${++n}`;
  beforeAll(async () => {
    server = await startTestServer(kind);
  });
  afterAll(async () => {
    await server.stop();
  });

  async function enableInline(owner: PeykClient, token: string, feedback: boolean) {
    const botId = Number(token.split(':')[0]);
    const caller = { userId: Number(owner.user?.id), sessionId: 0 };
    await server.app.domain.bots.setInline(caller, botId, 'Search pictures...');
    await server.app.domain.bots.setInlineFeedback(caller, botId, feedback);
    return String(botId);
  }

  it('grammY: sends a public poll, hears poll_answer and poll, stops it; everyone sees the counts', async () => {
    const owner = await server.user(name('poll_owner'));
    const voter = await server.user(name('poll_voter'));
    const token = await createBot(server, owner, `${name('pollster')}_bot`);
    const bot = new GrammyBot(token, { client: { apiRoot: server.app.httpUrl } });
    const answers: PollAnswer[] = [];
    const states: TelegramPoll[] = [];
    bot.on('poll_answer', (ctx) => {
      answers.push(ctx.pollAnswer);
    });
    bot.on('poll', (ctx) => {
      states.push(ctx.poll);
    });
    await bot.init();
    const running = bot.start();
    try {
      const group = await owner.request('createGroup', {
        title: 'Pollsters',
        memberIds: [voter.user?.id ?? '', String(bot.botInfo.id)],
      });
      const seen = recordUpdates(voter);
      const sent = await bot.api.sendPoll(
        -Number(group.id),
        'Which day?',
        [{ text: 'Saturday' }, { text: 'Sunday' }],
        { is_anonymous: false, allows_multiple_answers: true },
      );
      expect(sent.poll).toMatchObject({
        question: 'Which day?',
        options: [
          { text: 'Saturday', voter_count: 0 },
          { text: 'Sunday', voter_count: 0 },
        ],
        total_voter_count: 0,
        is_closed: false,
        is_anonymous: false,
        type: 'regular',
        allows_multiple_answers: true,
      });
      await eventually(
        () => seen.some((u) => u.kind.case === 'newMessage' && u.kind.value.poll?.question === 'Which day?'),
        'the poll reaches the member',
      );
      await voter.request('votePoll', { chatId: group.id, messageId: sent.message_id, options: [0, 1] });
      await eventually(() => answers.length === 1 && states.length === 1, 'poll_answer and poll', 15_000);
      expect(answers[0]).toMatchObject({
        poll_id: sent.poll.id,
        option_ids: [0, 1],
        user: { id: Number(voter.user?.id) },
      });
      expect(states[0]).toMatchObject({ id: sent.poll.id, total_voter_count: 1 });

      const stopped = await bot.api.stopPoll(-Number(group.id), sent.message_id);
      expect(stopped).toMatchObject({ id: sent.poll.id, is_closed: true, total_voter_count: 1 });
      expect(stopped.options.map((o) => o.voter_count)).toEqual([1, 1]);
      await eventually(
        () => seen.some((u) => u.kind.case === 'pollUpdated' && u.kind.value.poll?.closed === true),
        'the member sees it closed',
      );
      // A quiz from the bot: the correct option is the bot's own to see.
      const quiz = await bot.api.sendPoll(-Number(group.id), '2 + 2?', ['3', '4'], {
        type: 'quiz',
        correct_option_ids: [1],
        explanation: 'Arithmetic',
      });
      expect(quiz.poll).toMatchObject({
        type: 'quiz',
        is_anonymous: true,
        allows_revoting: false,
        correct_option_ids: [1],
        correct_option_id: 1,
      });
      // A person's poll cannot be stopped by the bot.
      const theirs = await voter.request('sendPoll', {
        chatId: group.id,
        randomId: randomId(),
        poll: { question: 'Mine', options: ['a', 'b'] },
      });
      const refused = await callBotApi(server, token, 'stopPoll', {
        chat_id: -Number(group.id),
        message_id: theirs.id,
      });
      expect(refused.body).toMatchObject({ ok: false, error_code: 400 });
      const bad = await callBotApi(server, token, 'sendPoll', {
        chat_id: -Number(group.id),
        question: 'One option?',
        options: ['alone'],
      });
      expect(bad.body).toMatchObject({ ok: false, error_code: 400 });
      expect(bad.body.description).toMatch(/^Bad Request: /);
    } finally {
      await bot.stop();
      await running;
    }
  });

  it('grammY: answers an inline query; the chosen result is sent "via @bot" and reported back', async () => {
    const owner = await server.user(name('inline_owner'));
    const friend = await server.user(name('inline_friend'));
    const token = await createBot(server, owner, `${name('pics')}_bot`);
    const botId = await enableInline(owner, token, true);
    const bot = new GrammyBot(token, { client: { apiRoot: server.app.httpUrl } });
    const chosen: { result_id: string; query: string }[] = [];
    const queries: { query: string; chat_type?: string }[] = [];
    bot.on('inline_query', async (ctx) => {
      queries.push({ query: ctx.inlineQuery.query, chat_type: ctx.inlineQuery.chat_type });
      if (ctx.inlineQuery.query === 'slow') await new Promise((r) => setTimeout(r, 500));
      await ctx.answerInlineQuery(
        [
          {
            type: 'article',
            id: 'tulip',
            title: `Tulip for "${ctx.inlineQuery.query}"`,
            description: 'A red flower',
            input_message_content: { message_text: '<b>Tulip</b> 🌷', parse_mode: 'HTML' },
          },
          {
            type: 'article',
            id: 'cedar',
            title: 'Cedar',
            input_message_content: { message_text: 'Cedar 🌲' },
          },
        ],
        { cache_time: 0, is_personal: true },
      );
    });
    bot.on('chosen_inline_result', (ctx) => {
      chosen.push({ result_id: ctx.chosenInlineResult.result_id, query: ctx.chosenInlineResult.query });
    });
    await bot.init();
    expect(bot.botInfo.supports_inline_queries).toBe(true);
    const running = bot.start();
    try {
      const chat = await owner.request('openPrivateChat', { userId: friend.user?.id });
      const results = await owner.request('getInlineResults', {
        botUserId: botId,
        chatId: chat.id,
        query: 'flower',
      });
      expect(results.results.map((r) => [r.id, r.title, r.messageText])).toEqual([
        ['tulip', 'Tulip for "flower"', 'Tulip 🌷'],
        ['cedar', 'Cedar', 'Cedar 🌲'],
      ]);
      expect(queries.at(-1)).toEqual({ query: 'flower', chat_type: 'private' });

      const seen = recordUpdates(friend);
      const sentRandomId = randomId();
      const message = await owner.request('sendInlineResult', {
        chatId: chat.id,
        randomId: sentRandomId,
        queryId: results.queryId,
        resultId: 'tulip',
      });
      expect(message).toMatchObject({ text: 'Tulip 🌷', viaBotId: botId, senderId: owner.user?.id });
      expect(message.entities).toHaveLength(1);
      await eventually(
        () => seen.some((u: Update) => u.kind.case === 'newMessage' && u.kind.value.viaBotId === botId),
        'the friend gets the message via the bot',
      );
      await eventually(() => chosen.length === 1, 'chosen_inline_result', 15_000);
      expect(chosen[0]).toEqual({ result_id: 'tulip', query: 'flower' });
      // A retried send (same random_id) is the same message, and not reported twice.
      const retry = await owner.request('sendInlineResult', {
        chatId: chat.id,
        randomId: sentRandomId,
        queryId: results.queryId,
        resultId: 'tulip',
      });
      expect(retry.id).toBe(message.id);

      // A personal answer is not the friend's to send; an unknown result is refused.
      await expect(
        friend.request('sendInlineResult', {
          chatId: chat.id,
          randomId: randomId(),
          queryId: results.queryId,
          resultId: 'tulip',
        }),
      ).rejects.toMatchObject({ code: ErrorCode.INLINE_RESULT_INVALID });
      await expect(
        owner.request('sendInlineResult', {
          chatId: chat.id,
          randomId: randomId(),
          queryId: results.queryId,
          resultId: 'oak',
        }),
      ).rejects.toMatchObject({ code: ErrorCode.INLINE_RESULT_INVALID });

      // Latest query wins: "slow" is still waiting when "slower" is typed, and gets nothing.
      const [older, newer] = await Promise.all([
        owner.request('getInlineResults', { botUserId: botId, chatId: chat.id, query: 'slow' }),
        new Promise((r) => setTimeout(r, 100)).then(() =>
          owner.request('getInlineResults', { botUserId: botId, chatId: chat.id, query: 'slower' }),
        ),
      ]);
      expect(older.results).toEqual([]);
      expect(newer.results.map((r) => r.id)).toEqual(['tulip', 'cedar']);
      expect(chosen).toHaveLength(1);

      // The bot's answer to an unknown query is refused as Telegram's.
      const stale = await callBotApi(server, token, 'answerInlineQuery', {
        inline_query_id: '1_0123456789abcdef',
        results: [],
      });
      expect(stale.body).toEqual({
        ok: false,
        error_code: 400,
        description: 'Bad Request: query is too old and response timeout expired or query ID is invalid',
      });
    } finally {
      await bot.stop();
      await running;
    }
  });

  it('Telegraf: pages inline results with next_offset and caches a shared answer for cache_time', async () => {
    const owner = await server.user(name('paging_owner'));
    const other = await server.user(name('paging_other'));
    const token = await createBot(server, owner, `${name('pages')}_bot`);
    const botId = await enableInline(owner, token, false);
    const bot = new Telegraf(token, { telegram: { apiRoot: server.app.httpUrl } });
    let asked = 0;
    bot.on('inline_query', async (ctx) => {
      asked++;
      const page = Number(ctx.inlineQuery.offset || '0');
      const results = [0, 1, 2].map((i) => ({
        type: 'article' as const,
        id: `r${page * 3 + i}`,
        title: `Result ${page * 3 + i}`,
        input_message_content: { message_text: `Result ${page * 3 + i}` },
      }));
      await ctx.answerInlineQuery(results, {
        cache_time: 300,
        next_offset: page < 1 ? String(page + 1) : '',
      });
    });
    const launched = bot.launch();
    try {
      const first = await owner.request('getInlineResults', { botUserId: botId, query: 'all' });
      expect(first.results.map((r) => r.id)).toEqual(['r0', 'r1', 'r2']);
      expect(first.nextOffset).toBe('1');
      const second = await owner.request('getInlineResults', {
        botUserId: botId,
        query: 'all',
        offset: first.nextOffset,
      });
      expect(second.results.map((r) => r.id)).toEqual(['r3', 'r4', 'r5']);
      expect(second.nextOffset).toBe('');
      // The same query again, from someone else: the cached (not personal) answer, the bot not asked.
      const cached = await other.request('getInlineResults', { botUserId: botId, query: 'all' });
      expect(cached.results.map((r) => r.id)).toEqual(['r0', 'r1', 'r2']);
      expect(asked).toBe(2);
      const chat = await other.request('openPrivateChat', { userId: owner.user?.id });
      const sent = await other.request('sendInlineResult', {
        chatId: chat.id,
        randomId: randomId(),
        queryId: cached.queryId,
        resultId: 'r1',
      });
      expect(sent).toMatchObject({ text: 'Result 1', viaBotId: botId });
    } finally {
      bot.stop();
      await launched.catch(() => {});
    }
  });

  it('refuses inline queries to a bot without inline mode, and to chats the asker is not in', async () => {
    const owner = await server.user(name('plain_owner'));
    const token = await createBot(server, owner, `${name('plain')}_bot`);
    const botId = token.split(':')[0] as string;
    await expect(owner.request('getInlineResults', { botUserId: botId, query: 'x' })).rejects.toMatchObject({
      code: ErrorCode.BOT_INLINE_DISABLED,
    });
    expect((await callBotApi(server, token, 'getMe')).body.result.supports_inline_queries).toBe(false);
    const stranger = await server.user(name('stranger'));
    const other = await server.user(name('other'));
    const chat = await other.request('openPrivateChat', { userId: owner.user?.id });
    await enableInline(owner, token, false);
    await expect(
      stranger.request('getInlineResults', { botUserId: botId, chatId: chat.id, query: 'x' }),
    ).rejects.toMatchObject({ code: ErrorCode.CHAT_NOT_FOUND });
  });
  it("refuses bad inline answers and bad polls with Telegram's error shape, changing nothing", async () => {
    const owner = await server.user(name('strict_owner'));
    const token = await createBot(server, owner, `${name('strict')}_bot`);
    const other = await createBot(server, owner, `${name('other')}_bot`);
    const botId = await enableInline(owner, token, false);
    const asked = owner.request('getInlineResults', { botUserId: botId, query: 'q' });
    let queryId = '';
    await eventually(async () => {
      const updates = (await callBotApi(server, token, 'getUpdates', { timeout: 1 })).body.result;
      queryId = updates.find((u: { inline_query?: { id: string } }) => u.inline_query)?.inline_query.id ?? '';
      return queryId !== '';
    }, 'the inline query');
    const article = { type: 'article', id: 'a', title: 'A', input_message_content: { message_text: 'A' } };
    const refusals: [string, Record<string, unknown>, string][] = [
      [
        token,
        { results: [{ type: 'photo', id: 'p', photo_url: 'https://x.example/p.jpg' }] },
        'RESULT_TYPE_INVALID',
      ],
      [token, { results: [article, article] }, 'not unique'],
      [token, { results: [{ ...article, input_message_content: {} }] }, 'message text is empty'],
      [token, { results: 'not a list' }, "can't parse results"],
      [other, { results: [article] }, 'query is too old'],
    ];
    for (const [bot, params, description] of refusals) {
      const reply = await callBotApi(server, bot, 'answerInlineQuery', {
        inline_query_id: queryId,
        ...params,
      });
      expect(reply.status).toBe(400);
      expect(reply.body).toMatchObject({ ok: false, error_code: 400 });
      expect(reply.body.description).toContain(description);
    }
    const ok = await callBotApi(server, token, 'answerInlineQuery', {
      inline_query_id: queryId,
      results: [article],
    });
    expect(ok.body).toEqual({ ok: true, result: true });
    expect((await asked).results.map((r) => r.id)).toEqual(['a']);
    // A second answer to the same query is refused: the first one stands.
    const again = await callBotApi(server, token, 'answerInlineQuery', {
      inline_query_id: queryId,
      results: [],
    });
    expect(again.status).toBe(400);

    const chat = await owner.request('openPrivateChat', { userId: botId });
    await owner.sendMessage(chat.id, 'hi');
    const quizWithoutAnswer = await callBotApi(server, token, 'sendPoll', {
      chat_id: Number(owner.user?.id),
      question: 'Quiz?',
      options: ['a', 'b'],
      type: 'quiz',
    });
    expect(quizWithoutAnswer.body).toMatchObject({ ok: false, error_code: 400 });
    const twoAnswers = await callBotApi(server, token, 'sendPoll', {
      chat_id: Number(owner.user?.id),
      question: 'Quiz?',
      options: ['a', 'b'],
      type: 'quiz',
      correct_option_ids: [0, 1],
    });
    expect(twoAnswers.body).toMatchObject({ ok: false, error_code: 400 });
    const history = await owner.request('getHistory', { chatId: chat.id });
    expect(history.messages.filter((m) => m.poll)).toEqual([]);
  });
});
