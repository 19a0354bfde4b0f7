import { ClientState, type PeykClient, PeykError, syncClientState } from '@peyk/client';
import type { Message } from '@peyk/protocol';
import { eventually } from './server.js';

/** A ClientState that follows a client's updates from now on. */
export async function followedState(client: PeykClient, history = 100): Promise<ClientState> {
  const state = new ClientState(client.user as never);
  await syncClientState(client, state, { historyPerChat: history, members: true });
  return state;
}

/** Waits until the client has applied every update the server has for its user. */
export async function caughtUp(client: PeykClient): Promise<void> {
  const { pts } = await client.request('getState', {});
  await eventually(() => (client.pts ?? 0) >= pts, `pts ${pts} (at ${client.pts})`, 15_000);
}

/** The whole history of a chat as the server gives it, oldest first. */
export async function fullHistory(client: PeykClient, chatId: string): Promise<Message[]> {
  const messages: Message[] = [];
  let anchorId = 0;
  for (;;) {
    const page = await client.request('getHistory', { chatId, anchorId, before: 100 });
    messages.unshift(...page.messages);
    if (page.messages.length < 100) return messages;
    anchorId = page.messages[0]?.id ?? 0;
  }
}

/** What two copies of a message must agree on. */
export function essence(message: Message) {
  return {
    id: message.id,
    senderId: message.senderId,
    text: message.text,
    editDate: message.editDate,
    replyToId: message.replyToId,
    pinned: message.pinned,
    reactions: message.reactions.map((r) => `${r.emoji}${r.count}`),
    service: message.service?.kind ?? 0,
  };
}

/** Repeats an idempotent request through timeouts and dropped connections. */
export async function persist<T>(attempt: () => Promise<T>, tries = 30): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await attempt();
    } catch (error) {
      const transient =
        error instanceof PeykError && ['TIMEOUT', 'DISCONNECTED', 'FLOOD_WAIT'].includes(error.code);
      if (!transient || i >= tries) throw error;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}
