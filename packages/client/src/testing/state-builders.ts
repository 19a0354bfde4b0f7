// Test support: builders for ClientState tests (one user, a private chat and a group).
import {
  ChatKind,
  create,
  type Dialog,
  DialogListSchema,
  DialogSchema,
  type Message,
  MessageListSchema,
  MessageSchema,
  type Update,
  UpdateSchema,
  UserSchema,
} from '@peyk/protocol';
import { ClientState, type HistoryRange } from '../client-state.js';

export type MessageInit = NonNullable<Parameters<typeof create<typeof MessageSchema>>[1]>;
export type DialogInit = NonNullable<Parameters<typeof create<typeof DialogSchema>>[1]>;
export type UpdateInit = NonNullable<Parameters<typeof create<typeof UpdateSchema>>[1]>;

export const ME = '1';
export const BOB = '2';
export const CAROL = '3';
export const me = create(UserSchema, { id: ME, username: 'alice', isSelf: true, updatedAt: 1 });
export const bob = create(UserSchema, { id: BOB, username: 'bob', updatedAt: 1 });
export const PRIVATE = '7';
export const GROUP = '20';
export const privateChat = { id: PRIVATE, kind: ChatKind.PRIVATE, peerUserId: BOB, memberCount: 2 };
export const groupChat = { id: GROUP, kind: ChatKind.GROUP, title: 'Team', memberCount: 3 };

export function msg(chatId: string, id: number, senderId: string, extra: MessageInit = {}): Message {
  return create(MessageSchema, { chatId, id, senderId, date: 100 + id, text: `m${id}`, ...extra });
}

export function dialog(init: DialogInit): Dialog {
  return create(DialogSchema, init);
}

/** A state loaded fresh from dialogs and, optionally, history pages. */
export function load(dialogs: Dialog[], histories: [string, Message[], HistoryRange?][] = []): ClientState {
  const state = new ClientState(me);
  state.loadDialogs(create(DialogListSchema, { dialogs, users: [me, bob] }));
  for (const [chatId, messages, range] of histories) {
    state.loadHistory(chatId, create(MessageListSchema, { messages }), range);
  }
  return state;
}

export function upd(pts: number, kind: UpdateInit['kind']): Update {
  return create(UpdateSchema, { pts, date: 500 + pts, kind });
}

export function applyAll(state: ClientState, updates: Update[]): ClientState {
  for (const update of updates) state.apply(update);
  return state;
}

export const newest = (before: number): HistoryRange => ({ anchorId: 0, before, after: 0 });
