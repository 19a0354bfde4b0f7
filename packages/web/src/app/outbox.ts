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
      // The new_message update normally removes it; this covers an update that raced ahead.
      if (currentState()?.message(chatId, message.id)) remove(randomId);
      else setTimeout(() => remove(randomId), 5000);
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
    if (update.kind.case === 'newMessage' && update.kind.value.randomId !== '0') {
      remove(update.kind.value.randomId);
    }
  });
  return () => {
    off();
    outbox.value = [];
  };
});
