import type { Poll } from '@peyk/protocol';
import type { BotPollInlineUpdate, BotUpdate } from '../../domain/index.js';
import { type Json, userJson } from './objects.js';

/** Telegram's Poll object. */
export function pollJson(id: string, poll: Poll): Json {
  const json: Json = {
    id,
    question: poll.question,
    // An option's index is its persistent id: Peyk's polls never add or remove options.
    options: poll.options.map((o, i) => ({ persistent_id: String(i), text: o.text, voter_count: o.voters })),
    total_voter_count: poll.totalVoters,
    is_closed: poll.closed,
    is_anonymous: poll.anonymous,
    type: poll.quiz ? 'quiz' : 'regular',
    allows_multiple_answers: poll.multipleAnswers,
    // COMPAT: a regular poll's vote can always be changed, a quiz's never (no allows_revoting choice).
    allows_revoting: !poll.quiz,
    members_only: false,
  };
  if (poll.correctOption >= 0) {
    // Both spellings: Bot API 9 lists correct_option_ids, older clients read correct_option_id.
    json.correct_option_ids = [poll.correctOption];
    json.correct_option_id = poll.correctOption;
  }
  if (poll.explanation) json.explanation = poll.explanation;
  if (poll.openPeriod) json.open_period = poll.openPeriod;
  if (poll.closeDate) json.close_date = poll.closeDate;
  return json;
}

export function isPollInlineUpdate(update: BotUpdate): update is BotUpdate & BotPollInlineUpdate {
  return (
    update.kind === 'poll' ||
    update.kind === 'poll_answer' ||
    update.kind === 'inline_query' ||
    update.kind === 'chosen_inline_result'
  );
}

/** The update's own field (poll, poll_answer, inline_query or chosen_inline_result). */
export function pollInlineUpdateJson(update: BotPollInlineUpdate): Json {
  switch (update.kind) {
    case 'poll':
      return { poll: pollJson(update.poll.id, update.poll.poll) };
    case 'poll_answer':
      return {
        poll_answer: {
          poll_id: update.pollAnswer.pollId,
          user: userJson(update.pollAnswer.user),
          option_ids: update.pollAnswer.optionIds,
          option_persistent_ids: update.pollAnswer.optionIds.map(String),
        },
      };
    case 'inline_query': {
      const { inlineQuery } = update;
      return {
        inline_query: {
          id: inlineQuery.id,
          from: userJson(inlineQuery.from),
          query: inlineQuery.query,
          offset: inlineQuery.offset,
          chat_type: inlineQuery.chatType,
        },
      };
    }
    case 'chosen_inline_result': {
      const { chosenInlineResult } = update;
      // COMPAT: no inline_message_id: a sent result is an ordinary message of its sender.
      return {
        chosen_inline_result: {
          result_id: chosenInlineResult.resultId,
          from: userJson(chosenInlineResult.from),
          query: chosenInlineResult.query,
        },
      };
    }
  }
}
