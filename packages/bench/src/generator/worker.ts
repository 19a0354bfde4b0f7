import { decodeServerFrame, ErrorCode, type ServerFrame } from '@peyk/protocol';
import { WebSocket } from 'ws';
import { addressFor } from '../addresses.js';
import { Histogram } from '../histogram.js';
import type {
  AckedAnswer,
  Answer,
  ClientSpec,
  Command,
  ConnectAnswer,
  HelloAnswer,
  ReconnectAnswer,
  SendAnswer,
  SlowestAnswer,
  StatsAnswer,
} from './commands.js';
import {
  authenticateFrame,
  findMarker,
  getDifferenceFrame,
  markerText,
  nowMicros,
  RESPONSE_TAG,
  sendMessageFrame,
  UPDATE_TAG,
  updatePts,
} from './wire.js';

/**
 * A load-generator process (forked by the pool): holds many lean clients on real WebSockets, each
 * bound to one of this process's own loopback source addresses, and does what the parent asks.
 * Argument: the source addresses, comma-separated.
 */
const addresses = (process.argv[2] ?? '127.0.0.1').split(',');
const REQUEST_TIMEOUT_MS = 60_000;

/** Everything this process measured since the last `reset`. */
class Counters {
  delivered = 0;
  deliveredBytes = 0;
  acked = 0;
  ackErrors: Record<string, number> = {};
  dueToDeliver = new Histogram();
  sentToDeliver = new Histogram();
  ack = new Histogram();
  lastDeliveredMicros = 0;
  rawReceived = 0;
  rawFirstMicros = 0;
  rawLastMicros = 0;
  /** By message (`sender.dueMicros`), its slowest delivery so far, when tracked. */
  slowest = new Map<string, number>();
  /** The random id of every message acknowledged: checked against the store for losses. */
  ackedRandomIds: string[] = [];
}
let trackSlowest = false;
let counters = new Counters();

/** One user's connection, speaking the protocol with the codec but reading deliveries lean. */
class BenchClient {
  socket: WebSocket | undefined;
  pts = 0;
  /** Set when a live update skipped a pts: something was lost on the way. */
  gap = false;
  private nextId = 1;
  private readonly waiting = new Map<number, (frame: ServerFrame) => void>();
  /** By request id: when the send went out, and its random id. */
  private readonly sendsInFlight = new Map<number, { sentMicros: number; randomId: string }>();
  onUpdate: ((frame: Buffer) => void) | undefined;
  /**
   * Called when a message this client sent was answered (acked or refused), with the seconds
   * to wait when it was refused with FLOOD_WAIT (else 0).
   */
  onAnswered: ((retryAfter: number) => void) | undefined;

  constructor(
    readonly index: number,
    readonly token: string,
    readonly address: string,
  ) {}

  async connect(url: string): Promise<void> {
    const socket = new WebSocket(url, { localAddress: this.address, perMessageDeflate: false });
    this.socket = socket;
    socket.on('message', (data: Buffer) => this.receive(data));
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    socket.on('error', () => {});
    const auth = await this.request((id) => authenticateFrame(id, this.token));
    if (auth.result.case !== 'auth') throw new Error(resultError(auth));
    if (this.pts === 0) this.pts = auth.result.value.state?.pts ?? 0;
  }

  /** Sends a request and resolves with its response. */
  request(
    encode: (id: number) => Uint8Array,
  ): Promise<Extract<ServerFrame['frame'], { case: 'response' }>['value']> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        reject(new Error('TIMEOUT'));
      }, REQUEST_TIMEOUT_MS);
      this.waiting.set(id, (frame) => {
        clearTimeout(timer);
        if (frame.frame.case === 'response') resolve(frame.frame.value);
      });
      this.socket?.send(encode(id));
    });
  }

  /** Sends a message without waiting: its acknowledgement is counted when it arrives. */
  sendMessage(chatId: string, randomId: string, text: string, sentMicros: number): void {
    const id = this.nextId++;
    this.sendsInFlight.set(id, { sentMicros, randomId });
    this.socket?.send(sendMessageFrame(id, chatId, randomId, text));
  }

  private receive(data: Buffer): void {
    if (data[0] === UPDATE_TAG) {
      const pts = updatePts(data) ?? 0;
      if (pts > 0) {
        if (pts !== this.pts + 1 && this.pts > 0 && pts > this.pts) this.gap = true;
        if (pts > this.pts) this.pts = pts;
      }
      if (this.onUpdate) {
        this.onUpdate(data);
        return;
      }
      const marker = findMarker(data);
      if (marker && marker.sender !== this.index) {
        const now = nowMicros();
        counters.delivered++;
        counters.deliveredBytes += data.length;
        counters.dueToDeliver.record(now - marker.dueMicros);
        if (trackSlowest) {
          const key = `${marker.sender}.${marker.dueMicros}`;
          counters.slowest.set(key, Math.max(counters.slowest.get(key) ?? 0, now - marker.dueMicros));
        }
        counters.sentToDeliver.record(now - marker.sentMicros);
        counters.lastDeliveredMicros = now;
      }
      return;
    }
    if (data[0] !== RESPONSE_TAG) return;
    const frame = decodeServerFrame(data);
    if (frame.frame.case !== 'response') return;
    const id = frame.frame.value.id;
    const resolve = this.waiting.get(id);
    if (resolve) {
      this.waiting.delete(id);
      resolve(frame);
      return;
    }
    const send = this.sendsInFlight.get(id);
    if (send === undefined) return;
    this.sendsInFlight.delete(id);
    const result = frame.frame.value.result;
    const shed = result.case === 'error' && result.value.code === ErrorCode.FLOOD_WAIT;
    this.onAnswered?.(shed ? Math.max(1, result.value.retryAfter) : 0);
    if (result.case === 'error') {
      counters.ackErrors[result.value.code] = (counters.ackErrors[result.value.code] ?? 0) + 1;
    } else {
      counters.acked++;
      counters.ack.record(nowMicros() - send.sentMicros);
      counters.ackedRandomIds.push(send.randomId);
    }
  }

  async close(): Promise<void> {
    const socket = this.socket;
    this.socket = undefined;
    if (!socket || socket.readyState === WebSocket.CLOSED) return;
    const closed = new Promise((resolve) => socket.once('close', resolve));
    socket.terminate();
    await closed;
  }
}

function resultError(response: { result: { case?: string; value?: unknown } }): string {
  const { result } = response;
  return result.case === 'error' ? (result.value as { code: string }).code : `unexpected ${result.case}`;
}

const clients: BenchClient[] = [];
const byIndex = new Map<number, BenchClient>();
const rawSockets: WebSocket[] = [];

/** Runs `task` over `items` with at most `concurrency` at once. */
async function inPool<T>(items: readonly T[], concurrency: number, task: (item: T) => Promise<void>) {
  let next = 0;
  const run = async () => {
    while (next < items.length) await task(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, run));
}

function countError(errors: Record<string, number>, error: unknown): void {
  const key = error instanceof Error ? error.message.split(':')[0] || 'error' : String(error);
  errors[key] = (errors[key] ?? 0) + 1;
}

async function connect(url: string, specs: ClientSpec[], concurrency: number): Promise<ConnectAnswer> {
  const times = new Histogram();
  const errors: Record<string, number> = {};
  let connected = 0;
  const firstStartMicros = nowMicros();
  await inPool(specs, concurrency, async (spec) => {
    const client = new BenchClient(spec.index, spec.token, addressFor(addresses, clients.length));
    clients.push(client);
    byIndex.set(spec.index, client);
    const start = nowMicros();
    try {
      await client.connect(url);
      connected++;
      times.record(nowMicros() - start);
    } catch (error) {
      countError(errors, error);
    }
  });
  return {
    connected,
    failed: specs.length - connected,
    errors,
    connectMicros: times.toJSON(),
    firstStartMicros,
    lastDoneMicros: nowMicros(),
  };
}

let randomIds = process.pid * 1e9;

/** Sends on an open loop: each message goes out when due, whatever happened to the earlier ones. */
async function send(command: Extract<Command, { kind: 'send' }>): Promise<SendAnswer> {
  if (command.window) return sendClosedLoop(command, command.window);
  const senders = command.senders.map((s) => ({ client: byIndex.get(s.index), chatId: s.chatId }));
  const lag = new Histogram();
  const intervalMicros = 1e6 / command.ratePerSecond;
  const total = Math.floor((command.ratePerSecond * command.durationMs) / 1000);
  const start = nowMicros();
  let sent = 0;
  let firstSentMicros = 0;
  let lastSentMicros = 0;
  const emit = (client: BenchClient, chatId: string, due: number) => {
    const sentMicros = nowMicros();
    const text = markerText(due, sentMicros, client.index, command.padding);
    client.sendMessage(chatId, String(++randomIds), text, sentMicros);
    lag.record(sentMicros - due);
    if (!firstSentMicros) firstSentMicros = sentMicros;
    lastSentMicros = sentMicros;
  };
  const politely = command.oneAtATime
    ? senders.map((s) => s.client && oneAtATime(s.client, s.chatId, emit))
    : [];
  while (sent < total) {
    const now = nowMicros();
    while (sent < total && start + sent * intervalMicros <= now) {
      const due = Math.round(start + sent * intervalMicros);
      const which = sent % senders.length;
      const sender = senders[which];
      if (sender?.client) {
        const polite = politely[which];
        if (polite) polite(due);
        else emit(sender.client, sender.chatId, due);
      }
      sent++;
    }
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  return { sent, lagMicros: lag.toJSON(), firstSentMicros, lastSentMicros };
}

/**
 * A sender that keeps one send waiting for its answer at most, as a person's app does: returns
 * the function that sends a message due at `due` now, or once the answers before it have come.
 * A message refused with FLOOD_WAIT is sent again once the wait is over, as PeykClient does.
 */
function oneAtATime(
  client: BenchClient,
  chatId: string,
  emit: (client: BenchClient, chatId: string, due: number) => void,
): (due: number) => void {
  const queued: number[] = [];
  let busy = false;
  let current = 0;
  const sendNext = () => {
    const due = queued.shift();
    busy = due !== undefined;
    if (due === undefined) return;
    current = due;
    emit(client, chatId, due);
  };
  client.onAnswered = (retryAfter) => {
    if (retryAfter === 0) return sendNext();
    queued.unshift(current);
    setTimeout(sendNext, retryAfter * 1000);
  };
  return (due) => {
    queued.push(due);
    if (!busy) sendNext();
  };
}

/** Keeps `window` sends per sender waiting for an answer until the time is up: the most it takes. */
async function sendClosedLoop(
  command: Extract<Command, { kind: 'send' }>,
  window: number,
): Promise<SendAnswer> {
  const start = nowMicros();
  const end = start + command.durationMs * 1000;
  let sent = 0;
  let lastSentMicros = start;
  const lag = new Histogram();
  const sendOne = (client: BenchClient, chatId: string) => {
    const now = nowMicros();
    client.sendMessage(chatId, String(++randomIds), markerText(now, now, client.index, command.padding), now);
    lag.record(0);
    lastSentMicros = now;
    sent++;
  };
  for (const spec of command.senders) {
    const client = byIndex.get(spec.index);
    if (!client) continue;
    const next = () => {
      if (nowMicros() < end) sendOne(client, spec.chatId);
    };
    // A send shed with FLOOD_WAIT is followed by the next only after the wait, as a client does.
    client.onAnswered = (retryAfter) => {
      if (retryAfter === 0) next();
      else setTimeout(next, retryAfter * 1000);
    };
    for (let i = 0; i < window; i++) sendOne(client, spec.chatId);
  }
  await new Promise((resolve) => setTimeout(resolve, command.durationMs));
  for (const spec of command.senders) {
    const client = byIndex.get(spec.index);
    if (client) client.onAnswered = undefined;
  }
  return { sent, lagMicros: lag.toJSON(), firstSentMicros: start, lastSentMicros };
}

function stats(): StatsAnswer {
  return {
    delivered: counters.delivered,
    deliveredBytes: counters.deliveredBytes,
    acked: counters.acked,
    ackErrors: counters.ackErrors,
    dueToDeliverMicros: counters.dueToDeliver.toJSON(),
    sentToDeliverMicros: counters.sentToDeliver.toJSON(),
    ackMicros: counters.ack.toJSON(),
    lastDeliveredMicros: counters.lastDeliveredMicros,
    rawReceived: counters.rawReceived,
    rawFirstMicros: counters.rawFirstMicros,
    rawLastMicros: counters.rawLastMicros,
    open: clients.filter((c) => c.socket?.readyState === WebSocket.OPEN).length,
  };
}

/**
 * Reconnects every client at once and catches it up with getDifference from the pts it had,
 * checking that what it fetched continues its sequence with no gap and no duplicate.
 */
async function reconnect(url: string, concurrency: number): Promise<ReconnectAnswer> {
  const targets = clients.filter((client) => !client.socket);
  const caughtUpMessages: number[] = new Array(targets.length).fill(0);
  const catchUp = new Histogram();
  let reconnected = 0;
  let retries = 0;
  const errors: Record<string, number> = {};
  let duplicates = 0;
  let gaps = 0;
  const firstStartMicros = nowMicros();
  await inPool(
    targets.map((client, i) => ({ client, i })),
    concurrency,
    async ({ client, i }) => {
      const start = nowMicros();
      const seen = new Set<string>();
      try {
        const fromPts = client.pts;
        // Awaited first: `retries += await ...` would read `retries` before the wait and drop
        // the other clients' retries counted meanwhile.
        const retried = await connectWithRetries(client, url, errors);
        retries += retried;
        let pts = fromPts;
        for (;;) {
          const response = await client.request((id) => getDifferenceFrame(id, pts));
          if (response.result.case !== 'difference') throw new Error(resultError(response));
          const difference = response.result.value;
          if (difference.tooLong) throw new Error('TOO_LONG');
          for (const update of difference.updates) {
            if (update.pts !== pts + 1) gaps++;
            pts = update.pts;
            if (update.kind.case !== 'newMessage') continue;
            const key = `${update.kind.value.chatId}:${update.kind.value.id}`;
            if (seen.has(key)) duplicates++;
            seen.add(key);
            caughtUpMessages[i] = (caughtUpMessages[i] ?? 0) + 1;
          }
          pts = Math.max(pts, difference.state?.pts ?? pts);
          if (!difference.partial) break;
        }
        client.pts = Math.max(client.pts, pts);
        reconnected++;
        catchUp.record(nowMicros() - start);
      } catch (error) {
        countError(errors, error);
        caughtUpMessages[i] = -1;
      }
    },
  );
  return {
    reconnected,
    failed: caughtUpMessages.filter((count) => count < 0).length,
    caughtUpMessages,
    retries,
    errors,
    duplicates,
    gaps,
    firstStartMicros,
    lastDoneMicros: nowMicros(),
    catchUpMicros: catchUp.toJSON(),
  };
}

const CONNECT_ATTEMPTS = 5;
const RETRY_BASE_MS = 250;

/**
 * Connects as a real client does when everyone reconnects at once: a refused or reset attempt
 * (the server's accept queue overflows) is retried after a growing, jittered pause. Resolves
 * with the number of retries.
 */
async function connectWithRetries(
  client: BenchClient,
  url: string,
  errors: Record<string, number>,
): Promise<number> {
  for (let attempt = 1; ; attempt++) {
    try {
      await client.connect(url);
      return attempt - 1;
    } catch (error) {
      await client.close();
      if (attempt === CONNECT_ATTEMPTS) throw error;
      countError(errors, error);
      await new Promise((resolve) => setTimeout(resolve, RETRY_BASE_MS * attempt * (0.5 + Math.random())));
    }
  }
}

async function connectRaw(url: string, count: number, concurrency: number): Promise<ConnectAnswer> {
  const firstStartMicros = nowMicros();
  const errors: Record<string, number> = {};
  const times = new Histogram();
  let connected = 0;
  await inPool(
    Array.from({ length: count }, (_, i) => i),
    concurrency,
    async (i) => {
      const start = nowMicros();
      const socket = new WebSocket(url, { localAddress: addressFor(addresses, i), perMessageDeflate: false });
      rawSockets.push(socket);
      socket.on('message', () => {
        const now = nowMicros();
        if (!counters.rawFirstMicros) counters.rawFirstMicros = now;
        counters.rawLastMicros = now;
        counters.rawReceived++;
      });
      try {
        await new Promise<void>((resolve, reject) => {
          socket.once('open', () => resolve());
          socket.once('error', reject);
        });
        socket.on('error', () => {});
        connected++;
        times.record(nowMicros() - start);
      } catch (error) {
        countError(errors, error);
      }
    },
  );
  return {
    connected,
    failed: count - connected,
    errors,
    connectMicros: times.toJSON(),
    firstStartMicros,
    lastDoneMicros: nowMicros(),
  };
}

/** One "hello" from a sender to a receiver: the size of the update the receiver got. */
async function hello(command: Extract<Command, { kind: 'hello' }>): Promise<HelloAnswer> {
  const sender = byIndex.get(command.sender.index);
  const receiver = byIndex.get(command.receiver);
  if (!sender || !receiver) throw new Error('hello: sender and receiver must be in the same worker');
  const delivered = new Promise<number>((resolve) => {
    receiver.onUpdate = (frame) => {
      const update = decodeServerFrame(frame);
      if (update.frame.case === 'update' && update.frame.value.kind.case === 'newMessage') {
        receiver.onUpdate = undefined;
        resolve(frame.length);
      }
    };
  });
  const response = await sender.request((id) =>
    sendMessageFrame(id, command.sender.chatId, String(++randomIds), command.text),
  );
  if (response.result.case === 'error') throw new Error(resultError(response));
  return { payloadBytes: await delivered };
}

async function handle(command: Command): Promise<unknown> {
  switch (command.kind) {
    case 'connect':
      return connect(command.url, command.clients, command.concurrency);
    case 'send':
      return send(command);
    case 'stats':
      return stats();
    case 'reset':
      counters = new Counters();
      return {};
    case 'drop': {
      const below = command.below ?? Number.POSITIVE_INFINITY;
      await Promise.all(clients.filter((c) => c.index < below).map((client) => client.close()));
      return {};
    }
    case 'reconnect':
      return reconnect(command.url, command.concurrency);
    case 'connectRaw':
      return connectRaw(command.url, command.count, command.concurrency);
    case 'closeRaw':
      for (const socket of rawSockets.splice(0)) socket.terminate();
      return {};
    case 'hello':
      return hello(command);
    case 'trackSlowest':
      trackSlowest = command.on;
      return {};
    case 'slowest':
      return [...counters.slowest.entries()] satisfies SlowestAnswer;
    case 'acked':
      return counters.ackedRandomIds satisfies AckedAnswer;
  }
}

process.on('message', (message: Command & { id: number }) => {
  handle(message).then(
    (value) => process.send?.({ id: message.id, value } satisfies Answer),
    (error: unknown) =>
      process.send?.({
        id: message.id,
        error: error instanceof Error ? error.message : String(error),
      } satisfies Answer),
  );
});
process.on('disconnect', () => process.exit(0));
