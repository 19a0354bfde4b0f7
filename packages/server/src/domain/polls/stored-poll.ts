import { create } from '@bufbuild/protobuf';
import { ErrorCode, type InputPoll, Limits, type Poll, PollSchema } from '@peyk/protocol';
import type { PollCounts } from '../../store/sql/polls-repo.js';
import { DomainError } from '../errors.js';

/** A poll as kept on its message (`messages.poll`); votes are rows of `poll_votes`. */
export interface StoredPoll {
  question: string;
  options: string[];
  anonymous: boolean;
  multiple: boolean;
  quiz: boolean;
  /** Quiz: the right option's index; -1 otherwise. */
  correct: number;
  explanation: string;
  /** Unix seconds; 0: open until closed. */
  closeDate: number;
  /** Seconds open after sending, when sent with open_period (absent in polls stored before it). */
  openPeriod?: number;
  closed: boolean;
}

/** open_period bounds, as Telegram's (5 seconds to about a month). */
const OPEN_PERIOD = { min: 5, max: 2_628_000 };

function pollInvalid(message: string): DomainError {
  return new DomainError(ErrorCode.POLL_INVALID, message);
}

/** Checks a new poll against the rules (Telegram's limits); returns it as stored. */
export function checkPoll(input: InputPoll | undefined, now: number): StoredPoll {
  if (!input) throw pollInvalid('A poll is required');
  const question = input.question.trim();
  if (question === '' || question.length > Limits.pollQuestion) {
    throw pollInvalid(`The question has 1-${Limits.pollQuestion} characters`);
  }
  const options = input.options.map((o) => o.trim());
  if (options.length < 2 || options.length > Limits.pollOptions) {
    throw pollInvalid(`A poll has 2-${Limits.pollOptions} options`);
  }
  if (options.some((o) => o === '' || o.length > Limits.pollOption)) {
    throw pollInvalid(`Each option has 1-${Limits.pollOption} characters`);
  }
  if (input.quiz && input.multipleAnswers) throw pollInvalid('A quiz has one answer');
  if (input.quiz && input.correctOption >= options.length)
    throw pollInvalid('The correct option is not one of the options');
  if (!input.quiz && input.explanation) throw pollInvalid('Only a quiz has an explanation');
  if (input.explanation.length > Limits.pollExplanation) {
    throw pollInvalid(`The explanation has at most ${Limits.pollExplanation} characters`);
  }
  if (input.openPeriod && input.closeDate) throw pollInvalid('Give open_period or close_date, not both');
  let closeDate = 0;
  if (input.openPeriod) {
    if (input.openPeriod < OPEN_PERIOD.min || input.openPeriod > OPEN_PERIOD.max) {
      throw pollInvalid(`open_period is ${OPEN_PERIOD.min}-${OPEN_PERIOD.max} seconds`);
    }
    closeDate = now + input.openPeriod;
  }
  if (input.closeDate) {
    if (input.closeDate < now + OPEN_PERIOD.min || input.closeDate > now + OPEN_PERIOD.max) {
      throw pollInvalid(`close_date is ${OPEN_PERIOD.min}-${OPEN_PERIOD.max} seconds from now`);
    }
    closeDate = input.closeDate;
  }
  return {
    question,
    options,
    anonymous: input.anonymous,
    multiple: input.multipleAnswers,
    quiz: input.quiz,
    correct: input.quiz ? input.correctOption : -1,
    explanation: input.quiz ? input.explanation.trim() : '',
    closeDate,
    openPeriod: input.openPeriod,
    closed: false,
  };
}

/** Closed by its author, or past its close date. */
export function isClosed(poll: StoredPoll, now: number): boolean {
  return poll.closed || (poll.closeDate > 0 && now >= poll.closeDate);
}

export function pollFromJson(json: string): StoredPoll {
  return JSON.parse(json) as StoredPoll;
}

/**
 * The poll as one viewer sees it: the counts, their own choice, and a quiz's answer only to its
 * author, or once the viewer has voted or the poll is closed (before that it would give it away).
 */
export function toPoll(
  poll: StoredPoll,
  counts?: PollCounts,
  chosen: readonly number[] = [],
  isAuthor = false,
): Poll {
  const revealed = poll.closed || chosen.length > 0 || isAuthor;
  return create(PollSchema, {
    question: poll.question,
    options: poll.options.map((text, i) => ({ text, voters: counts?.options.get(i) ?? 0 })),
    totalVoters: counts?.totalVoters ?? 0,
    closed: poll.closed,
    anonymous: poll.anonymous,
    multipleAnswers: poll.multiple,
    quiz: poll.quiz,
    correctOption: poll.quiz && revealed ? poll.correct : -1,
    explanation: poll.quiz && revealed ? poll.explanation : '',
    closeDate: poll.closeDate,
    openPeriod: poll.openPeriod ?? 0,
    chosen: [...chosen],
  });
}
