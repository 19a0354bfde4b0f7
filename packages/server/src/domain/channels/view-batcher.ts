import type { MessageViewRow } from '../../store/schema.js';
import type { Store } from '../../store/store.js';

/**
 * Counts channel views in batches: the views reported within `intervalMs` (from every viewer on
 * this node) are written in one transaction, one insert for all of them and one update per post,
 * and each reporter is answered once that transaction is durable. A member's view of a post is
 * counted once: the `message_views` key refuses a second, whichever batch or node brings it.
 */
export class ViewBatcher {
  #pending = new Map<string, MessageViewRow>();
  #flush: Promise<void> | undefined;

  constructor(
    private readonly store: Store,
    private readonly intervalMs = 50,
  ) {}

  add(views: readonly MessageViewRow[]): Promise<void> {
    for (const view of views) this.#pending.set(`${view.chat_id}:${view.message_id}:${view.user_id}`, view);
    this.#flush ??= new Promise<void>((resolve) => setTimeout(resolve, this.intervalMs)).then(() => {
      const batch = [...this.#pending.values()];
      this.#pending = new Map();
      this.#flush = undefined;
      return this.#write(batch);
    });
    return this.#flush;
  }

  async #write(batch: MessageViewRow[]): Promise<void> {
    if (batch.length === 0) return;
    await this.store.write(async (tx) => {
      const counts = new Map<string, { chatId: number; messageId: number; count: number }>();
      for (const view of await tx.messages.recordViews(batch)) {
        const key = `${view.chat_id}:${view.message_id}`;
        const entry = counts.get(key) ?? { chatId: view.chat_id, messageId: view.message_id, count: 0 };
        entry.count++;
        counts.set(key, entry);
      }
      for (const { chatId, messageId, count } of counts.values())
        await tx.messages.addViews(chatId, messageId, count);
    });
  }
}
