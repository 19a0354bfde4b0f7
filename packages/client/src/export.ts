import type { Dialog, Message, User } from '@peyk/protocol';
import type { PeykClient } from './peyk-client.js';
import { fetchAllDialogs } from './state-sync.js';

/** A protocol message as plain JSON: its fields in lowerCamelCase, bytes in base64. */
export type JsonValue = unknown;

/**
 * The protocol's objects turned into plain data (no type names, bytes as base64), so the
 * export is ordinary JSON without carrying the protobuf JSON codec into the app.
 */
function plain(value: unknown): JsonValue {
  return JSON.parse(
    JSON.stringify(value, (key, field) => {
      if (key === '$typeName') return undefined;
      if (field instanceof Uint8Array) return btoa(String.fromCharCode(...field));
      return typeof field === 'bigint' ? String(field) : field;
    }),
  );
}

/** What one export holds: everything the account can see, as plain JSON. */
export interface AccountExport {
  format: 'peyk-export/1';
  exportedAt: string;
  profile: JsonValue;
  sessions: JsonValue[];
  contacts: JsonValue[];
  blocked: JsonValue[];
  chats: { chat: JsonValue; dialog: JsonValue; messages: JsonValue[] }[];
  /** Every person the chats and messages name, by id. */
  users: Record<string, JsonValue>;
}

export interface ExportProgress {
  chatsDone: number;
  chats: number;
}

/**
 * Gathers the signed-in account's data for the person to keep: profile, sessions, contacts,
 * blocks, and every chat with its whole visible history. It uses only ordinary requests, so it
 * sees exactly what the server lets this account see.
 */
export async function exportAccount(
  client: PeykClient,
  onProgress: (progress: ExportProgress) => void = () => {},
): Promise<AccountExport> {
  const self = client.user;
  if (!self) throw new Error('exportAccount: sign in first');
  const [sessions, contacts, blocked, pages] = await Promise.all([
    client.request('listSessions', {}),
    client.request('listContacts', {}),
    client.request('listBlocked', {}),
    fetchAllDialogs(client),
  ]);
  const users = new Map<string, User>();
  const know = (list: readonly User[]) => {
    for (const user of list) users.set(user.id, user);
  };
  know([self, ...contacts.users, ...blocked.users]);
  const dialogs: Dialog[] = [];
  for (const page of pages) {
    dialogs.push(...page.dialogs);
    know(page.users);
  }
  const chats: AccountExport['chats'] = [];
  for (const dialog of dialogs) {
    onProgress({ chatsDone: chats.length, chats: dialogs.length });
    const messages = await wholeHistory(client, dialog.chat?.id ?? '', know);
    chats.push({
      chat: plain(dialog.chat ?? {}),
      dialog: plain({ ...dialog, chat: undefined, lastMessage: undefined }),
      messages: messages.map(plain),
    });
  }
  onProgress({ chatsDone: chats.length, chats: dialogs.length });
  return {
    format: 'peyk-export/1',
    exportedAt: new Date().toISOString(),
    profile: plain(self),
    sessions: sessions.sessions.map(plain),
    contacts: contacts.users.map(plain),
    blocked: blocked.users.map(plain),
    chats,
    users: Object.fromEntries([...users].map(([id, user]) => [id, plain(user)])),
  };
}

/** A chat's messages from the first on, a page at a time, oldest first. */
async function wholeHistory(
  client: PeykClient,
  chatId: string,
  know: (users: readonly User[]) => void,
): Promise<Message[]> {
  const messages: Message[] = [];
  for (let anchorId = 1; ; ) {
    const page = await client.request('getHistory', { chatId, anchorId, before: 0, after: 100 });
    know(page.users);
    const fresh = page.messages.filter((message) => message.id >= anchorId);
    if (fresh.length === 0) return messages;
    messages.push(...fresh);
    anchorId = (fresh.at(-1)?.id ?? anchorId) + 1;
  }
}
