import { fromBinary, toBinary } from '@bufbuild/protobuf';
import { create, DialogListSchema, MessageListSchema, type User, UserSchema } from '@peyk/protocol';
import { cacheGet, cacheSet } from '../lib/cache';
import { ObservableState } from './observable-state';

/** What is kept per account: the dialog list with its users, and recent messages of the first chats. */
interface CachedState {
  version: 1;
  self: Uint8Array;
  dialogs: Uint8Array;
  messages: [chatId: string, list: Uint8Array][];
  savedAt: number;
}

const CHATS_WITH_HISTORY = 30;
const MESSAGES_PER_CHAT = 50;

const key = (userId: string) => `state:${userId}`;

/** Saves the state (binary protobuf: compact and exact). */
export async function saveState(state: ObservableState): Promise<void> {
  const snapshot = state.snapshot();
  const messages: CachedState['messages'] = [];
  for (const dialog of snapshot.dialogs.slice(0, CHATS_WITH_HISTORY)) {
    const chatId = dialog.chat?.id;
    const list = chatId ? snapshot.messages[chatId] : undefined;
    if (!chatId || !list?.length) continue;
    const recent = list.slice(-MESSAGES_PER_CHAT);
    messages.push([chatId, toBinary(MessageListSchema, create(MessageListSchema, { messages: recent }))]);
  }
  const record: CachedState = {
    version: 1,
    self: toBinary(UserSchema, state.self),
    dialogs: toBinary(
      DialogListSchema,
      create(DialogListSchema, { dialogs: snapshot.dialogs, users: snapshot.users }),
    ),
    messages,
    savedAt: Date.now(),
  };
  await cacheSet(key(state.selfId), record);
}

/** The cached state of an account, or undefined when there is none (or it does not decode). */
export async function loadState(userId: string): Promise<ObservableState | undefined> {
  const record = await cacheGet<CachedState>(key(userId));
  if (record?.version !== 1) return undefined;
  try {
    const self: User = fromBinary(UserSchema, record.self);
    const state = new ObservableState(self);
    state.loadDialogs(fromBinary(DialogListSchema, record.dialogs));
    for (const [chatId, bytes] of record.messages) {
      state.loadHistory(chatId, fromBinary(MessageListSchema, bytes));
    }
    return state;
  } catch {
    return undefined;
  }
}
