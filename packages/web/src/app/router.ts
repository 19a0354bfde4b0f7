import { computed, signal } from '@preact/signals';

/** Where the app is. Routes live in the URL hash, so any static server can serve the app. */
export type Route =
  | { name: 'home' }
  /** `comments`: the comment thread of this channel post, beside the chat. */
  | { name: 'chat'; chatId: string; info: boolean; comments?: number }
  | { name: 'settings' }
  /** `#/@name`: a public channel or group, opened (or offered to join) by its username. */
  | { name: 'resolve'; username: string }
  /** `#/+<token>`: a private channel or group's invite link. */
  | { name: 'invite'; link: string };

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '');
  const chat = /^\/chat\/(\d+)(\/info)?$/.exec(path);
  if (chat) return { name: 'chat', chatId: chat[1] as string, info: Boolean(chat[2]) };
  const thread = /^\/chat\/(\d+)\/comments\/(\d+)$/.exec(path);
  if (thread) return { name: 'chat', chatId: thread[1] as string, info: false, comments: Number(thread[2]) };
  const invite = /^\/\+([A-Za-z0-9_-]{1,64})$/.exec(path);
  if (invite) return { name: 'invite', link: invite[1] as string };
  if (path === '/settings') return { name: 'settings' };
  const username = /^\/@([A-Za-z0-9_]{1,32})$/.exec(path);
  if (username) return { name: 'resolve', username: (username[1] as string).toLowerCase() };
  return { name: 'home' };
}

export const route = signal<Route>(parseRoute(window.location.hash));

window.addEventListener('hashchange', () => {
  route.value = parseRoute(window.location.hash);
});

/** The chat open in the conversation pane, if any. */
export const openChatId = computed(() => (route.value.name === 'chat' ? route.value.chatId : undefined));

export function navigate(path: string): void {
  if (window.location.hash !== `#${path}`) window.location.hash = path;
}

export const openChat = (chatId: string) => navigate(`/chat/${chatId}`);
export const goHome = () => navigate('/');
