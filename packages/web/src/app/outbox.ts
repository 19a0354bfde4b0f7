import { PeykError } from '@peyk/client';
import { signal } from '@preact/signals';
import type { EntitySpan } from '../lib/entities';
import { currentClient, currentState, onClient } from './session';

/**
 * Messages the user sent that the server has not stored yet, shown as pending bubbles. The
 * SDK's send queue does the delivery (one random_id per message, retried across reconnects,
 * stored once); this list only mirrors it for the screen and keeps refused sends to retry.
 */
export interface OutboxItem {
  randomId: string;
  chatId: string;
  text: string;
  entities: EntitySpan[];
  replyToId: number;
  /** Channel posts without a notification. */
  silent: boolean;
  /** Unix seconds when it was written. */
  date: number;
  status: 'pending' | 'failed';
  errorCode?: string;
  /** The stored message's id once the server acknowledged it: the bubble hides when that arrives. */
  sentId?: number;
}

/** The chat's pending bubbles, without those whose stored message is already shown. */
export function pendingIn(chatId: string): OutboxItem[] {
  const state = currentState();
  return outbox.value.filter(
    (item) => item.chatId === chatId && !(item.sentId && state?.message(chatId, item.sentId)),
  );
}

export const outbox = signal<OutboxItem[]>([]);

function remove(randomId: string): void {
  if (outbox.peek().some((item) => item.randomId === randomId)) {
    outbox.value = outbox.peek().filter((item) => item.randomId !== randomId);
  }
}

/** Queues a message; it shows as pending until the server has it. */
export function sendText(
  chatId: string,
  text: string,
  entities: EntitySpan[],
  replyToId = 0,
  silent = false,
): void {
  const client = currentClient();
  const known = new Set(client.pendingSends.map((send) => send.randomId));
  const sending = client.sendMessage(chatId, text, { entities, replyToId, silent });
  const queued = client.pendingSends.find((send) => send.chatId === chatId && !known.has(send.randomId));
  const randomId = queued?.randomId ?? `local-${Date.now()}-${Math.random()}`;
  outbox.value = [
    ...outbox.peek(),
    {
      randomId,
      chatId,
      text,
      entities,
      replyToId,
      silent,
      date: Math.floor(Date.now() / 1000),
      status: 'pending',
    },
  ];
  sending.then(
    (message) => {
      // The new_message update normally removes it, but a large chat's update carries no
      // random_id, and the answer may come first: then the bubble waits for the message's id.
      if (currentState()?.message(chatId, message.id)) remove(randomId);
      else {
        outbox.value = outbox
          .peek()
          .map((item) => (item.randomId === randomId ? { ...item, sentId: message.id } : item));
        setTimeout(() => remove(randomId), 5000);
      }
    },
    (error: unknown) => {
      outbox.value = outbox
        .peek()
        .map((item) =>
          item.randomId === randomId
            ? { ...item, status: 'failed', errorCode: error instanceof PeykError ? error.code : 'INTERNAL' }
            : item,
        );
    },
  );
}

/** Sends a refused message again (after the user fixed the cause, e.g. the connection). */
export function retrySend(item: OutboxItem): void {
  remove(item.randomId);
  sendText(item.chatId, item.text, item.entities, item.replyToId, item.silent);
}

export function discardSend(item: OutboxItem): void {
  remove(item.randomId);
}

onClient((client) => {
  const off = client.on('update', (update) => {
    if (update.kind.case !== 'newMessage') return;
    const message = update.kind.value;
    if (message.randomId !== '0') remove(message.randomId);
    // A large chat's one broadcast carries nobody's random_id: the sender's own message is
    // known by its text, the oldest pending one first, as they are stored in order.
    else if (message.senderId === currentState()?.selfId) {
      const alike = outbox
        .peek()
        .find(
          (item) => item.chatId === message.chatId && item.status === 'pending' && item.text === message.text,
        );
      if (alike) remove(alike.randomId);
    }
  });
  return () => {
    off();
    outbox.value = [];
  };
});
