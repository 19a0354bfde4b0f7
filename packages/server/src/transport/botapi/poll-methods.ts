import { create } from '@bufbuild/protobuf';
import { InputPollSchema } from '@peyk/protocol';
import { botPollId } from '../../domain/index.js';
import { badRequest } from './bot-api-error.js';
import { type BotCall, freshRandomId, isGroupTarget, resolveChat } from './bot-context.js';
import { naming } from './domain-errors.js';
import { replyMarkupFromJson } from './keyboards.js';
import type { BotMethod } from './message-methods.js';
import { replyToId, viewed } from './message-methods.js';
import type { Json } from './objects.js';
import { pollJson } from './poll-inline-objects.js';

/** options: InputPollOption objects (Bot API 7.3+) or plain strings (older clients). */
function pollOptions(value: unknown): string[] {
  if (!Array.isArray(value)) throw badRequest('options must be an array');
  return value.map((option) => {
    if (typeof option === 'string') return option;
    const text = (option as Json | null)?.text;
    if (typeof text !== 'string') throw badRequest("can't parse InputPollOption");
    return text;
  });
}

/** A quiz's right answer: correct_option_ids (Bot API 9) or correct_option_id (before). */
function correctOption(call: BotCall): number {
  const single = call.params.int('correct_option_id');
  if (single !== undefined) return single;
  if (!call.params.has('correct_option_ids'))
    throw badRequest('correct_option_ids must be specified for quizzes');
  const ids = call.params.intArray('correct_option_ids');
  // COMPAT: a Peyk quiz has exactly one correct option.
  if (ids.length !== 1) throw badRequest('a quiz has exactly one correct option');
  return ids[0] as number;
}

export const pollMethods: Record<string, BotMethod> = {
  // COMPAT: question and explanation entities (and their parse modes), description, media,
  // shuffle_options, allow_adding_options, hide_results_until_closes, members_only, country_codes
  // and allows_revoting are accepted and not applied: a poll's texts are plain.
  async sendPoll(call) {
    const chatId = await resolveChat(call);
    const type = call.params.string('type') ?? 'regular';
    if (type !== 'regular' && type !== 'quiz') throw badRequest('poll type is invalid');
    const quiz = type === 'quiz';
    const correct = quiz ? correctOption(call) : 0;
    await call.throttleSend(chatId, isGroupTarget(call));
    const caller = call.session.caller;
    let message = await naming('message to be replied not found', () =>
      call.domain.polls.send(caller, {
        chatId,
        randomId: freshRandomId(),
        replyToId: replyToId(call),
        replyMarkup: replyMarkupFromJson(call.params.json('reply_markup')),
        poll: create(InputPollSchema, {
          question: call.params.requireString('question', 'poll question must be non-empty'),
          options: pollOptions(call.params.json('options')),
          anonymous: call.params.bool('is_anonymous') ?? true,
          multipleAnswers: call.params.bool('allows_multiple_answers') ?? false,
          quiz,
          correctOption: correct,
          explanation: call.params.string('explanation') ?? '',
          openPeriod: call.params.int('open_period') ?? 0,
          closeDate: call.params.int('close_date') ?? 0,
        }),
      }),
    );
    if (call.params.bool('is_closed')) message = await call.domain.polls.close(caller, chatId, message.id);
    return viewed(call, message);
  },

  async stopPoll(call) {
    const chatId = await resolveChat(call);
    const messageId = call.params.requireInt('message_id', 'message identifier is not specified');
    const message = await naming('poll to stop not found', () =>
      call.domain.polls.close(call.session.caller, chatId, messageId),
    );
    if (!message.poll) throw badRequest("poll can't be stopped");
    return pollJson(botPollId(chatId, message.id), message.poll);
  },
};
