import type { Update } from '@peyk/protocol';
import type { ClientState } from './client-state.js';
import type { PeykClient } from './peyk-client.js';

/** The users an update refers to by id (senders, forward origins, service targets, members, peers). */
export function userIdsOf(update: Update): string[] {
  const { kind } = update;
  switch (kind.case) {
    case 'newMessage':
    case 'messageEdited': {
      const message = kind.value;
      const ids = [message.senderId, ...(message.service?.userIds ?? [])];
      if (message.forward) ids.push(message.forward.fromUserId);
      if (message.viaBotId !== '0') ids.push(message.viaBotId);
      return ids;
    }
    case 'chatUpdated': {
      const ids = kind.value.members.map((member) => member.userId);
      if (kind.value.chat?.peerUserId) ids.push(kind.value.chat.peerUserId);
      return ids;
    }
    default:
      return [];
  }
}

/**
 * Fetches (`get_users`, batched) the users that updates mention and the state does not know
 * yet, so that the state's users match what a fresh fetch would bring. Each id is asked for
 * once: one the server does not show stays unknown.
 */
export class UserFetcher {
  readonly #client: PeykClient;
  readonly #state: ClientState;
  readonly #onError: (error: unknown) => void;
  readonly #asked = new Set<string>();
  #wanted = new Set<string>();
  #running: Promise<void> | undefined;

  constructor(client: PeykClient, state: ClientState, onError: (error: unknown) => void) {
    this.#client = client;
    this.#state = state;
    this.#onError = onError;
  }

  /** Notes the unknown users of an update and fetches them soon. */
  want(update: Update): void {
    for (const id of userIdsOf(update)) {
      if (id && id !== '0' && !this.#asked.has(id) && !this.#state.user(id)) this.#wanted.add(id);
    }
    if (this.#wanted.size > 0 && !this.#running) {
      this.#running = this.#run().finally(() => {
        this.#running = undefined;
      });
    }
  }

  /** Resolves when no fetch is running. */
  async idle(): Promise<void> {
    while (this.#running) await this.#running;
  }

  async #run(): Promise<void> {
    // One microtask later, so that the updates of one frame burst share a request.
    await Promise.resolve();
    while (this.#wanted.size > 0) {
      const userIds = [...this.#wanted];
      this.#wanted = new Set();
      for (const id of userIds) this.#asked.add(id);
      try {
        const { users } = await this.#client.request('getUsers', { userIds });
        this.#state.loadUsers(users);
      } catch (error) {
        this.#onError(error);
      }
    }
  }
}
