import { backoffDelay, type ConnectionStatus, PeykClient, syncClientState } from '@peyk/client';
import type { AuthResult } from '@peyk/protocol';
import { batch, signal } from '@preact/signals';
import { cacheClear } from '../lib/cache';
import { ObservableState } from './observable-state';
import { serverUrl } from './server-url';
import { loadState, saveState } from './state-cache';

/**
 * The signed-in session: one PeykClient, one ClientState (the SDK keeps both correct; the app
 * only reads them), the token in localStorage and the state cached in IndexedDB.
 *
 * At start the cached state is shown at once; the client resumes the session, a fresh state
 * is synced beside it (syncClientState) and replaces the cached one when it is complete.
 */
export type Phase = 'loading' | 'signed-out' | 'signed-in';

export const phase = signal<Phase>('loading');
/** The connection as the client reports it. */
export const connection = signal<ConnectionStatus>('idle');
/** The browser thinks it has a network. */
export const networkOnline = signal(typeof navigator === 'undefined' ? true : navigator.onLine);
/** A fresh state from the server is in use (not only the cache). */
export const synced = signal(false);
/** Bumped on every change of the state: components that read it re-render. */
export const revision = signal(0);

const appState = signal<ObservableState | undefined>(undefined);

let client: PeykClient | undefined;
let stopSync: (() => void) | undefined;
const clientCleanups: (() => void)[] = [];

/** Things that follow every client: typing, notifications, the outbox. */
export type ClientHook = (client: PeykClient) => () => void;
const clientHooks: ClientHook[] = [];
export function onClient(hook: ClientHook): void {
  clientHooks.push(hook);
}

/** Work to do while still signed in, before signing out (take back the push subscription). */
export type SignOutHook = (client: PeykClient) => Promise<void>;
const signOutHooks: SignOutHook[] = [];
export function beforeSignOut(hook: SignOutHook): void {
  signOutHooks.push(hook);
}

/** Work to do on a fresh state before it replaces the cached one (load the open chat). */
export type LiveStateHook = (client: PeykClient, state: ObservableState) => Promise<void>;
const liveStateHooks: LiveStateHook[] = [];
export function beforeLiveState(hook: LiveStateHook): void {
  liveStateHooks.push(hook);
}

/** The state to show. Reading it subscribes a component to every change. */
export function useAppState(): ObservableState {
  void revision.value;
  const state = appState.value;
  if (!state) throw new Error('no session');
  return state;
}

/** The state without subscribing (event handlers). */
export function currentState(): ObservableState | undefined {
  return appState.peek();
}

export function currentClient(): PeykClient {
  if (!client) throw new Error('no client');
  return client;
}

// ---- the stored session ----

interface SavedSession {
  token: string;
  userId: string;
}

const SESSION_KEY = 'peyk.session';

function readSession(): SavedSession | undefined {
  try {
    const saved = JSON.parse(localStorage.getItem(SESSION_KEY) ?? 'null') as SavedSession | null;
    return saved?.token && saved.userId ? saved : undefined;
  } catch {
    return undefined;
  }
}

function deviceName(): string {
  const ua = navigator.userAgent;
  const browser = /Firefox\//.test(ua)
    ? 'Firefox'
    : /Edg\//.test(ua)
      ? 'Edge'
      : /Chrom(e|ium)\//.test(ua)
        ? 'Chrome'
        : /Safari\//.test(ua)
          ? 'Safari'
          : 'Browser';
  const os = /Android/.test(ua)
    ? 'Android'
    : /iPhone|iPad/.test(ua)
      ? 'iOS'
      : /Windows/.test(ua)
        ? 'Windows'
        : /Mac OS/.test(ua)
          ? 'macOS'
          : /Linux/.test(ua)
            ? 'Linux'
            : '';
  return `Peyk Web, ${browser}${os ? ` on ${os}` : ''}`;
}

// ---- clients ----

let bumpQueued = false;
function bump(): void {
  if (bumpQueued) return;
  bumpQueued = true;
  queueMicrotask(() => {
    bumpQueued = false;
    revision.value++;
    scheduleSave();
  });
}

let saveTimer: ReturnType<typeof setTimeout> | undefined;
function scheduleSave(): void {
  if (saveTimer || !synced.peek()) return;
  saveTimer = setTimeout(() => {
    saveTimer = undefined;
    const state = appState.peek();
    if (state && synced.peek()) void saveState(state);
  }, 1000);
}

function createClient(token?: string): PeykClient {
  const created = new PeykClient({ url: serverUrl(), token, deviceName: deviceName() });
  // The status changes inside the client after these events: read it once they have run.
  const follow = () =>
    setTimeout(() => {
      if (created === client) connection.value = created.status;
    }, 0);
  created.on('connected', follow);
  created.on('disconnected', follow);
  created.on('authenticated', follow);
  created.on('sessionRevoked', () => {
    if (created === client) void forgetSession();
  });
  return created;
}

let hookedClient: PeykClient | undefined;

function attach(next: PeykClient, state: ObservableState): void {
  client = next;
  const old = appState.peek();
  if (old) old.onChange = () => {};
  state.onChange = bump;
  batch(() => {
    appState.value = state;
    revision.value++;
    connection.value = next.status;
  });
  if (hookedClient !== next) {
    hookedClient = next;
    for (const hook of clientHooks) clientCleanups.push(hook(next));
  }
}

/** Loads a fresh state beside the shown one and swaps it in when complete. */
async function goLive(current: PeykClient): Promise<void> {
  await current.connect();
  const user = current.user;
  if (!user || current !== client) return;
  const live = new ObservableState(user);
  const stop = await syncClientState(current, live, {
    onError: (error) => console.warn('peyk: background sync failed', error),
  });
  if (current !== client) {
    stop();
    return;
  }
  stopSync = stop;
  await Promise.all(liveStateHooks.map((hook) => hook(current, live).catch(() => {})));
  if (current !== client) return;
  attach(current, live);
  batch(() => {
    synced.value = true;
    phase.value = 'signed-in';
  });
  scheduleSave();
}

/**
 * goLive until it succeeds: a load cut by a dropped connection or a timeout is tried again
 * (with backoff) while this client is the current one.
 */
function startLive(current: PeykClient, attempt = 0): void {
  goLive(current).catch((error) => {
    if (current !== client || current.status === 'closed') return;
    console.warn('peyk: loading failed, trying again', error);
    setTimeout(() => startLive(current, attempt + 1), backoffDelay(attempt));
  });
}

/** Starts the app: resumes the saved session (showing the cache at once) or asks to sign in. */
export async function restoreSession(): Promise<void> {
  const saved = readSession();
  if (!saved) {
    phase.value = 'signed-out';
    return;
  }
  // Connect at once; read the cache meanwhile and show it unless the server was faster.
  const next = createClient(saved.token);
  client = next;
  void next.connect().catch(() => {});
  startLive(next);
  const cached = await Promise.race([
    loadState(saved.userId),
    new Promise<undefined>((resolve) => setTimeout(resolve, 1500)),
  ]);
  if (cached && next === client && !synced.peek()) {
    attach(next, cached);
    phase.value = 'signed-in';
  }
  // Without a cache the shell shows its loading screen until goLive attaches the fresh state.
}

let anonymous: PeykClient | undefined;

/** The not-yet-signed-in client of the sign-in screen (connected on first use). */
export function authClient(): PeykClient {
  if (!anonymous) {
    anonymous = createClient();
    client = anonymous;
    void anonymous.connect().catch(() => {});
  }
  return anonymous;
}

/** Keeps the session of a successful sign-in or sign-up and starts syncing. */
export function completeSignIn(signedIn: PeykClient, auth: AuthResult): void {
  if (!auth.user) return;
  localStorage.setItem(SESSION_KEY, JSON.stringify({ token: auth.token, userId: auth.user.id }));
  anonymous = undefined;
  attach(signedIn, new ObservableState(auth.user));
  phase.value = 'signed-in';
  startLive(signedIn);
}

/** Signs out on the server (when reachable) and forgets everything local. */
export async function signOut(): Promise<void> {
  const current = client;
  if (current) await Promise.all(signOutHooks.map((hook) => hook(current).catch(() => {})));
  try {
    await current?.request('signOut', {}, { timeoutMs: 3000 });
  } catch {
    // Offline: the session stays on the server until revoked from another device.
  }
  await forgetSession();
}

async function forgetSession(): Promise<void> {
  stopSync?.();
  stopSync = undefined;
  for (const cleanup of clientCleanups.splice(0)) cleanup();
  hookedClient = undefined;
  client?.close();
  client = undefined;
  localStorage.removeItem(SESSION_KEY);
  clearTimeout(saveTimer);
  saveTimer = undefined;
  await cacheClear();
  batch(() => {
    appState.value = undefined;
    synced.value = false;
    connection.value = 'idle';
    phase.value = 'signed-out';
  });
}

if (typeof window !== 'undefined') {
  window.addEventListener('online', () => {
    networkOnline.value = true;
  });
  window.addEventListener('offline', () => {
    networkOnline.value = false;
  });
  // Keep the newest state when the tab goes away or to the background.
  document.addEventListener('visibilitychange', () => {
    const state = appState.peek();
    if (document.visibilityState === 'hidden' && state && synced.peek()) void saveState(state);
  });
}
