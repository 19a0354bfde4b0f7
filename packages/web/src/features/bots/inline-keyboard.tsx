import { type KeyboardButton, type Message, ReplyMarkupKind } from '@peyk/protocol';
import { useState } from 'preact/hooks';
import { loadScreens } from '../../app/load-screens';
import { currentClient, useAppState } from '../../app/session';
import { toast } from '../../app/toast';
import { t } from '../../i18n/i18n';
import { lazy } from '../../ui/lazy';
import { Modal } from '../../ui/modal';
import { fillComposer } from '../composer/composer-state';
import { attempt } from '../conversation/message-actions';

// A mini app's panel is downloaded when a web_app button is first pressed.
const MiniApp = lazy(() => loadScreens().then((m) => m.MiniApp));

/**
 * The buttons under a bot's message. A callback button asks the bot and shows its answer as a
 * toast, or as an alert; a link opens in a new tab; a mini app opens in a panel.
 */
export function InlineKeyboard({ message, botName }: { message: Message; botName: string }) {
  const state = useAppState();
  const [alert, setAlert] = useState('');
  const [busy, setBusy] = useState('');
  const [miniApp, setMiniApp] = useState<{ url: string; initData: string }>();
  const markup = message.replyMarkup;
  if (markup?.kind !== ReplyMarkupKind.INLINE_KEYBOARD) return null;

  const openMiniApp = async (url: string) => {
    await attempt(async () => {
      const { initData } = await currentClient().request('getWebAppData', { botUserId: message.senderId });
      setMiniApp({ url, initData });
    });
  };

  const press = async (button: KeyboardButton) => {
    if (button.webAppUrl) {
      await openMiniApp(button.webAppUrl);
      return;
    }
    if (!button.callbackData && !button.url) {
      // COMPAT: a switch-inline button starts "@bot query" in this chat's composer (Telegram
      // first asks which chat).
      const username = state.user(message.senderId)?.username;
      if (username) fillComposer(message.chatId, `@${username} ${button.switchInlineQuery}`);
      else toast(t('bots.inlineUnavailable'));
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
            return button.url ? (
              <a
                class="inline-button"
                key={b}
                href={button.url}
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
      {miniApp && (
        <MiniApp
          url={miniApp.url}
          initData={miniApp.initData}
          title={botName}
          onClose={() => setMiniApp(undefined)}
        />
      )}
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
