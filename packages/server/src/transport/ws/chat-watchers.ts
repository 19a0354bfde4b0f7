import type { Bus, Subscription } from '../../bus/bus.js';
import { subjects } from '../../bus/subjects.js';
import { updateFrame } from './frames.js';

/** Writes one encoded ServerFrame to a connection's socket. */
export type FrameSink = (frame: Uint8Array) => void;

/**
 * The large chats (channels, supergroups) this node's connections watch. The node subscribes to a
 * chat's subject once, for all of its connections that watch the chat, and frames each update
 * once before writing it to every one of their sockets: a post costs a node one bus message and
 * one frame, whatever the number of its members connected here.
 */
export class ChatWatchers {
  private readonly chats = new Map<number, { subscription: Subscription; sinks: Set<FrameSink> }>();

  constructor(private readonly bus: Bus) {}

  watch(chatId: number, sink: FrameSink): void {
    let chat = this.chats.get(chatId);
    if (!chat) {
      const sinks = new Set<FrameSink>();
      const subscription = this.bus.subscribe(subjects.chat(chatId), (update) => {
        const frame = updateFrame(update);
        for (const send of sinks) send(frame);
      });
      chat = { subscription, sinks };
      this.chats.set(chatId, chat);
    }
    chat.sinks.add(sink);
  }

  unwatch(chatId: number, sink: FrameSink): void {
    const chat = this.chats.get(chatId);
    if (!chat?.sinks.delete(sink) || chat.sinks.size > 0) return;
    chat.subscription.unsubscribe();
    this.chats.delete(chatId);
  }

  /** How many of this node's connections watch the chat (0 when none: no subscription is held). */
  watchers(chatId: number): number {
    return this.chats.get(chatId)?.sinks.size ?? 0;
  }
}
