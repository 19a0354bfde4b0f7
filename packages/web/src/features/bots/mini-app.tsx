import { useEffect, useRef, useState } from 'preact/hooks';
import { Modal } from '../../ui/modal';

interface MainButton {
  text: string;
  visible: boolean;
  active: boolean;
}

/**
 * A bot's mini app in a panel: its page in a frame, given the signed launch data in its #hash,
 * as Telegram does; the page's script (peyk-web-app.js) asks for the main button and to close.
 */
export function MiniApp({
  url,
  initData,
  title,
  onClose,
}: {
  url: string;
  initData: string;
  title: string;
  onClose: () => void;
}) {
  const frame = useRef<HTMLIFrameElement>(null);
  const [main, setMain] = useState<MainButton>({ text: '', visible: false, active: true });
  const dark = document.documentElement.dataset.theme === 'dark';
  const theme = JSON.stringify(
    dark ? { bg_color: '#17212b', text_color: '#f5f5f5' } : { bg_color: '#ffffff', text_color: '#000000' },
  );
  const launch = new URLSearchParams({
    tgWebAppData: initData,
    tgWebAppVersion: '7.0',
    tgWebAppPlatform: 'web',
    tgWebAppThemeParams: theme,
  });
  const src = `${url.split('#')[0]}#${launch.toString()}`;

  useEffect(() => {
    const listen = (event: MessageEvent) => {
      if (event.source !== frame.current?.contentWindow || typeof event.data !== 'string') return;
      let message: { eventType?: string; eventData?: Record<string, unknown> };
      try {
        message = JSON.parse(event.data);
      } catch {
        return;
      }
      const data = message.eventData ?? {};
      if (message.eventType === 'web_app_close') onClose();
      if (message.eventType === 'web_app_setup_main_button') {
        setMain({
          text: String(data.text ?? ''),
          visible: data.is_visible === true,
          active: data.is_active !== false,
        });
      }
      // COMPAT: sendData reaches bots only from keyboard buttons in Telegram; Peyk's mini apps open from inline buttons.
      if (message.eventType === 'web_app_data_send') onClose();
    };
    window.addEventListener('message', listen);
    return () => window.removeEventListener('message', listen);
  }, []);

  return (
    <Modal title={title} onClose={onClose} wide>
      <iframe
        ref={frame}
        class="mini-app-frame"
        src={src}
        title={title}
        sandbox="allow-scripts allow-forms allow-same-origin allow-popups"
      />
      {main.visible && (
        <button
          type="button"
          class="button primary mini-app-main"
          disabled={!main.active}
          onClick={() =>
            frame.current?.contentWindow?.postMessage(
              JSON.stringify({ eventType: 'main_button_pressed' }),
              '*',
            )
          }
        >
          {main.text}
        </button>
      )}
    </Modal>
  );
}
