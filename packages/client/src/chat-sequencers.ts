import { type Chat, ChatKind, type Difference, type State, type Update } from '@peyk/protocol';
import { UpdateSequencer } from './update-sequencer.js';

/** What the per-chat sequencers need from their owner. */
export interface ChatSequencersHooks {
  /** Calls `get_chat_difference { chat_id, pts }`. */
  fetchDifference(chatId: string, pts: number): Promise<Difference>;
  /** Delivers one update of a large chat: in that chat's pts order, each exactly once. */
  deliver(update: Update): void;
  /** The client was too far behind in this chat: reload its history. */
  reset(chatId: string, state: State): void;
  /** A difference fetch failed; the owner decides when to call `resync(chatId)` again. */
  syncFailed(chatId: string, error: unknown): void;
}

/** Channels and supergroups: synced per chat, by the chat's own pts. */
export function isLargeChat(chat: Pick<Chat, 'kind'> | undefined): boolean {
  return chat?.kind === ChatKind.CHANNEL || chat?.kind === ChatKind.SUPERGROUP;
}

/**
 * The update sequences of large chats (channels, supergroups), one `UpdateSequencer` per chat:
 * the same pts rules as the user's own sequence, with gaps filled by `get_chat_difference`.
 * Updates of a chat whose pts is not known yet are held until `track` gives it.
 */
export class ChatSequencers {
  readonly #hooks: ChatSequencersHooks;
  readonly #byChat = new Map<string, UpdateSequencer>();
  #holding = false;

  constructor(hooks: ChatSequencersHooks) {
    this.#hooks = hooks;
  }

  /** The chat pts of the last update delivered for each tracked chat: save it to resume. */
  get state(): Record<string, number> {
    const state: Record<string, number> = {};
    for (const [chatId, sequencer] of this.#byChat) {
      if (sequencer.pts !== undefined) state[chatId] = sequencer.pts;
    }
    return state;
  }

  pts(chatId: string): number | undefined {
    return this.#byChat.get(chatId)?.pts;
  }

  /**
   * Follows the chat from `pts` (from a `chat_updated` or a fresh dialog list) unless it is
   * followed already: a snapshot never moves a followed chat past updates not yet delivered.
   * `catchUp`: the pts may be old (a `chat_updated` replayed from the difference after a time
   * away), so the chat's difference is fetched at once rather than on the next push.
   */
  track(chatId: string, pts: number, catchUp = false): void {
    const sequencer = this.#sequencer(chatId);
    if (sequencer.pts !== undefined) return;
    sequencer.setState(pts);
    if (catchUp) void sequencer.resync();
  }

  /** The user left the chat: its sequence is forgotten. */
  untrack(chatId: string): void {
    this.#byChat.get(chatId)?.clear();
    this.#byChat.delete(chatId);
  }

  push(update: Update): void {
    this.#sequencer(update.sequenceChatId).push(update);
  }

  /** Holds pushed updates until the next `resyncAll()`: a reconnect is under way. */
  hold(): void {
    this.#holding = true;
    for (const sequencer of this.#byChat.values()) sequencer.hold();
  }

  /** Catches up every tracked chat (after a reconnect). */
  async resyncAll(): Promise<void> {
    this.#holding = false;
    await Promise.all([...this.#byChat.values()].map((sequencer) => sequencer.resync()));
  }

  resync(chatId: string): Promise<void> {
    return this.#byChat.get(chatId)?.resync() ?? Promise.resolve();
  }

  /** Forgets every chat (sign-out, or a fresh sign-in). */
  clear(): void {
    for (const sequencer of this.#byChat.values()) sequencer.clear();
    this.#byChat.clear();
    this.#holding = false;
  }

  #sequencer(chatId: string): UpdateSequencer {
    let sequencer = this.#byChat.get(chatId);
    if (!sequencer) {
      sequencer = new UpdateSequencer({
        fetchDifference: (pts) => this.#hooks.fetchDifference(chatId, pts),
        deliver: (update) => this.#hooks.deliver(update),
        reset: (state) => this.#hooks.reset(chatId, state),
        syncFailed: (error) => this.#hooks.syncFailed(chatId, error),
      });
      this.#byChat.set(chatId, sequencer);
      if (this.#holding) sequencer.hold();
    }
    return sequencer;
  }
}
