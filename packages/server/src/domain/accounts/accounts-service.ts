import { createHash, randomBytes, randomInt } from 'node:crypto';
import { create } from '@bufbuild/protobuf';
import {
  type AuthResult,
  AuthResultSchema,
  ErrorCode,
  Limits,
  type PhoneCodeSent,
  PhoneCodeSentSchema,
  type Session,
  SessionSchema,
} from '@peyk/protocol';
import type { Bus } from '../../bus/bus.js';
import { subjects } from '../../bus/subjects.js';
import type { UserRow } from '../../store/schema.js';
import type { Repositories, Store } from '../../store/store.js';
import type { Caller } from '../caller.js';
import type { ChallengeService } from '../challenges/challenge-service.js';
import type { Clock } from '../clock.js';
import { DomainError } from '../errors.js';
import { wireId } from '../ids.js';
import type { PeopleService } from '../people/people-service.js';
import { type OnlineCheck, viewUser } from '../people/user-view.js';
import type { SyncService } from '../updates/sync-service.js';
import { cleanText } from '../validate.js';
import { decoyHash, hashPassword, verifyPassword } from './passwords.js';
import { RateLimiter } from './rate-limiter.js';
import type { SessionTouches } from './session-touches.js';
import type { SmsProvider } from './sms-provider.js';
import { hashToken, newSessionToken } from './tokens.js';
import { normalizeUsername, requireUsernameFree } from './usernames.js';

const PHONE = /^\+[1-9]\d{6,14}$/;
const PHONE_CODE_TTL = 300;
const PHONE_CODE_TRIES = 5;
const MINUTE = 60_000;
/**
 * A session's last activity is kept to the minute: a client that reconnects within a minute of
 * its last sign-in (a dropped network, a node that went away) costs no write at all.
 */
const SESSION_TOUCH_SECONDS = 60;

/** Attempts allowed per window; operators tune them to their users' networks (carrier NAT!). */
export interface AccountLimits {
  failedSignInsPerAccount: number;
  failedSignInsPerOrigin: number;
  signUpsPerOriginHour: number;
  codesPerPhoneHour: number;
  /** Sign-ups (and code requests) per network and hour before each needs a proof of work. */
  signUpsPerNetworkBeforeChallenge: number;
}

export const defaultAccountLimits: AccountLimits = {
  failedSignInsPerAccount: 10,
  failedSignInsPerOrigin: 50,
  signUpsPerOriginHour: 200,
  codesPerPhoneHour: 5,
  signUpsPerNetworkBeforeChallenge: 20,
};

export interface AccountsDeps {
  limits: AccountLimits;
  store: Store;
  bus: Bus;
  clock: Clock;
  sms: SmsProvider;
  online: OnlineCheck;
  sync: SyncService;
  challenges: ChallengeService;
  people: PeopleService;
  /** Where sign-ins note their session's last activity (written behind them). */
  sessionTouches: SessionTouches;
}

export interface SignUpInput {
  username: string;
  password: string;
  displayName: string;
  deviceName: string;
  /** A solved sign-up challenge, once the caller's network needs one (ChallengeService). */
  challenge?: string;
  proof?: string;
}

/** A solved sign-up challenge; empty strings when none was needed. */
export interface ChallengeAnswer {
  challenge: string;
  proof: string;
}

interface NewAccount {
  username: string;
  displayName: string;
  passwordHash: string;
  now: number;
}

export interface SignInInput {
  username: string;
  password: string;
  deviceName: string;
  secondFactor: string;
}

export interface PhoneSignInInput {
  phone: string;
  codeId: string;
  code: string;
  deviceName: string;
  displayName: string;
  secondFactor: string;
}

/** Sign-up, sign-in, sessions and second factor. `origin` is the client's address, for rate limits. */
export class AccountsService {
  private readonly failedSignInsByAccount: RateLimiter;
  private readonly failedSignInsByOrigin: RateLimiter;
  private readonly signUpsByOrigin: RateLimiter;
  private readonly codesByPhone: RateLimiter;

  constructor(private readonly deps: AccountsDeps) {
    const { limits } = deps;
    const limiter = (name: string, limit: number, windowMs: number) =>
      new RateLimiter(name, limit, windowMs, deps.store.counters, () => deps.clock.now() * 1000);
    this.failedSignInsByAccount = limiter(
      'sign-in-fail:account',
      limits.failedSignInsPerAccount,
      15 * MINUTE,
    );
    this.failedSignInsByOrigin = limiter('sign-in-fail:origin', limits.failedSignInsPerOrigin, 15 * MINUTE);
    this.signUpsByOrigin = limiter('sign-up:origin', limits.signUpsPerOriginHour, 60 * MINUTE);
    this.codesByPhone = limiter('phone-code:phone', limits.codesPerPhoneHour, 60 * MINUTE);
  }

  async signUp(input: SignUpInput, origin: string): Promise<AuthResult> {
    // Counted before the password is hashed: every attempt costs the attacker, not the server.
    refuseIfWaiting(await this.signUpsByOrigin.take(origin));
    await this.deps.challenges.admit(origin, input.challenge ?? '', input.proof ?? '');
    const account = await this.prepareAccount(input);
    const token = newSessionToken();
    const { user, sessionId } = await this.deps.store.write(async (tx) => {
      const user = await this.createAccount(tx, account);
      const device = deviceName(input.deviceName);
      const session = await tx.accounts.createSession(user.id, hashToken(token), device, account.now);
      return { user, sessionId: session.id };
    });
    return this.authResult(token, user, sessionId);
  }

  /** Creates an account without signing in: the operator's `peyk user create`. */
  async register(input: Omit<SignUpInput, 'deviceName'>): Promise<UserRow> {
    const account = await this.prepareAccount(input);
    return this.deps.store.write((tx) => this.createAccount(tx, account));
  }

  async signIn(input: SignInInput, origin: string): Promise<AuthResult> {
    const username = input.username.trim().replace(/^@/, '').toLowerCase();
    await throttle(this.failedSignInsByAccount, username);
    await throttle(this.failedSignInsByOrigin, origin);
    if (input.password.length > Limits.passwordMax) throw invalidCredentials();
    const user = await this.deps.store.read.accounts.userByUsername(username);
    const valid = await verifyPassword(user?.password_hash ?? (await decoyHash()), input.password);
    if (!user?.password_hash || !valid) {
      await this.failedSignInsByAccount.hit(username);
      await this.failedSignInsByOrigin.hit(origin);
      throw invalidCredentials();
    }
    await this.checkSecondFactor(user, input.secondFactor, username, origin);
    await this.failedSignInsByAccount.reset(username);
    return this.openSession(user, input.deviceName);
  }

  async sendPhoneCode(rawPhone: string, origin: string, answer: ChallengeAnswer): Promise<PhoneCodeSent> {
    const phone = requirePhone(rawPhone);
    await throttle(this.signUpsByOrigin, origin);
    // Each text costs money and may create an account: counted and challenged like sign-ups.
    await this.deps.challenges.admit(origin, answer.challenge, answer.proof);
    refuseIfWaiting(await this.codesByPhone.take(phone));
    const code = String(randomInt(0, 100_000)).padStart(5, '0');
    const codeId = randomBytes(16).toString('base64url');
    const now = this.deps.clock.now();
    await this.deps.store.write(async (tx) => {
      await tx.accounts.deleteExpiredPhoneCodes(now);
      await tx.accounts.createPhoneCode({
        id: codeId,
        phone,
        code_hash: hashCode(codeId, code),
        expires_at: now + PHONE_CODE_TTL,
        attempts: 0,
      });
    });
    await this.deps.sms.send(phone, `Your Peyk code: ${code}. Do not give it to anyone.`);
    return create(PhoneCodeSentSchema, { codeId, expiresIn: PHONE_CODE_TTL, codeLength: 5 });
  }

  async signInWithPhone(input: PhoneSignInInput, origin: string): Promise<AuthResult> {
    const phone = requirePhone(input.phone);
    await throttle(this.failedSignInsByOrigin, origin);
    const now = this.deps.clock.now();
    const stored = await this.deps.store.read.accounts.phoneCode(input.codeId);
    if (!stored || stored.phone !== phone) throw new DomainError(ErrorCode.PHONE_CODE_INVALID, 'Wrong code');
    if (stored.expires_at < now || stored.attempts >= PHONE_CODE_TRIES) {
      throw new DomainError(ErrorCode.PHONE_CODE_EXPIRED, 'The code has expired: ask for a new one');
    }
    if (hashCode(stored.id, input.code.trim()) !== stored.code_hash) {
      await this.deps.store.write((tx) => tx.accounts.countPhoneCodeAttempt(stored.id));
      await this.failedSignInsByOrigin.hit(origin);
      throw new DomainError(ErrorCode.PHONE_CODE_INVALID, 'Wrong code');
    }
    const existing = await this.deps.store.read.accounts.userByPhone(phone);
    if (existing) {
      await this.checkSecondFactor(existing, input.secondFactor, phone, origin);
      await this.deps.store.write((tx) => tx.accounts.deletePhoneCode(stored.id));
      return this.openSession(existing, input.deviceName);
    }
    if (!input.displayName.trim()) {
      throw new DomainError(
        ErrorCode.SIGN_UP_REQUIRED,
        'This number has no account yet: give a display name',
      );
    }
    const displayName = requireDisplayName(input.displayName);
    const token = newSessionToken();
    const { user, sessionId } = await this.deps.store.write(async (tx) => {
      if (!(await tx.accounts.phoneCode(stored.id)))
        throw new DomainError(ErrorCode.PHONE_CODE_EXPIRED, 'Code used');
      await tx.accounts.deletePhoneCode(stored.id);
      const user = await tx.accounts.createUser({
        username: null,
        phone,
        displayName,
        passwordHash: null,
        now,
      });
      const session = await tx.accounts.createSession(
        user.id,
        hashToken(token),
        deviceName(input.deviceName),
        now,
      );
      return { user, sessionId: session.id };
    });
    return this.authResult(token, user, sessionId);
  }

  /** Binds a connection to the session of `token`. */
  async authenticate(token: string): Promise<{ caller: Caller; result: AuthResult }> {
    const session = token
      ? await this.deps.store.read.accounts.sessionByTokenHash(hashToken(token))
      : undefined;
    const user = session && (await this.deps.store.read.accounts.userById(session.user_id));
    if (!session || !user) throw new DomainError(ErrorCode.AUTH_TOKEN_INVALID, 'The session is not valid');
    const now = this.deps.clock.now();
    if (now - session.last_active_at >= SESSION_TOUCH_SECONDS) this.deps.sessionTouches.note(session.id, now);
    return {
      caller: { userId: user.id, sessionId: session.id },
      result: await this.authResult('', user, session.id),
    };
  }

  async listSessions(caller: Caller): Promise<Session[]> {
    const rows = await this.deps.store.read.accounts.sessionsOf(caller.userId);
    return rows.map((row) =>
      create(SessionSchema, {
        id: wireId(row.id),
        deviceName: row.device_name,
        createdAt: row.created_at,
        lastActiveAt: row.last_active_at,
        current: row.id === caller.sessionId,
      }),
    );
  }

  async signOut(caller: Caller): Promise<void> {
    await this.endSessions(caller.userId, [caller.sessionId]);
  }

  async revokeSession(caller: Caller, sessionId: number): Promise<void> {
    const ended = await this.endSessions(caller.userId, [sessionId]);
    if (ended.length === 0) throw new DomainError(ErrorCode.SESSION_NOT_FOUND, 'No such session');
  }

  async revokeOtherSessions(caller: Caller): Promise<void> {
    const sessions = await this.deps.store.read.accounts.sessionsOf(caller.userId);
    await this.endSessions(
      caller.userId,
      sessions.map((s) => s.id).filter((id) => id !== caller.sessionId),
    );
  }

  async setSecondFactor(caller: Caller, current: string, next: string): Promise<void> {
    const user = await this.deps.store.read.accounts.userById(caller.userId);
    if (!user) throw new DomainError(ErrorCode.AUTH_TOKEN_INVALID, 'The session is not valid');
    if (user.second_factor_hash && !(await verifyPassword(user.second_factor_hash, current))) {
      throw new DomainError(ErrorCode.SECOND_FACTOR_INVALID, 'The current second-factor password is wrong');
    }
    if (next) requirePasswordShape(next);
    const hash = next ? await hashPassword(next) : null;
    await this.deps.store.write((tx) =>
      tx.accounts.updateUser(caller.userId, { second_factor_hash: hash, updated_at: this.deps.clock.now() }),
    );
  }

  private async prepareAccount(input: Omit<SignUpInput, 'deviceName'>): Promise<NewAccount> {
    const username = normalizeUsername(input.username);
    const displayName = requireDisplayName(input.displayName);
    requirePasswordShape(input.password);
    await requireUsernameFree(this.deps.store.read, username, { userId: 0 });
    return {
      username,
      displayName,
      passwordHash: await hashPassword(input.password),
      now: this.deps.clock.now(),
    };
  }

  private async createAccount(tx: Repositories, account: NewAccount): Promise<UserRow> {
    await requireUsernameFree(tx, account.username, { userId: 0 });
    return tx.accounts.createUser({ ...account, phone: null });
  }

  /**
   * Deletes the caller's account once its password (and second factor) is given again: every
   * session ends (its devices are told at once), and the profile, username, phone, password,
   * contacts and blocks are erased. Messages stay where they were, from a deleted account.
   */
  async deleteAccount(
    caller: Caller,
    input: { password: string; secondFactor: string },
    origin: string,
  ): Promise<void> {
    const account = `id:${caller.userId}`;
    await throttle(this.failedSignInsByAccount, account);
    const user = await this.deps.store.read.accounts.userById(caller.userId);
    if (!user) throw new DomainError(ErrorCode.AUTH_TOKEN_INVALID, 'The session is not valid');
    // An account made with a phone code has no password: its signed-in session is the proof.
    if (user.password_hash) {
      const valid =
        input.password.length <= Limits.passwordMax &&
        (await verifyPassword(user.password_hash, input.password));
      if (!valid) {
        await this.failedSignInsByAccount.hit(account);
        throw invalidCredentials();
      }
    }
    await this.checkSecondFactor(user, input.secondFactor, account, origin);
    const ended = await this.deps.people.erase(caller, async (tx) => {
      const sessions = await tx.accounts.sessionsOf(caller.userId);
      return this.deleteSessions(
        tx,
        caller.userId,
        sessions.map((session) => session.id),
      );
    });
    this.announceEnded(ended);
  }

  private async endSessions(userId: number, sessionIds: number[]): Promise<number[]> {
    const ended = await this.deps.store.write((tx) => this.deleteSessions(tx, userId, sessionIds));
    this.announceEnded(ended);
    return ended;
  }

  private async deleteSessions(tx: Repositories, userId: number, sessionIds: number[]): Promise<number[]> {
    const deleted = await tx.accounts.deleteSessions(userId, sessionIds);
    // A signed-out device must not keep receiving the account's messages.
    await tx.push.removeForSessions(deleted);
    return deleted;
  }

  /** Each ended session's live connections close (the gateway listens on its subject). */
  private announceEnded(sessionIds: readonly number[]): void {
    for (const id of sessionIds) this.deps.bus.publish(subjects.session(id), new Uint8Array());
  }

  private async checkSecondFactor(
    user: UserRow,
    given: string,
    account: string,
    origin: string,
  ): Promise<void> {
    if (!user.second_factor_hash) return;
    if (!given)
      throw new DomainError(
        ErrorCode.SECOND_FACTOR_REQUIRED,
        'This account needs its second-factor password',
      );
    if (given.length > Limits.passwordMax || !(await verifyPassword(user.second_factor_hash, given))) {
      await this.failedSignInsByAccount.hit(account);
      await this.failedSignInsByOrigin.hit(origin);
      throw new DomainError(ErrorCode.SECOND_FACTOR_INVALID, 'The second-factor password is wrong');
    }
  }

  private async openSession(user: UserRow, device: string): Promise<AuthResult> {
    const token = newSessionToken();
    const session = await this.deps.store.write((tx) =>
      tx.accounts.createSession(user.id, hashToken(token), deviceName(device), this.deps.clock.now()),
    );
    return this.authResult(token, user, session.id);
  }

  private async authResult(token: string, user: UserRow, sessionId: number): Promise<AuthResult> {
    const caller = { userId: user.id, sessionId };
    return create(AuthResultSchema, {
      token,
      user: await viewUser(this.deps.store.read, this.deps.online, user.id, user),
      sessionId: wireId(sessionId),
      state: await this.deps.sync.state(caller),
    });
  }
}

async function throttle(limiter: RateLimiter, key: string): Promise<void> {
  refuseIfWaiting(await limiter.retryAfter(key));
}

function refuseIfWaiting(wait: number): void {
  if (wait > 0)
    throw new DomainError(ErrorCode.FLOOD_WAIT, `Too many attempts: try again in ${wait} s`, wait);
}

function hashCode(codeId: string, code: string): string {
  return createHash('sha256').update(`${codeId}:${code}`).digest('hex');
}

function requirePhone(raw: string): string {
  const phone = raw.replace(/[\s()-]/g, '');
  if (!PHONE.test(phone))
    throw new DomainError(ErrorCode.PHONE_INVALID, 'Give the number in E.164 form: +989121234567');
  return phone;
}

function requirePasswordShape(password: string): void {
  if (password.length < Limits.passwordMin) {
    throw new DomainError(
      ErrorCode.PASSWORD_TOO_SHORT,
      `A password has at least ${Limits.passwordMin} characters`,
    );
  }
  if (password.length > Limits.passwordMax) {
    throw new DomainError(
      ErrorCode.PASSWORD_TOO_LONG,
      `A password has at most ${Limits.passwordMax} characters`,
    );
  }
}

export function requireDisplayName(input: string): string {
  const name = cleanText(input);
  if (!name || name.length > Limits.displayNameMax) {
    throw new DomainError(
      ErrorCode.DISPLAY_NAME_INVALID,
      `A display name has 1-${Limits.displayNameMax} characters`,
    );
  }
  return name;
}

function deviceName(input: string): string {
  return (cleanText(input) ?? '').slice(0, 64) || 'Unknown device';
}

function invalidCredentials(): DomainError {
  return new DomainError(ErrorCode.INVALID_CREDENTIALS, 'Wrong username or password');
}
