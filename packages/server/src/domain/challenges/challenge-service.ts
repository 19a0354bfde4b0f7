import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { create } from '@bufbuild/protobuf';
import {
  ErrorCode,
  leadingZeroBits,
  proofInput,
  type SignUpChallenge,
  SignUpChallengeSchema,
} from '@peyk/protocol';
import type { Store } from '../../store/store.js';
import type { Clock } from '../clock.js';
import { DomainError } from '../errors.js';
import { networkOf } from './networks.js';

const HOUR_MS = 60 * 60 * 1000;
const TTL_SECONDS = 300;
/** About 65,000 hashes: a fraction of a second on a phone, a real cost at a thousand accounts. */
const BASE_DIFFICULTY = 16;
/** About 4 million hashes: seconds on a phone; never more, or real people give up. */
const MAX_DIFFICULTY = 22;
const SECRET_SETTING = 'sign-up-challenge-secret';

export interface ChallengeDeps {
  store: Store;
  clock: Clock;
  /** Sign-ups per network and hour before each needs a proof of work (0: always). */
  signUpsPerNetworkBeforeChallenge: number;
}

/**
 * Sign-up protection without third-party services: once a network has made many sign-ups (or
 * code requests) within the hour, each further one must carry a solved proof of work, harder
 * the more the network asks. Challenges are signed (HMAC with a secret every node shares) and
 * stateless until used; each is good once, which the shared counters remember.
 */
export class ChallengeService {
  #secret: Promise<Buffer> | undefined;

  constructor(private readonly deps: ChallengeDeps) {}

  /** A fresh challenge at the difficulty the caller's network needs now. */
  async issue(origin: string): Promise<SignUpChallenge> {
    const { hits } = await this.deps.store.counters.peek(this.counterKey(origin), HOUR_MS, this.nowMs());
    const difficulty = Math.max(BASE_DIFFICULTY, this.difficultyFor(hits + 1));
    const expiresAt = this.deps.clock.now() + TTL_SECONDS;
    const payload = `${randomBytes(12).toString('base64url')}.${expiresAt}.${difficulty}`;
    return create(SignUpChallengeSchema, {
      challenge: `${payload}.${await this.sign(payload)}`,
      difficulty,
      expiresIn: TTL_SECONDS,
    });
  }

  /**
   * Counts a sign-up attempt from the caller's network; past the threshold it must carry a
   * solved challenge, or it is refused with CHALLENGE_REQUIRED / CHALLENGE_INVALID.
   */
  async admit(origin: string, challenge: string, proof: string): Promise<void> {
    const { hits } = await this.deps.store.counters.hit(this.counterKey(origin), HOUR_MS, this.nowMs());
    if (this.difficultyFor(hits) === 0) return;
    if (!challenge) {
      throw new DomainError(
        ErrorCode.CHALLENGE_REQUIRED,
        'Many accounts were made from your network: solve a challenge to go on',
      );
    }
    await this.verify(challenge, proof);
  }

  private async verify(challenge: string, proof: string): Promise<void> {
    const [id = '', expiresAt = '', difficulty = '', signature = ''] = challenge.split('.');
    const payload = `${id}.${expiresAt}.${difficulty}`;
    const expected = Buffer.from(await this.sign(payload));
    const given = Buffer.from(signature);
    if (challenge.length > 200 || given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw invalid('This challenge was not made here');
    }
    if (Number(expiresAt) < this.deps.clock.now()) throw invalid('The challenge has expired: get a new one');
    const digest = createHash('sha256').update(proofInput(challenge, proof)).digest();
    if (proof.length > 64 || leadingZeroBits(digest) < Number(difficulty))
      throw invalid('The proof is wrong');
    const uses = await this.deps.store.counters.hit(`challenge-used:${id}`, TTL_SECONDS * 1000, this.nowMs());
    if (uses.hits > 1) throw invalid('This challenge was used already: get a new one');
  }

  /** 0 below the threshold; then 2 bits more each time the network's count doubles. */
  private difficultyFor(hits: number): number {
    const threshold = this.deps.signUpsPerNetworkBeforeChallenge;
    if (hits <= threshold) return 0;
    if (threshold === 0) return BASE_DIFFICULTY;
    const doublings = Math.floor(Math.log2(hits / threshold));
    return Math.min(MAX_DIFFICULTY, BASE_DIFFICULTY + 2 * doublings);
  }

  private counterKey(origin: string): string {
    return `sign-up:network:${networkOf(origin)}`;
  }

  private nowMs(): number {
    return this.deps.clock.now() * 1000;
  }

  private async sign(payload: string): Promise<string> {
    const secret = await this.secret();
    return createHmac('sha256', secret).update(payload).digest('base64url').slice(0, 32);
  }

  /** Made once for the whole deployment and kept in the store, so every node checks alike. */
  private secret(): Promise<Buffer> {
    this.#secret ??= this.deps.store
      .write((tx) => tx.push.settingOnce(SECRET_SETTING, randomBytes(32).toString('base64url')))
      .then((value) => Buffer.from(value, 'base64url'))
      .catch((error: unknown) => {
        this.#secret = undefined;
        throw error;
      });
    return this.#secret;
  }
}

function invalid(message: string): DomainError {
  return new DomainError(ErrorCode.CHALLENGE_INVALID, message);
}
