import { create } from '@bufbuild/protobuf';
import { type ClientFrame, ClientFrameSchema, encodeClientFrame } from '@peyk/protocol';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
      connectionLimits: { requestBurst: 100_000, requestsPerSecond: 100_000, badFrames: 1_000_000 },
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
});
