import { create } from '@bufbuild/protobuf';
import { InputPollSchema } from '@peyk/protocol';
import { botPollId } from '../../domain/index.js';
import { badRequest } from './bot-api-error.js';
import { freshRandomId, resolveChat } from './bot-context.js';
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

export const pollMethods: Record<string, BotMethod> = {
  // COMPAT: question_parse_mode, question_entities, explanation_parse_mode and explanation_entities
  // are accepted and not applied: a poll's texts are plain.
  async sendPoll(call) {
    const chatId = await resolveChat(call);
    const type = call.params.string('type') ?? 'regular';
    if (type !== 'regular' && type !== 'quiz') throw badRequest('poll type is invalid');
    const quiz = type === 'quiz';
    if (quiz && call.params.int('correct_option_id') === undefined) {
      throw badRequest('correct_option_id is required for quizzes');
    }
    call.throttleSend(chatId, (call.params.int('chat_id') as number) < 0);
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
          correctOption: quiz ? (call.params.int('correct_option_id') as number) : 0,
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
