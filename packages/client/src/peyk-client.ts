import {
  type AuthResult,
  type Chat,
  ErrorCode,
  GoodbyeCode,
  type Message,
  type PhoneCodeSent,
  type RequestCase,
  type ResultOf,
  type ServerFrame,
  type Update,
  type User,
} from '@peyk/protocol';
import { type BackoffOptions, backoffDelay } from './backoff.js';
import { ChatSequencers, isLargeChat } from './chat-sequencers.js';
import type { PeykClientEvents } from './client-events.js';
import { ClientErrorCode, PeykError } from './peyk-error.js';
import {
  type RequestInput,
  type RequestOptions,
  RequestRegistry,
  type SendMode,
} from './request-registry.js';
import { type PendingSend, type SendMessageOptions, SendQueue } from './send-queue.js';
import { Transport, type WebSocketConstructor } from './transport.js';
import { type Listener, TypedEmitter } from './typed-emitter.js';
import { UpdateSequencer } from './update-sequencer.js';

/** Options of `PeykClient`. */
export interface PeykClientOptions {
  /** The server's WebSocket endpoint, e.g. `ws://localhost:8080/ws`. */
  url: string;
  /**
   * The WebSocket constructor. Browsers default to `globalThis.WebSocket`; Node 20 has none:
   * pass `WebSocket` from the `ws` package.
   */
  WebSocket?: WebSocketConstructor;
  /** How long a request may wait for its response, connecting included. Default 15,000 ms. */
  requestTimeoutMs?: number;
  /** Delays between reconnect attempts (and between retries of queued sends). */
  reconnect?: BackoffOptions;
  /** A session token to resume (from an earlier sign-in); sent with `authenticate` on connect. */
  token?: string;
  /**
   * The last pts the app applied with that token (saved with it). With it, a resumed client
   * fetches what it missed; without it, it starts from the server's current state.
   */
  pts?: number;
  /** With `pts`: the last pts applied in each large chat (`chatPts` saved with the token). */
  chatPts?: Record<string, number>;
  /** Sent with sign-up and sign-in requests; shown in the session list. */
  deviceName?: string;
}

/** Where the connection is. */
export type ConnectionStatus = 'idle' | 'connecting' | 'authenticating' | 'ready' | 'disconnected' | 'closed';

type SignUpInput = RequestInput<'signUp'>;

/** How signUp and sendPhoneCode report and stop a proof of work the server asked for. */
export interface ChallengeOptions {
  /** Called when solving starts, with its difficulty in bits (about 2^difficulty hashes). */
  onChallenge?: (difficulty: number) => void;
  signal?: AbortSignal;
}
type SignInInput = RequestInput<'signIn'>;
type SignInWithPhoneInput = RequestInput<'signInWithPhone'>;

/** Requests whose success starts a new session on the connection. */
const SIGN_INS: ReadonlySet<RequestCase> = new Set(['signUp', 'signIn', 'signInWithPhone']);

/**
 * A Peyk client for Node and browsers: one WebSocket connection, reconnected with backoff,
 * resumed with the session token, kept in sync (pts gaps filled with `get_difference`), with a
 * send queue that delivers every message exactly once.
 *
 * @example
 * ```ts
 * import { WebSocket } from 'ws';
 * const client = new PeykClient({ url: 'ws://localhost:8080/ws', WebSocket });
 * client.on('update', (update) => console.log(update.kind.case));
 * await client.connect();
 * await client.signIn({ username: 'alice', password: 'correct horse' });
 * const message = await client.sendMessage(chatId, 'Salam!');
 * ```
 */
export class PeykClient {
  readonly #url: string;
  readonly #WebSocket: WebSocketConstructor;
  readonly #timeoutMs: number;
  readonly #backoff: BackoffOptions;
  readonly #deviceName: string;
  readonly #events = new TypedEmitter<PeykClientEvents>();
  readonly #requests: RequestRegistry;
  readonly #sequencer: UpdateSequencer;
  readonly #chats: ChatSequencers;
  readonly #sends: SendQueue;
  #transport: Transport | undefined;
  #status: ConnectionStatus = 'idle';
  /** `connect()` was called and neither `close()` nor a revocation followed. */
  #wanted = false;
  #attempt = 0;
  #syncAttempt = 0;
  #reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  #token: string | undefined;
  #user: User | undefined;
  #readyWaiters: { resolve: () => void; reject: (error: PeykError) => void }[] = [];

  constructor(options: PeykClientOptions) {
    const WebSocketImpl = options.WebSocket ?? (globalThis.WebSocket as WebSocketConstructor | undefined);
    if (!WebSocketImpl) {
      throw new TypeError('PeykClient: no global WebSocket here; pass one (e.g. from the ws package)');
    }
    this.#url = options.url;
    this.#WebSocket = WebSocketImpl;
    this.#timeoutMs = options.requestTimeoutMs ?? 15_000;
    this.#backoff = options.reconnect ?? {};
    this.#deviceName = options.deviceName ?? '';
    this.#token = options.token || undefined;
    this.#requests = new RequestRegistry({
      isReady: () => this.#status === 'ready',
      transmit: (frame) => this.#transport?.send(frame) ?? false,
    });
    this.#sequencer = new UpdateSequencer({
      fetchDifference: (pts) => this.#call('getDifference', { pts }, 'now'),
      deliver: (update) => this.#deliverUserUpdate(update),
      reset: (state) => this.#events.emit('reset', state),
      syncFailed: () => this.#retrySync(),
    });
    this.#chats = new ChatSequencers({
      fetchDifference: (chatId, pts) => this.#call('getChatDifference', { chatId, pts }, 'now'),
      deliver: (update) => this.#events.emit('update', update),
      reset: (chatId, state) => this.#events.emit('chatReset', { chatId, state }),
      syncFailed: (chatId) => this.#retrySync(chatId),
    });
    if (options.pts !== undefined && this.#token) {
      this.#sequencer.setState(options.pts);
      for (const [chatId, pts] of Object.entries(options.chatPts ?? {})) this.#chats.track(chatId, pts);
    }
    this.#sends = new SendQueue({
      send: (input) => this.request('sendMessage', input),
      retryDelayMs: (attempt) => backoffDelay(attempt, this.#backoff),
    });
  }

  /** Where the connection is. */
  get status(): ConnectionStatus {
    return this.#status;
  }

  /** The session token, once signed in: save it (with `pts`) to resume later. */
  get token(): string | undefined {
    return this.#token;
  }

  /** The pts of the last update delivered (or of the sign-in state). */
  get pts(): number | undefined {
    return this.#sequencer.pts;
  }

  /** The chat pts of the last update delivered in each large chat: save it with `pts`. */
  get chatPts(): Record<string, number> {
    return this.#chats.state;
  }

  /**
   * Follows a large chat (channel, supergroup) from `pts`, its `chat_pts` in a dialog list the
   * app has just loaded. Chats the user joins while connected are followed by themselves.
   */
  trackChat(chat: Pick<Chat, 'id' | 'kind' | 'chatPts'>): void {
    if (isLargeChat(chat)) this.#chats.track(chat.id, chat.chatPts);
  }

  /** The signed-in user, from the last sign-in or resume. */
  get user(): User | undefined {
    return this.#user;
  }

  /** Messages queued with `sendMessage` and not yet acknowledged. */
  get pendingSends(): PendingSend[] {
    return this.#sends.pending;
  }

  /** Adds an event listener; returns a function that removes it. */
  on<K extends keyof PeykClientEvents>(event: K, listener: Listener<PeykClientEvents[K]>): () => void {
    return this.#events.on(event, listener);
  }

  /** Adds a listener for the next occurrence of an event. */
  once<K extends keyof PeykClientEvents>(event: K, listener: Listener<PeykClientEvents[K]>): () => void {
    return this.#events.once(event, listener);
  }

  /** Removes an event listener. */
  off<K extends keyof PeykClientEvents>(event: K, listener: Listener<PeykClientEvents[K]>): void {
    this.#events.off(event, listener);
  }

  /**
   * Opens the connection (and resumes the session when the client has a token). Resolves when
   * requests can flow; until then failed attempts are retried with backoff. Rejects on `close()`
   * or when the session turns out to be revoked.
   */
  connect(): Promise<void> {
    if (this.#status === 'ready') return Promise.resolve();
    this.#wanted = true;
    const ready = new Promise<void>((resolve, reject) => this.#readyWaiters.push({ resolve, reject }));
    if (!this.#transport && this.#reconnectTimer === undefined) this.#open();
    return ready;
  }

  /**
   * Closes the connection and stops reconnecting. Pending requests and queued sends fail with
   * CLIENT_CLOSED. `connect()` may be called again later.
   */
  close(): void {
    this.#stop(new PeykError(ClientErrorCode.CLIENT_CLOSED, 'the client was closed'));
  }

  /**
   * Sends any request and resolves with its result. Waits for the connection when there is
   * none (within the timeout). Rejects with a `PeykError`: the server's code, or TIMEOUT,
   * DISCONNECTED (sent, then the connection dropped: it may or may not have been done),
   * CLIENT_CLOSED.
   *
   * @example
   * ```ts
   * const chat = await client.request('openPrivateChat', { userId: bob.id });
   * ```
   */
  request<C extends RequestCase>(
    requestCase: C,
    value: RequestInput<C>,
    options: RequestOptions = {},
  ): Promise<ResultOf<C>> {
    if (this.#status === 'closed') {
      return Promise.reject(
        new PeykError(ClientErrorCode.CLIENT_CLOSED, `${requestCase}: the client is closed`),
      );
    }
    return this.#call(requestCase, value, 'ready', options.timeoutMs);
  }

  /**
   * Creates an account and signs in; the client keeps the token and the sync state. When the
   * server asks for a proof of work (many sign-ups from this network), it is solved here and the
   * sign-up repeated: `onChallenge` hears of it, so an app can say why it takes a moment.
   */
  signUp(input: SignUpInput, options: ChallengeOptions = {}): Promise<AuthResult> {
    return this.#answeringChallenge(options, (answer) =>
      this.request('signUp', { deviceName: this.#deviceName, ...input, ...answer }),
    );
  }

  /** Signs in with username and password; the client keeps the token and the sync state. */
  signIn(input: SignInInput): Promise<AuthResult> {
    return this.request('signIn', { deviceName: this.#deviceName, ...input });
  }

  /** Asks the server to text a sign-in code to an E.164 phone number (challenged like signUp). */
  sendPhoneCode(phone: string, options: ChallengeOptions = {}): Promise<PhoneCodeSent> {
    return this.#answeringChallenge(options, (answer) => this.request('sendPhoneCode', { phone, ...answer }));
  }

  async #answeringChallenge<T>(
    options: ChallengeOptions,
    attempt: (answer: { challenge: string; proof: string }) => Promise<T>,
  ): Promise<T> {
    try {
      return await attempt({ challenge: '', proof: '' });
    } catch (error) {
      if (!(error instanceof PeykError) || error.code !== ErrorCode.CHALLENGE_REQUIRED) throw error;
    }
    const { challenge, difficulty } = await this.request('getSignUpChallenge', {});
    options.onChallenge?.(difficulty);
    // Loaded only when a server asks: most sign-ups never need the hashing code.
    const { solveChallenge } = await import('./proof-of-work.js');
    const proof = await solveChallenge(challenge, difficulty, options.signal);
    return attempt({ challenge, proof });
  }

  /** Signs in (or up, with `displayName`) with a texted code; keeps the token and the state. */
  signInWithPhone(input: SignInWithPhoneInput): Promise<AuthResult> {
    return this.request('signInWithPhone', { deviceName: this.#deviceName, ...input });
  }

  /**
   * Binds the connection to an existing session (the client's own token by default). With a
   * known pts the client then fetches the difference before it delivers pushed updates.
   */
  authenticate(token = this.#token): Promise<AuthResult> {
    if (!token)
      return Promise.reject(new PeykError(ErrorCode.AUTH_TOKEN_INVALID, 'no token to authenticate with'));
    return this.request('authenticate', { token });
  }

  /** Ends the session on the server; the client forgets its token and state. */
  async signOut(): Promise<void> {
    await this.request('signOut', {});
  }

  /**
   * Queues a text message. It is retried with the same random_id across timeouts and
   * reconnects until the server stores it (resolving with the stored message) or refuses it
   * (rejecting with that error). Messages to one chat are stored in the order they were queued.
   */
  sendMessage(chatId: string, text: string, options: SendMessageOptions = {}): Promise<Message> {
    if (this.#status === 'closed') {
      return Promise.reject(
        new PeykError(ClientErrorCode.CLIENT_CLOSED, 'sendMessage: the client is closed'),
      );
    }
    return this.#sends.enqueue(chatId, text, options);
  }

  #call<C extends RequestCase>(
    requestCase: C,
    value: RequestInput<C>,
    mode: SendMode,
    timeoutMs = this.#timeoutMs,
  ): Promise<ResultOf<C>> {
    if (requestCase === 'authenticate') {
      this.#sequencer.hold();
      this.#chats.hold();
    }
    return this.#requests.call(requestCase, value, timeoutMs, mode, (result) =>
      this.#afterResult(requestCase, result),
    );
  }

  /** Keeps what sign-in and sign-out results change, before the next frame is handled. */
  #afterResult(requestCase: RequestCase, result: unknown): void {
    if (requestCase === 'signOut') {
      this.#token = undefined;
      this.#user = undefined;
      this.#sequencer.clear();
      this.#chats.clear();
      return;
    }
    if (!SIGN_INS.has(requestCase) && requestCase !== 'authenticate') return;
    const auth = result as AuthResult;
    this.#token = auth.token || this.#token;
    this.#user = auth.user;
    if (SIGN_INS.has(requestCase) || this.#sequencer.pts === undefined) {
      this.#chats.clear();
      this.#sequencer.setState(auth.state?.pts ?? 0);
    } else {
      // Resuming: catch up from our own pts, and in each large chat from its own; pushed
      // updates wait until we have.
      void this.#sequencer.resync();
      void this.#chats.resyncAll();
    }
    this.#events.emit('authenticated', auth);
  }

  #open(): void {
    this.#status = 'connecting';
    let transport: Transport;
    try {
      transport = new Transport(this.#WebSocket, this.#url, {
        onOpen: () => this.#onOpen(transport),
        onFrame: (frame) => this.#onFrame(transport, frame),
        onClose: (code, reason) => this.#onClose(transport, code, reason),
      });
    } catch (error) {
      // A malformed URL: retrying cannot help.
      this.#stop(
        new PeykError(ClientErrorCode.CLIENT_CLOSED, `cannot connect to ${this.#url}: ${String(error)}`),
      );
      return;
    }
    this.#transport = transport;
  }

  async #onOpen(transport: Transport): Promise<void> {
    this.#events.emit('connected');
    const token = this.#token;
    if (!token) {
      this.#becomeReady();
      return;
    }
    this.#status = 'authenticating';
    try {
      await this.#call('authenticate', { token }, 'now');
    } catch (error) {
      if (transport !== this.#transport) return;
      if (error instanceof PeykError && error.code === ErrorCode.AUTH_TOKEN_INVALID) {
        this.#revoke(error.code, error.message);
      } else {
        // Busy or failing server: drop this connection and try again after the backoff.
        transport.close(4000, 'authenticate failed');
      }
      return;
    }
    if (transport === this.#transport) this.#becomeReady();
  }

  #becomeReady(): void {
    this.#status = 'ready';
    this.#attempt = 0;
    this.#syncAttempt = 0;
    const waiters = this.#readyWaiters;
    this.#readyWaiters = [];
    for (const waiter of waiters) waiter.resolve();
    this.#requests.flush();
    this.#sends.retryNow();
  }

  #onFrame(transport: Transport, { frame }: ServerFrame): void {
    if (transport !== this.#transport) return;
    switch (frame.case) {
      case 'response':
        this.#requests.resolve(frame.value);
        break;
      case 'update':
        if (isChatSequenced(frame.value)) this.#chats.push(frame.value);
        else this.#sequencer.push(frame.value);
        break;
      case 'goodbye':
        this.#events.emit('goodbye', frame.value);
        if (frame.value.code === GoodbyeCode.SESSION_REVOKED)
          this.#revoke(frame.value.code, frame.value.message);
        break;
    }
  }

  #onClose(transport: Transport, code: number, reason: string): void {
    if (transport !== this.#transport) return;
    this.#transport = undefined;
    this.#requests.failInFlight(new PeykError(ClientErrorCode.DISCONNECTED, 'the connection closed'));
    const willReconnect = this.#wanted;
    this.#status = willReconnect ? 'disconnected' : 'closed';
    this.#events.emit('disconnected', { code, reason, willReconnect });
    if (!willReconnect) return;
    const delay = backoffDelay(this.#attempt++, this.#backoff);
    this.#reconnectTimer = setTimeout(() => {
      this.#reconnectTimer = undefined;
      if (this.#wanted && !this.#transport) this.#open();
    }, delay);
  }

  /** A user update: joining or leaving a large chat starts or ends following its own sequence. */
  #deliverUserUpdate(update: Update): void {
    const { kind } = update;
    if (kind.case === 'chatUpdated' && kind.value.chat && isLargeChat(kind.value.chat)) {
      this.#chats.track(kind.value.chat.id, kind.value.chat.chatPts, true);
    }
    if (kind.case === 'chatRemoved') this.#chats.untrack(kind.value.chatId);
    this.#events.emit('update', update);
  }

  /**
   * A difference fetch failed (the user's, or one large chat's): retry on this connection; a new
   * one resyncs by itself.
   */
  #retrySync(chatId?: string): void {
    const transport = this.#transport;
    if (!transport || this.#status !== 'ready') return;
    setTimeout(
      () => {
        if (this.#transport !== transport || this.#status !== 'ready') return;
        void (chatId === undefined ? this.#sequencer.resync() : this.#chats.resync(chatId));
      },
      backoffDelay(this.#syncAttempt++, this.#backoff),
    );
  }

  #revoke(code: string, message: string): void {
    this.#token = undefined;
    this.#stop(new PeykError(ClientErrorCode.SESSION_REVOKED, message || code));
    this.#events.emit('sessionRevoked', { code, message });
  }

  #stop(error: PeykError): void {
    this.#wanted = false;
    clearTimeout(this.#reconnectTimer);
    this.#reconnectTimer = undefined;
    this.#requests.failAll(error);
    this.#sends.failAll(error);
    const waiters = this.#readyWaiters;
    this.#readyWaiters = [];
    for (const waiter of waiters) waiter.reject(error);
    const transport = this.#transport;
    if (transport) transport.close(1000, error.code);
    this.#status = 'closed';
  }
}

/** An update of a large chat, in that chat's own sequence. */
function isChatSequenced(update: Update): boolean {
  return update.sequenceChatId !== '' && update.sequenceChatId !== '0';
}
