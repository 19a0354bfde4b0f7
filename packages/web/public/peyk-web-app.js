// Peyk's mini app script: a bot's page loads it (like Telegram's telegram-web-app.js) to get
// window.Peyk.WebApp, also as window.Telegram.WebApp, so pages written for Telegram work.
// It reads the launch data from the page's #hash and talks to the Peyk app around it with
// postMessage, in Telegram's web format: {eventType, eventData} as JSON.
(() => {
  const hash = new URLSearchParams(location.hash.slice(1));
  const initData = hash.get('tgWebAppData') || '';
  const data = new URLSearchParams(initData);
  const initDataUnsafe = {};
  for (const [key, value] of data) {
    try {
      initDataUnsafe[key] = key === 'user' ? JSON.parse(value) : key === 'auth_date' ? Number(value) : value;
    } catch {
      initDataUnsafe[key] = value;
    }
  }
  let themeParams = {};
  try {
    themeParams = JSON.parse(hash.get('tgWebAppThemeParams') || '{}');
  } catch {}

  const post = (eventType, eventData) => {
    window.parent.postMessage(JSON.stringify({ eventType, eventData: eventData || {} }), '*');
  };
  const handlers = {};
  const emit = (name, payload) => {
    for (const handler of handlers[name] || []) handler(payload);
  };

  const mainButton = {
    text: 'CONTINUE',
    isVisible: false,
    isActive: true,
    setText(text) {
      mainButton.text = String(text);
      sync();
      return mainButton;
    },
    show() {
      mainButton.isVisible = true;
      sync();
      return mainButton;
    },
    hide() {
      mainButton.isVisible = false;
      sync();
      return mainButton;
    },
    enable() {
      mainButton.isActive = true;
      sync();
      return mainButton;
    },
    disable() {
      mainButton.isActive = false;
      sync();
      return mainButton;
    },
    setParams(params) {
      if ('text' in params) mainButton.text = String(params.text);
      if ('is_visible' in params) mainButton.isVisible = Boolean(params.is_visible);
      if ('is_active' in params) mainButton.isActive = Boolean(params.is_active);
      sync();
      return mainButton;
    },
    onClick(handler) {
      WebApp.onEvent('mainButtonClicked', handler);
      return mainButton;
    },
    offClick(handler) {
      WebApp.offEvent('mainButtonClicked', handler);
      return mainButton;
    },
  };
  function sync() {
    post('web_app_setup_main_button', {
      is_visible: mainButton.isVisible,
      is_active: mainButton.isActive,
      text: mainButton.text,
    });
  }

  const WebApp = {
    initData,
    initDataUnsafe,
    version: hash.get('tgWebAppVersion') || '7.0',
    platform: hash.get('tgWebAppPlatform') || 'web',
    colorScheme: themeParams.bg_color && /^#[0-4]/.test(themeParams.bg_color) ? 'dark' : 'light',
    themeParams,
    isExpanded: true,
    MainButton: mainButton,
    ready() {
      post('web_app_ready');
    },
    expand() {
      post('web_app_expand');
    },
    close() {
      post('web_app_close');
    },
    sendData(payload) {
      post('web_app_data_send', { data: String(payload) });
    },
    openLink(url) {
      window.open(url, '_blank', 'noopener');
    },
    onEvent(name, handler) {
      if (!handlers[name]) handlers[name] = [];
      handlers[name].push(handler);
    },
    offEvent(name, handler) {
      handlers[name] = (handlers[name] || []).filter((h) => h !== handler);
    },
  };

  window.addEventListener('message', (event) => {
    if (event.source !== window.parent) return;
    let message;
    try {
      message = typeof event.data === 'string' ? JSON.parse(event.data) : event.data;
    } catch {
      return;
    }
    if (message && message.eventType === 'main_button_pressed') emit('mainButtonClicked');
  });

  window.Peyk = window.Peyk || {};
  window.Peyk.WebApp = WebApp;
  window.Telegram = window.Telegram || {};
  window.Telegram.WebApp = WebApp;
})();
