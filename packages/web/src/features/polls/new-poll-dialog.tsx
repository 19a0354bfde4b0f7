import { randomId } from '@peyk/client';
import { Limits } from '@peyk/protocol';
import { useState } from 'preact/hooks';
import { errorText } from '../../app/error-text';
import { currentClient } from '../../app/session';
import { t } from '../../i18n/i18n';
import { Field } from '../../ui/field';
import { Icon } from '../../ui/icon';
import { Modal } from '../../ui/modal';
import './polls.css';
import { FormActions } from '../../ui/form-actions';
import { jumpToLatest, viewOf } from '../conversation/history';

/** Creates a poll: a question, 2-12 options, anonymous or public, multiple answers or a quiz. */
export function NewPollDialog({ chatId, onClose }: { chatId: string; onClose: () => void }) {
  const [question, setQuestion] = useState('');
  const [options, setOptions] = useState(['', '']);
  const [anonymous, setAnonymous] = useState(true);
  const [multiple, setMultiple] = useState(false);
  const [quiz, setQuiz] = useState(false);
  const [correct, setCorrect] = useState(0);
  const [explanation, setExplanation] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  const setOption = (index: number, value: string) => {
    const next = options.map((o, i) => (i === index ? value : o));
    // Typing into the last option offers the next one, as Telegram's editor does.
    if (index === next.length - 1 && value && next.length < Limits.pollOptions) next.push('');
    setOptions(next);
  };
  const removeOption = (index: number) => {
    setOptions(options.filter((_, i) => i !== index));
    if (correct >= index && correct > 0) setCorrect(correct - 1);
  };

  const create = async (event: Event) => {
    event.preventDefault();
    const filled = options.map((o) => o.trim()).filter(Boolean);
    if (!question.trim() || filled.length < 2) return setError(t('error.POLL_INVALID'));
    setBusy(true);
    try {
      await currentClient().request('sendPoll', {
        chatId,
        randomId: randomId(),
        poll: {
          question: question.trim(),
          options: filled,
          anonymous,
          multipleAnswers: multiple && !quiz,
          quiz,
          correctOption: quiz ? Math.min(correct, filled.length - 1) : 0,
          explanation: quiz ? explanation.trim() : '',
        },
      });
      onClose();
      if (!viewOf(chatId).atLatest) void jumpToLatest(chatId);
    } catch (failure) {
      setError(errorText(failure));
      setBusy(false);
    }
  };

  return (
    <Modal title={t('polls.new')} onClose={onClose}>
      <form class="form new-poll" onSubmit={create}>
        <Field
          label={t('polls.question')}
          value={question}
          onInput={setQuestion}
          maxLength={Limits.pollQuestion}
          dir="auto"
          name="question"
        />
        <fieldset class="poll-options-edit">
          <legend>{t('polls.options')}</legend>
          {options.map((option, index) => (
            <div class="poll-option-edit" key={index}>
              {quiz && (
                <input
                  type="radio"
                  name="correct"
                  checked={correct === index}
                  aria-label={t('polls.correct')}
                  onChange={() => setCorrect(index)}
                />
              )}
              <input
                type="text"
                class="poll-option-input"
                dir="auto"
                value={option}
                maxLength={Limits.pollOption}
                placeholder={t('polls.option', { number: index + 1 })}
                aria-label={t('polls.option', { number: index + 1 })}
                onInput={(e) => setOption(index, e.currentTarget.value)}
              />
              {options.length > 2 && (
                <button
                  type="button"
                  class="icon-button small"
                  aria-label={t('polls.removeOption')}
                  onClick={() => removeOption(index)}
                >
                  <Icon name="close" size={18} />
                </button>
              )}
            </div>
          ))}
        </fieldset>
        <label class="check-row">
          <input
            type="checkbox"
            checked={anonymous}
            onChange={(e) => setAnonymous(e.currentTarget.checked)}
          />
          {t('polls.anonymous')}
        </label>
        {!quiz && (
          <label class="check-row">
            <input
              type="checkbox"
              checked={multiple}
              onChange={(e) => setMultiple(e.currentTarget.checked)}
            />
            {t('polls.multiple')}
          </label>
        )}
        <label class="check-row">
          <input type="checkbox" checked={quiz} onChange={(e) => setQuiz(e.currentTarget.checked)} />
          {t('polls.quiz')}
        </label>
        {quiz && (
          <Field
            label={t('polls.explanation')}
            value={explanation}
            onInput={setExplanation}
            maxLength={Limits.pollExplanation}
            dir="auto"
            name="explanation"
          />
        )}
        <FormActions error={error} busy={busy} onCancel={onClose}>
          {t('polls.create')}
        </FormActions>
      </form>
    </Modal>
  );
}
