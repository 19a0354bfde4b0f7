import { type KeyboardButton, type Message, ReplyMarkupKind } from '@peyk/protocol';
import { useState } from 'preact/hooks';
import { currentClient } from '../../app/session';
import { toast } from '../../app/toast';
import { t } from '../../i18n/i18n';
import { Modal } from '../../ui/modal';
import { attempt } from '../conversation/message-actions';

/**
 * The buttons under a bot's message. A callback button asks the bot and shows its answer as a
 * toast, or as an alert; link and mini app buttons open their page in a new tab.
 */
export function InlineKeyboard({ message, botName }: { message: Message; botName: string }) {
  const [alert, setAlert] = useState('');
  const [busy, setBusy] = useState('');
  const markup = message.replyMarkup;
  if (markup?.kind !== ReplyMarkupKind.INLINE_KEYBOARD) return null;

  const press = async (button: KeyboardButton) => {
    if (button.switchInlineQuery || (!button.callbackData && !button.url && !button.webAppUrl)) {
      toast(t('bots.inlineUnavailable'));
      return;
    }
    setBusy(button.callbackData);
    await attempt(async () => {
      const answer = await currentClient().request('pressButton', {
        chatId: message.chatId,
        messageId: message.id,
        data: button.callbackData,
      });
      if (answer.showAlert && answer.text) setAlert(answer.text);
      else if (answer.text) toast(answer.text);
      if (answer.url) window.open(answer.url, '_blank', 'noopener,noreferrer');
    });
    setBusy('');
  };

  return (
    <div class="inline-keyboard">
      {markup.rows.map((row, r) => (
        <div class="inline-keyboard-row" key={r}>
          {row.buttons.map((button, b) => {
            const link = button.url || button.webAppUrl;
            return link ? (
              <a
                class="inline-button"
                key={b}
                href={link}
                target="_blank"
                rel="noopener noreferrer"
                dir="auto"
              >
                {button.text}
              </a>
            ) : (
              <button
                type="button"
                class="inline-button"
                key={b}
                dir="auto"
                aria-busy={busy !== '' && busy === button.callbackData}
                onClick={(event) => {
                  event.stopPropagation();
                  void press(button);
                }}
              >
                {button.text}
              </button>
            );
          })}
        </div>
      ))}
      {alert && (
        <Modal title={botName} onClose={() => setAlert('')}>
          <p class="bot-alert" dir="auto">
            {alert}
          </p>
          <div class="modal-actions">
            <button type="button" class="button primary" onClick={() => setAlert('')}>
              {t('common.close')}
            </button>
          </div>
        </Modal>
      )}
    </div>
  );
}
