import { inspect, isDeepStrictEqual } from 'node:util';
import { EntityType } from '@peyk/protocol';
import { WebSocket } from 'ws';
import { ClientState, fetchAllDialogs, PeykClient, syncClientState } from './src/index.ts';

const url = 'ws://127.0.0.1:18765/ws';
const mk = () => new PeykClient({ url, WebSocket, requestTimeoutMs: 5000 });
const sfx = Date.now().toString(36);
const [a, b, c] = [mk(), mk(), mk()];
await Promise.all([a.connect(), b.connect(), c.connect()]);
const A = await a.signUp({ username: `al_${sfx}`, password: 'password123', displayName: 'Al' });
const B = await b.signUp({ username: `bo_${sfx}`, password: 'password123', displayName: 'Bo' });
const C = await c.signUp({ username: `ca_${sfx}`, password: 'password123', displayName: 'Ca' });
const pchat = await b.request('openPrivateChat', { userId: A.user!.id });
await b.sendMessage(pchat.id, 'hello');
await new Promise((r) => setTimeout(r, 200));

const stale = new ClientState(A.user!);
const stop = await syncClientState(a, stale, { historyPerChat: 100 });

const m2 = await b.sendMessage(pchat.id, `hi @AL_${sfx}`, {
  entities: [{ type: EntityType.MENTION, offset: 3, length: 4 + sfx.length }],
});
const m3 = await b.sendMessage(pchat.id, 'third');
await a.request('readHistory', { chatId: pchat.id, maxId: m2.id });
await b.request('editMessage', { chatId: pchat.id, messageId: m3.id, text: 'third, edited' });
const m4 = await b.sendMessage(pchat.id, 'fourth');
await b.request('deleteMessages', { chatId: pchat.id, messageIds: [m4.id], forEveryone: true });
await a.request('setReaction', { chatId: pchat.id, messageId: m2.id, emoji: '👍' });
const group = await c.request('createGroup', { title: 'Team', memberIds: [A.user!.id, B.user!.id] });
await c.sendMessage(group.id, 'welcome');
await b.sendMessage(group.id, 'reply to nothing');
await a.sendMessage(group.id, 'thanks');
await c.sendMessage(group.id, 'after');
await a.request('setDialogPinned', { chatId: pchat.id, pinned: true });
await a.request('setDialogMuted', { chatId: group.id, muted: true });
await b.request('readHistory', { chatId: group.id, maxId: 100 });
await new Promise((r) => setTimeout(r, 500));
stop();

const fresh = new ClientState(a.user!);
const stop2 = await syncClientState(a, fresh, { historyPerChat: 100 });
stop2();
const s1 = stale.snapshot(),
  s2 = fresh.snapshot();
for (const key of ['dialogs', 'messages', 'members', 'users'] as const) {
  const eq = isDeepStrictEqual(s1[key], s2[key]);
  console.log(key, eq ? 'EQUAL' : 'DIFFERENT');
  if (!eq) {
    console.log('stale:', inspect(s1[key], { depth: 6 }));
    console.log('fresh:', inspect(s2[key], { depth: 6 }));
  }
}
console.log('pts', a.pts);
a.close();
b.close();
c.close();
