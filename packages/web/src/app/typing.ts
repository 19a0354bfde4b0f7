import { signal } from '@preact/signals';
import { currentClient, onClient } from './session';

/** Who is typing where: chat id → user ids. Typing updates are ephemeral and expire. */
export const typingByChat = signal<ReadonlyMap<string, readonly string[]>>(new Map());

const EXPIRE_MS = 6000;
const timers = new Map<string, ReturnType<typeof setTimeout>>();

function set(chatId: string, userId: string, typing: boolean): void {
  const key = `${chatId}:${userId}`;
  clearTimeout(timers.get(key));
  timers.delete(key);
  const next = new Map(typingByChat.peek());
  const users = (next.get(chatId) ?? []).filter((id) => id !== userId);
  if (typing) {
    users.push(userId);
    timers.set(
      key,
      setTimeout(() => set(chatId, userId, false), EXPIRE_MS),
    );
  }
  if (users.length > 0) next.set(chatId, users);
  else next.delete(chatId);
  typingByChat.value = next;
}

onClient((client) => {
  const off = client.on('update', (update) => {
    const { kind } = update;
    if (kind.case === 'typing' && kind.value.userId !== client.user?.id) {
      set(kind.value.chatId, kind.value.userId, kind.value.typing);
    } else if (
      kind.case === 'newMessage' &&
      typingByChat.peek().get(kind.value.chatId)?.includes(kind.value.senderId)
    ) {
      set(kind.value.chatId, kind.value.senderId, false);
    }
  });
  return () => {
    off();
    for (const timer of timers.values()) clearTimeout(timer);
    timers.clear();
    typingByChat.value = new Map();
  };
});

const SEND_EVERY_MS = 4000;
let lastSent: { chatId: string; at: number } | undefined;

/** Tells the chat the user is typing (at most every few seconds). */
export function reportTyping(chatId: string): void {
  const now = Date.now();
  if (lastSent?.chatId === chatId && now - lastSent.at < SEND_EVERY_MS) return;
  lastSent = { chatId, at: now };
  currentClient()
    .request('setTyping', { chatId, typing: true }, { timeoutMs: 3000 })
    .catch(() => {});
}

/** Tells the chat the user stopped typing (sent, cleared the text, left). */
export function reportStoppedTyping(chatId: string): void {
  if (lastSent?.chatId !== chatId) return;
  lastSent = undefined;
  currentClient()
    .request('setTyping', { chatId, typing: false }, { timeoutMs: 3000 })
    .catch(() => {});
}
