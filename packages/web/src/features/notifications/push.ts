import type { PeykClient } from '@peyk/client';
import { signal } from '@preact/signals';
import { errorText } from '../../app/error-text';
import { prefs } from '../../app/prefs';
import { openChat } from '../../app/router';
import { beforeSignOut, currentClient, onClient } from '../../app/session';
import { toast } from '../../app/toast';
import { loadCatalog, t } from '../../i18n/i18n';
import { permission, requestPermission } from './notifier';

/**
 * Web Push: notifications while the app is closed. `public/sw.js` shows them; here the app
 * subscribes this browser with the server's VAPID key and tells the server where to push
 * (`registerPush`), or takes it back (`unregisterPush`) when notifications are turned off or
 * the user signs out.
 */

/** This browser has a push subscription registered with the server (as far as the app knows). */
export const pushActive = signal(false);

export function pushSupported(): boolean {
  return (
    typeof navigator !== 'undefined' &&
    'serviceWorker' in navigator &&
    typeof PushManager !== 'undefined' &&
    typeof Notification !== 'undefined' &&
    window.isSecureContext
  );
}

/**
 * The worker's address carries the two texts it may need, in the app's language. A restored
 * session can sign in before the catalog has loaded: wait for it, or the worker gets the keys.
 */
async function workerUrl(): Promise<string> {
  await loadCatalog();
  const name = encodeURIComponent(t('app.name'));
  const body = encodeURIComponent(t('notifications.newMessage'));
  return `./sw.js?name=${name}&body=${body}`;
}

/** Registers (or updates) the service worker at the app's path and waits until it is active. */
export async function registerWorker(): Promise<ServiceWorkerRegistration> {
  await navigator.serviceWorker.register(await workerUrl(), { scope: './' });
  return navigator.serviceWorker.ready;
}

/** base64url (no padding) → bytes, for applicationServerKey. */
export function base64UrlToBytes(text: string): Uint8Array<ArrayBuffer> {
  const base64 = text
    .replace(/-/g, '+')
    .replace(/_/g, '/')
    .padEnd(Math.ceil(text.length / 4) * 4, '=');
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function sameKey(a: ArrayBuffer | null | undefined, b: Uint8Array): boolean {
  if (!a || a.byteLength !== b.length) return false;
  const view = new Uint8Array(a);
  return view.every((byte, i) => byte === b[i]);
}

/** Tells the server about a subscription; hidePreview follows the preview setting. */
async function sendSubscription(client: PeykClient, subscription: PushSubscription): Promise<void> {
  const keys = subscription.toJSON().keys ?? {};
  await client.request('registerPush', {
    endpoint: subscription.endpoint,
    p256dh: keys.p256dh ?? '',
    auth: keys.auth ?? '',
    hidePreview: !prefs.peek().notificationPreview,
  });
  pushActive.value = true;
}

/**
 * Subscribes this browser (reusing a subscription made with the same server key) and
 * registers it. Needs the notification permission already granted.
 */
export async function enablePush(client: PeykClient = currentClient()): Promise<void> {
  if (!pushSupported() || Notification.permission !== 'granted') return;
  const registration = await registerWorker();
  const { vapidPublicKey } = await client.request('getPushConfig', {});
  if (!vapidPublicKey) return; // The server has push turned off.
  const key = base64UrlToBytes(vapidPublicKey);
  let subscription = await registration.pushManager.getSubscription();
  if (subscription && !sameKey(subscription.options.applicationServerKey, key)) {
    await subscription.unsubscribe();
    subscription = null;
  }
  subscription ??= await registration.pushManager.subscribe({
    userVisibleOnly: true,
    applicationServerKey: key,
  });
  await sendSubscription(client, subscription);
}

/** The subscription of this browser, if any (without registering the worker). */
async function currentSubscription(): Promise<PushSubscription | null> {
  if (!pushSupported()) return null;
  const registration = await navigator.serviceWorker.getRegistration('./');
  return (await registration?.pushManager.getSubscription()) ?? null;
}

/** Takes the subscription back from the server (while signed in) and drops it. */
export async function disablePush(client: PeykClient | undefined = currentClientOrNone()): Promise<void> {
  pushActive.value = false;
  const subscription = await currentSubscription();
  if (!subscription) return;
  try {
    await client?.request('unregisterPush', { endpoint: subscription.endpoint }, { timeoutMs: 3000 });
  } catch {
    // Offline: the server drops the endpoint when the push service says it is gone.
  }
  await subscription.unsubscribe();
}

function currentClientOrNone(): PeykClient | undefined {
  try {
    return currentClient();
  } catch {
    return undefined;
  }
}

/** The settings switch or the offer was turned on: ask for permission, then subscribe. */
export async function turnOnNotifications(): Promise<void> {
  if (permission.value === 'default') await requestPermission();
  if (permission.value !== 'granted') return;
  try {
    await enablePush();
  } catch (error) {
    console.warn('peyk: push subscription failed', error);
    toast(`${t('notifications.pushFailed')} ${errorText(error)}`);
  }
}

/** The preview setting changed: the server must know, it builds the pushed text. */
export async function updatePushPreview(): Promise<void> {
  const subscription = await currentSubscription();
  if (subscription) await sendSubscription(currentClient(), subscription).catch(() => {});
}

// After sign-in (and each reconnect), a browser with notifications on registers again: the
// server keeps subscriptions per session, and a new session must claim this one.
onClient((client) => {
  const sync = () => {
    if (!prefs.peek().notifications || !pushSupported() || Notification.permission !== 'granted') return;
    enablePush(client).catch((error) => console.warn('peyk: push registration failed', error));
  };
  if (client.status === 'ready') sync();
  return client.on('authenticated', () => setTimeout(sync, 0));
});

beforeSignOut((client) => disablePush(client));

// A click on a push notification while the app is open: the worker asks to show the chat.
if (typeof navigator !== 'undefined' && 'serviceWorker' in navigator) {
  navigator.serviceWorker.addEventListener('message', (event: MessageEvent) => {
    const data = event.data as { type?: string; chatId?: string } | undefined;
    if (data?.type === 'openChat' && data.chatId) openChat(data.chatId);
  });
}
