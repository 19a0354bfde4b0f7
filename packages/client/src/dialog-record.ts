import type { Chat } from '@peyk/protocol';
import type { ChatHistory } from './chat-history.js';

/** One dialog as `ClientState` keeps it: `Dialog` with the last message held by id. */
export interface DialogRecord {
  chat: Chat;
  /** 0 when no visible message is known. */
  lastMessageId: number;
  unreadCount: number;
  unreadMentionsCount: number;
  readInboxMaxId: number;
  readOutboxMaxId: number;
  pinned: boolean;
  muted: boolean;
  lastActivity: number;
  /** Made by an update, not a fetch: its read pointer is set by the first message (see README). */
  awaitingFirstMessage: boolean;
}

/** The dialog of a chat that an update brought (no fetch has described it yet). */
export function newDialogRecord(chat: Chat, lastActivity: number): DialogRecord {
  return {
    chat,
    lastMessageId: 0,
    unreadCount: 0,
    unreadMentionsCount: 0,
    readInboxMaxId: 0,
    readOutboxMaxId: 0,
    pinned: false,
    muted: false,
    lastActivity,
    awaitingFirstMessage: true,
  };
}

/**
 * Moves the read pointer forward (never back) and the unread counts with it: recounted from
 * the loaded messages when everything above the pointer is loaded, else decreased by the loaded
 * messages it passed (the best the client can know).
 */
export function moveReadInbox(
  dialog: DialogRecord,
  history: ChatHistory,
  maxId: number,
  selfId: string,
): void {
  if (maxId <= dialog.readInboxMaxId) return;
  if (history.isCompleteAbove(maxId)) {
    const counts = history.countIncoming(selfId, maxId);
    dialog.unreadCount = counts.unread;
    dialog.unreadMentionsCount = counts.mentions;
  } else {
    const read = history.countIncoming(selfId, dialog.readInboxMaxId, maxId);
    dialog.unreadCount = Math.max(0, dialog.unreadCount - read.unread);
    dialog.unreadMentionsCount = Math.max(0, dialog.unreadMentionsCount - read.mentions);
  }
  dialog.readInboxMaxId = maxId;
}
