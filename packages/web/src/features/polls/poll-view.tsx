import { type ClientState, pollShares } from '@peyk/client';
import type { Message, Poll, User } from '@peyk/protocol';
import { useState } from 'preact/hooks';
import { userName } from '../../app/names';
import { currentClient } from '../../app/session';
import { n, t } from '../../i18n/i18n';
import { Icon } from '../../ui/icon';
import { attempt } from '../conversation/message-actions';
import './polls.css';

function kindLabel(poll: Poll, closed: boolean): string {
  if (closed) return t('polls.finalResults');
  if (poll.quiz) return poll.anonymous ? t('polls.anonymousQuiz') : t('polls.quizLabel');
  return poll.anonymous ? t('polls.anonymousPoll') : t('polls.publicPoll');
}

/**
 * A poll in its bubble. Before voting: the options to choose (checkboxes and a Vote button when
 * several answers are allowed). After voting, or once closed: each option's share as a bar, the
 * viewer's choice marked, a quiz's right answer and explanation; retracting (not in a quiz) and,
 * for its author, stopping. Public polls list their voters. Bars and marks use logical sides,
 * so they mirror in right-to-left languages.
 */
export function PollView({ state, message }: { state: ClientState; message: Message }) {
  const poll = message.poll as Poll;
  const [picked, setPicked] = useState<number[]>([]);
  const [voters, setVoters] = useState<User[][] | undefined>(undefined);
  const voted = poll.chosen.length > 0;
  // Past its close date a poll is over, though no update said so (the server refuses votes).
  const closed = poll.closed || (poll.closeDate > 0 && Date.now() / 1000 >= poll.closeDate);
  const showResults = voted || closed;
  const shares = pollShares(poll);
  const mine = message.senderId === state.selfId;
  const request = { chatId: message.chatId, messageId: message.id };

  const vote = (options: number[]) =>
    void attempt(async () => {
      await currentClient().request('votePoll', { ...request, options });
      setPicked([]);
      setVoters(undefined);
    });

  const loadVoters = () =>
    void attempt(async () => {
      const lists = await Promise.all(
        poll.options.map((_, option) => currentClient().request('listPollVoters', { ...request, option })),
      );
      setVoters(lists.map((list) => list.users));
    });

  return (
    <div class="poll">
      <div class="poll-question" dir="auto">
        {poll.question}
      </div>
      <div class="poll-kind">{kindLabel(poll, closed)}</div>
      <ul class="poll-options">
        {poll.options.map((option, index) => {
          const chosen = poll.chosen.includes(index);
          const correct = poll.quiz && poll.correctOption === index;
          const classes = ['poll-option', chosen ? 'chosen' : '', showResults && correct ? 'correct' : ''];
          if (showResults && poll.quiz && chosen && !correct) classes.push('wrong');
          return (
            <li key={index} class={classes.join(' ')}>
              {showResults ? (
                <div class="poll-result">
                  <span class="poll-share">{`${n(shares[index] ?? 0)}%`}</span>
                  <span class="poll-option-text" dir="auto">
                    {option.text}
                  </span>
                  {(chosen || (poll.quiz && correct)) && (
                    <span
                      class="poll-mark"
                      role="img"
                      aria-label={chosen ? t('polls.yourVote') : t('polls.correct')}
                    >
                      <Icon name={poll.quiz && chosen && !correct ? 'close' : 'check'} size={16} />
                    </span>
                  )}
                  <span class="poll-bar" style={{ inlineSize: `${shares[index] ?? 0}%` }} />
                  {voters?.[index] && voters[index].length > 0 && (
                    <span class="poll-voters" dir="auto">
                      {voters[index].map((user) => userName(user)).join(t('common.listSeparator'))}
                    </span>
                  )}
                </div>
              ) : poll.multipleAnswers ? (
                <label class="poll-choice">
                  <input
                    type="checkbox"
                    checked={picked.includes(index)}
                    onChange={(e) =>
                      setPicked(
                        e.currentTarget.checked
                          ? [...picked, index].sort((a, b) => a - b)
                          : picked.filter((p) => p !== index),
                      )
                    }
                  />
                  <span dir="auto">{option.text}</span>
                </label>
              ) : (
                <button type="button" class="poll-choice" onClick={() => vote([index])}>
                  <span class="poll-radio" aria-hidden="true" />
                  <span dir="auto">{option.text}</span>
                </button>
              )}
            </li>
          );
        })}
      </ul>
      {showResults && poll.quiz && poll.explanation && (
        <div class="poll-explanation" dir="auto">
          {poll.explanation}
        </div>
      )}
      <div class="poll-footer">
        <span class="poll-total">{t('polls.votes', { count: poll.totalVoters })}</span>
        {!showResults && poll.multipleAnswers && (
          <button
            type="button"
            class="button small primary"
            disabled={picked.length === 0}
            onClick={() => vote(picked)}
          >
            {t('polls.vote')}
          </button>
        )}
        {voted && !closed && !poll.quiz && (
          <button type="button" class="button small" onClick={() => vote([])}>
            {t('polls.retract')}
          </button>
        )}
        {showResults && !poll.anonymous && poll.totalVoters > 0 && !voters && (
          <button type="button" class="button small" onClick={loadVoters}>
            {t('polls.voters')}
          </button>
        )}
        {mine && !closed && (
          <button
            type="button"
            class="button small"
            onClick={() => void attempt(() => currentClient().request('closePoll', request))}
          >
            {t('polls.stop')}
          </button>
        )}
      </div>
    </div>
  );
}
