import type { ClientState } from '@peyk/client';
import { type Message, ReplyMarkupKind } from '@peyk/protocol';
import { signal } from '@preact/signals';
import { t } from '../../i18n/i18n';

/** One-time keyboards already used, by chat: the message id whose keyboard was pressed. */
const usedOneTime = signal(new Map<string, number>());

/** The keyboard a bot set for the composer of this chat: the newest bot message that set or removed one. */
export function activeReplyKeyboard(state: ClientState, chatId: string): Message | undefined {
  const messages = state.messages(chatId);
  for (let i = messages.length - 1; i >= 0; i--) {
    const kind = messages[i]?.replyMarkup?.kind;
    if (kind === ReplyMarkupKind.REPLY_KEYBOARD) {
      const message = messages[i] as Message;
      return usedOneTime.value.get(chatId) === message.id ? undefined : message;
    }
    if (kind === ReplyMarkupKind.REMOVE_KEYBOARD) return undefined;
  }
  return undefined;
}

/** A bot's reply keyboard in place of the composer's input area: a press sends the button's text. */
export function ReplyKeyboard({ message, onSend }: { message: Message; onSend: (text: string) => void }) {
  const markup = message.replyMarkup;
  if (!markup) return null;
  return (
    <fieldset
      class={markup.resize ? 'reply-keyboard resize' : 'reply-keyboard'}
      aria-label={t('bots.keyboard')}
    >
      {markup.rows.map((row, r) => (
        <div class="reply-keyboard-row" key={r}>
          {row.buttons.map((button, b) => (
            <button
              type="button"
              class="reply-button"
              key={b}
              dir="auto"
              onClick={() => {
                if (markup.oneTime)
                  usedOneTime.value = new Map(usedOneTime.value).set(message.chatId, message.id);
                onSend(button.text);
              }}
            >
              {button.text}
            </button>
          ))}
        </div>
      ))}
    </fieldset>
  );
}
