import { create } from '@bufbuild/protobuf';
import { type ClientFrame, ClientFrameSchema, encodeClientFrame } from '@peyk/protocol';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBot } from './helpers/bots.js';
import { RawClient } from './helpers/raw-client.js';
import { eventually, startTestServer, type TestServer } from './helpers/server.js';
import { storeKinds } from './helpers/stores.js';

const [sqlite] = await storeKinds();

/** Valid frames of many kinds: the seeds the mutations start from. */
function seeds(chatId: string, userId: string): ClientFrame['request'][] {
  return [
    {
      case: 'sendMessage',
      value: { chatId, randomId: '5', text: 'سلام **hi**', entities: [{ type: 1, offset: 0, length: 4 }] },
    },
    { case: 'editMessage', value: { chatId, messageId: 1, text: 'edited' } },
    { case: 'getHistory', value: { chatId, anchorId: 1, before: 5, after: 5 } },
    { case: 'setReaction', value: { chatId, messageId: 1, emoji: '👍' } },
    { case: 'createGroup', value: { title: 'fuzz', memberIds: [userId] } },
    { case: 'getDifference', value: { pts: 0, limit: 10 } },
    { case: 'searchMessages', value: { query: 'سلام', chatId } },
    { case: 'updateProfile', value: { displayName: 'Fuzz', bio: 'b' } },
    { case: 'getDialogs', value: { cursor: 'MDoxOjE', limit: 3 } },
    { case: 'deleteMessages', value: { chatId, messageIds: [1], forEveryone: false } },
  ] as ClientFrame['request'][];
}

const mutation = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), bit: fc.nat({ max: 7 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }),
  }),
  fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat(), length: fc.nat({ max: 16 }) }),
);

type Mutation = {
  kind: 'flip' | 'truncate' | 'insert' | 'duplicate';
  at: number;
  bit?: number;
  bytes?: Uint8Array;
  length?: number;
};

function mutate(bytes: Uint8Array, steps: readonly Mutation[]): Uint8Array {
  let out = Array.from(bytes);
  for (const step of steps) {
    const at = out.length ? step.at % out.length : 0;
    if (step.kind === 'flip' && out.length) out[at] = (out[at] as number) ^ (1 << (step.bit ?? 0));
    if (step.kind === 'truncate') out = out.slice(0, at);
    if (step.kind === 'insert') out.splice(at, 0, ...(step.bytes ?? []));
    if (step.kind === 'duplicate') out.splice(at, 0, ...out.slice(at, at + (step.length ?? 0)));
  }
  return Uint8Array.from(out);
}

describe('mutation fuzzing a live server', () => {
  let server: TestServer;
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  beforeAll(async () => {
    process.on('unhandledRejection', onUnhandled);
    server = await startTestServer(sqlite as never, {
      // Every frame must reach the decoder and the handlers, not the limits.
      connectionLimits: {
        requestBurst: 100_000,
        requestsPerSecond: 100_000,
        badFrames: 1_000_000,
        requestsInFlight: 100_000,
        requestsInFlightPerNode: 100_000,
        requestsPerUser: 100_000,
      },
      botFloodLimits: { perBotPerSecond: 100_000, privateBurst: 100_000 },
    });
  });
  afterAll(async () => {
    process.off('unhandledRejection', onUnhandled);
    await server.stop();
  });

  it('answers or refuses every corrupted frame, never crashes, and keeps serving', async () => {
    const victim = await server.user('fuzz_victim');
    const fuzzer = await server.user('fuzz_attacker');
    const chatId = (await fuzzer.request('openPrivateChat', { userId: victim.user?.id })).id;
    await fuzzer.sendMessage(chatId, 'a message to aim at');
    const raw = await RawClient.connect(server.app.wsUrl);
    const auth = await raw.request(1, {
      case: 'authenticate',
      value: { token: fuzzer.token ?? '' } as never,
    });
    expect(auth.result.case).toBe('auth');

    const frames = seeds(chatId, victim.user?.id ?? '0').map((request, i) =>
      encodeClientFrame(create(ClientFrameSchema, { id: 100 + i, request })),
    );
    const samples = fc.sample(
      fc.tuple(fc.nat({ max: frames.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 4 })),
      {
        numRuns: 1000,
        seed: 20261128,
      },
    );
    for (const [which, steps] of samples) raw.sendBytes(mutate(frames[which] as Uint8Array, steps));
    // Every frame gets an answer (its own id, or 0 when it could not be read).
    await eventually(() => raw.frames.length >= 1 + samples.length, 'an answer to every frame', 60_000);
    expect(raw.closed).toBeUndefined();
    // A server failure (INTERNAL) is a bug the fuzzer found: every refusal must be a stable code.
    const internal = raw.frames.filter(
      (f) =>
        f.frame.case === 'response' &&
        f.frame.value.result.case === 'error' &&
        f.frame.value.result.value.code === 'INTERNAL',
    );
    expect(internal).toEqual([]);

    const health = await fetch(`${server.app.httpUrl}/healthz`);
    expect(health.status).toBe(200);
    const after = await victim.request('getHistory', { chatId, before: 100 });
    expect(after.messages.length).toBeGreaterThan(0);
    const fresh = await server.user('fuzz_after');
    expect(fresh.user?.username).toBe('fuzz_after');
    expect(unhandled).toEqual([]);
  }, 90_000);

  it('answers every corrupted Bot API call in Telegram’s shape, never with a server failure', async () => {
    const owner = await server.user('fuzz_bot_owner');
    const token = await createBot(server, owner, 'fuzz_target_bot');
    const chat = await owner.request('openPrivateChat', { userId: token.split(':')[0] });
    await owner.sendMessage(chat.id, '/start');
    const userId = owner.user?.id;
    const bodies = [
      { method: 'sendMessage', body: { chat_id: userId, text: '<b>hi</b>', parse_mode: 'HTML' } },
      { method: 'sendMessage', body: { chat_id: userId, text: '*hi*', parse_mode: 'MarkdownV2' } },
      {
        method: 'sendMessage',
        body: {
          chat_id: userId,
          text: 'k',
          reply_markup: { inline_keyboard: [[{ text: 'a', callback_data: 'b' }]] },
        },
      },
      { method: 'editMessageText', body: { chat_id: userId, message_id: 1, text: 'e' } },
      { method: 'forwardMessage', body: { chat_id: userId, from_chat_id: userId, message_id: 1 } },
      { method: 'getUpdates', body: { offset: 0, limit: 5, timeout: 0 } },
      { method: 'setMyCommands', body: { commands: [{ command: 'go', description: 'Go' }] } },
    ].map(({ method, body }) => ({ method, bytes: new TextEncoder().encode(JSON.stringify(body)) }));
    const samples = fc.sample(
      fc.tuple(fc.nat({ max: bodies.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 4 })),
      { numRuns: 300, seed: 20261128 },
    );
    const statuses = new Map<number, number>();
    for (const [which, steps] of samples) {
      const seed = bodies[which] as { method: string; bytes: Uint8Array };
      const response = await fetch(`${server.app.httpUrl}/bot${token}/${seed.method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: Buffer.from(mutate(seed.bytes, steps)),
      });
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
      const reply = (await response.json()) as { ok: boolean; error_code?: number; description?: string };
      // Telegram's shape: ok, or a refusal with its code and a description.
      if (!reply.ok)
        expect(reply).toMatchObject({ error_code: response.status, description: expect.any(String) });
    }
    expect([...statuses.keys()].filter((status) => status >= 500)).toEqual([]);
    // Some calls survived their mutations and ran, the rest were refused: both paths were taken.
    expect(statuses.get(200)).toBeGreaterThan(0);
    expect(statuses.get(400)).toBeGreaterThan(0);
    expect((await fetch(`${server.app.httpUrl}/healthz`)).status).toBe(200);
    expect(unhandled).toEqual([]);
  }, 90_000);
});
