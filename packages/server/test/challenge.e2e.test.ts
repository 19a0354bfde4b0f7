import { type PeykClient, solveChallenge } from '@peyk/client';
import { ErrorCode } from '@peyk/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { PASSWORD, startTestServer, type TestServer } from './helpers/server.js';
import { storeKinds } from './helpers/stores.js';

const kinds = await storeKinds();

/** A WebSocket whose connections come from 127.0.<network>.1: each test its own /24 network. */
function socketFrom(network: number) {
  return class extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, { localAddress: `127.0.${network}.1` });
    }
  };
}

describe.each(kinds)('sign-up challenge on $name', (kind) => {
  let server: TestServer;
  const clock = { seconds: 1_800_000_000, now: () => clock.seconds };
  beforeAll(async () => {
    server = await startTestServer(kind, { accountLimits: { signUpsPerNetworkBeforeChallenge: 2 }, clock });
  });
  afterAll(async () => {
    await server.stop();
  });

  /** Helpers bound to one network. */
  const on = (network: number) => {
    const client = (): Promise<PeykClient> => server.client({ WebSocket: socketFrom(network) as never });
    return {
      client,
      async signUp(username: string, answer: { challenge?: string; proof?: string } = {}) {
        const request = { username, password: PASSWORD, displayName: username, deviceName: 't', ...answer };
        return (await client()).request('signUp', request).then(
          (auth) => auth.user?.username,
          (error: { code: string }) => error.code,
        );
      },
      async challenge() {
        return (await client()).request('getSignUpChallenge', {});
      },
    };
  };
  const exists = async (username: string) =>
    (await server.app.store.read.accounts.userByUsername(username)) !== undefined;

  it('lets the first sign-ups of a network in, then asks each for a proof and creates nothing without', async () => {
    const net = on(1);
    expect(await net.signUp('first_one')).toBe('first_one');
    expect(await net.signUp('second_one')).toBe('second_one');
    expect(await net.signUp('third_one')).toBe(ErrorCode.CHALLENGE_REQUIRED);
    expect(await exists('third_one')).toBe(false);
    // Another network is not held back by this one.
    expect(await on(9).signUp('elsewhere_one')).toBe('elsewhere_one');
    const { challenge, difficulty } = await net.challenge();
    expect(difficulty).toBeGreaterThanOrEqual(16);
    const proof = await solveChallenge(challenge, difficulty);
    expect(await net.signUp('third_one', { challenge, proof })).toBe('third_one');
  }, 60_000);

  it('refuses wrong, forged, reused and expired answers, changing nothing', async () => {
    const net = on(2);
    await net.signUp('net_two_a');
    await net.signUp('net_two_b');
    const issued = await net.challenge();
    const proof = await solveChallenge(issued.challenge, issued.difficulty);
    expect(await net.signUp('wrong_proof', { challenge: issued.challenge, proof: `${proof}~` })).toBe(
      ErrorCode.CHALLENGE_INVALID,
    );
    // An easier challenge made up by the client: its signature does not match.
    const [id, expires, , signature] = issued.challenge.split('.');
    const forged = `${id}.${expires}.1.${signature}`;
    expect(
      await net.signUp('forged_one', { challenge: forged, proof: await solveChallenge(forged, 1) }),
    ).toBe(ErrorCode.CHALLENGE_INVALID);
    expect(await net.signUp('honest_one', { challenge: issued.challenge, proof })).toBe('honest_one');
    // Good once.
    expect(await net.signUp('replayed_one', { challenge: issued.challenge, proof })).toBe(
      ErrorCode.CHALLENGE_INVALID,
    );
    // Good until it expires.
    const late = await net.challenge();
    const lateProof = await solveChallenge(late.challenge, late.difficulty);
    clock.seconds += late.expiresIn + 1;
    expect(await net.signUp('late_one', { challenge: late.challenge, proof: lateProof })).toBe(
      ErrorCode.CHALLENGE_INVALID,
    );
    for (const name of ['wrong_proof', 'forged_one', 'replayed_one', 'late_one']) {
      expect(await exists(name), name).toBe(false);
    }
  }, 60_000);

  it('asks more work as the network keeps asking, and the SDK solves it by itself', async () => {
    const net = on(3);
    const before = (await net.challenge()).difficulty;
    for (let i = 0; i < 3; i++) await net.signUp(`pusher_${i}`);
    const after = (await net.challenge()).difficulty;
    expect(after).toBeGreaterThan(before);
    expect(after).toBeLessThanOrEqual(22);

    const heard: number[] = [];
    const auth = await (await net.client()).signUp(
      { username: 'patient_one', password: PASSWORD, displayName: 'Patient' },
      { onChallenge: (difficulty) => heard.push(difficulty) },
    );
    expect(auth.user?.username).toBe('patient_one');
    expect(heard).toEqual([after]);
  }, 60_000);

  it('challenges code requests like sign-ups', async () => {
    const net = on(4);
    const client = await net.client();
    for (const phone of ['+989120000001', '+989120000002']) await client.sendPhoneCode(phone);
    const sentBefore = server.sms.sent.length;
    await expect(client.request('sendPhoneCode', { phone: '+989121111111' })).rejects.toMatchObject({
      code: ErrorCode.CHALLENGE_REQUIRED,
    });
    expect(server.sms.sent).toHaveLength(sentBefore);
    expect((await client.sendPhoneCode('+989121111111')).codeLength).toBe(5);
    expect(server.sms.sent).toHaveLength(sentBefore + 1);
  }, 60_000);
});
