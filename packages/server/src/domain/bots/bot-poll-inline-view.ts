import { fromBinary } from '@bufbuild/protobuf';
import { type Poll, PollUpdatedSchema } from '@peyk/protocol';
import type { BotUpdateRow } from '../../store/schema.js';
import {
  decodeInlinePayload,
  type StoredChosenResult,
  type StoredInlineQuery,
} from '../inline/inline-service.js';
import type { StoredPollAnswer } from '../polls/polls-service.js';
import type { BotUser } from './bot-view.js';

/** A poll's id as bots see it: stable for the poll's message. */
export function botPollId(chatId: number | string, messageId: number): string {
  return `${chatId}_${messageId}`;
}

export interface BotPollState {
  id: string;
  poll: Poll;
}

export interface BotPollAnswer {
  pollId: string;
  user: BotUser;
  optionIds: number[];
}

export interface BotInlineQuery {
  id: string;
  from: BotUser;
  query: string;
  offset: string;
  chatType: string;
}

export interface BotChosenInlineResult {
  resultId: string;
  from: BotUser;
  query: string;
}

/** The updates of polls and inline mode, as a bot's queue keeps them. */
export type BotPollInlineUpdate =
  | { kind: 'poll'; poll: BotPollState }
  | { kind: 'poll_answer'; pollAnswer: BotPollAnswer }
  | { kind: 'inline_query'; inlineQuery: BotInlineQuery }
  | { kind: 'chosen_inline_result'; chosenInlineResult: BotChosenInlineResult };

export const POLL_INLINE_KINDS: ReadonlySet<string> = new Set([
  'poll',
  'poll_answer',
  'inline_query',
  'chosen_inline_result',
]);

/** Reads one of these updates from the queue; `user` names people once per batch. */
export async function pollInlineUpdate(
  row: BotUpdateRow,
  user: (id: number) => Promise<BotUser>,
): Promise<BotPollInlineUpdate> {
  if (row.kind === 'poll') {
    const state = fromBinary(PollUpdatedSchema, row.payload);
    return { kind: 'poll', poll: { id: botPollId(state.chatId, state.messageId), poll: state.poll as Poll } };
  }
  if (row.kind === 'poll_answer') {
    const answer = JSON.parse(new TextDecoder().decode(row.payload)) as StoredPollAnswer;
    return {
      kind: 'poll_answer',
      pollAnswer: {
        pollId: botPollId(answer.chatId, answer.messageId),
        user: await user(answer.userId),
        optionIds: answer.options,
      },
    };
  }
  if (row.kind === 'inline_query') {
    const query = decodeInlinePayload<StoredInlineQuery>(row.payload);
    return {
      kind: 'inline_query',
      inlineQuery: {
        id: query.id,
        from: await user(query.fromId),
        query: query.query,
        offset: query.offset,
        chatType: query.chatType,
      },
    };
  }
  const chosen = decodeInlinePayload<StoredChosenResult>(row.payload);
  return {
    kind: 'chosen_inline_result',
    chosenInlineResult: { resultId: chosen.resultId, from: await user(chosen.fromId), query: chosen.query },
  };
}
