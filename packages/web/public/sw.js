// Peyk's service worker: Web Push only (no caching). The app registers it as
// `sw.js?name=<app name>&body=<"New message" in the user's language>`, so the texts below
// follow the app's language without a copy of the locales here.
const params = new URL(self.location.href).searchParams;
const APP_NAME = params.get('name') || 'Peyk';
const NEW_MESSAGE = params.get('body') || 'New message';

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

/** The notification for a push payload ({type:'message', chatId, messageId, title, body}). */
function showPush(payload) {
  const chatId = String(payload?.chatId ?? '');
  return self.registration.showNotification(payload?.title || APP_NAME, {
    body: payload?.body || NEW_MESSAGE,
    // One notification per chat: a newer message replaces the older one.
    tag: chatId ? `chat-${chatId}` : 'peyk',
    renotify: Boolean(chatId),
    data: { chatId, messageId: String(payload?.messageId ?? '') },
  });
}

self.addEventListener('push', (event) => {
  let payload = {};
  try {
    payload = event.data ? event.data.json() : {};
  } catch {
    // Not JSON: still tell the user something came.
  }
  event.waitUntil(showPush(payload));
});

/** Shows the app at a chat: an open window switches to it, else a new one opens there. */
async function openChat(chatId) {
  const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
  const open = windows.find((client) => client.url.startsWith(self.registration.scope)) ?? windows[0];
  if (open) {
    // The app routes with the URL hash: it switches to the chat on this message.
    if (chatId) open.postMessage({ type: 'openChat', chatId });
    return open.focus().catch(() => open); // focus() needs a click on the notification
  }
  return self.clients.openWindow(`${self.registration.scope}${chatId ? `#/chat/${chatId}` : ''}`);
}

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  event.waitUntil(openChat(event.notification.data?.chatId));
});

// For tests: synthetic push and click events cannot be dispatched, so they call these.
self.peyk = { showPush, openChat };
