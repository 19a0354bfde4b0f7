import type { HistogramJson } from '../histogram.js';

/**
 * What the parent asks of a load-generator worker process over IPC, and what it answers. Every
 * command carries an `id`; the answer repeats it.
 */
export interface ClientSpec {
  /** The client's number over all workers: it goes into the messages it sends. */
  index: number;
  token: string;
}

export interface SenderSpec {
  /** The client's number over all workers. */
  index: number;
  chatId: string;
}

export type Command =
  | { kind: 'connect'; url: string; clients: ClientSpec[]; concurrency: number }
  /**
   * Sends for `durationMs`: on an open loop at `ratePerSecond` over the senders in turn, or, with
   * `window`, on a closed loop keeping that many sends per sender waiting for their acks.
   */
  | {
      kind: 'send';
      senders: SenderSpec[];
      ratePerSecond: number;
      durationMs: number;
      padding: string;
      window?: number;
      /**
       * Each sender keeps at most one send waiting for its answer, as a person's app does: a
       * message due meanwhile goes out when the answer comes (its latency still counts from
       * when it was due).
       */
      oneAtATime?: boolean;
    }
  | { kind: 'stats' }
  | { kind: 'reset' }
  /** Cuts the connections of the clients numbered below `below` (all when absent). */
  | { kind: 'drop'; below?: number }
  | { kind: 'reconnect'; url: string; concurrency: number }
  | { kind: 'connectRaw'; url: string; count: number; concurrency: number }
  | { kind: 'closeRaw' }
  | { kind: 'hello'; sender: SenderSpec; receiver: number; text: string }
  /** Whether to keep, from now on, each message's slowest delivery (cleared by `reset`). */
  | { kind: 'trackSlowest'; on: boolean }
  | { kind: 'slowest' }
  /** The random ids of the messages acknowledged since the last `reset`. */
  | { kind: 'acked' };

export interface ConnectAnswer {
  connected: number;
  failed: number;
  errors: Record<string, number>;
  /** Connect + authenticate time of each client, microseconds. */
  connectMicros: HistogramJson;
  firstStartMicros: number;
  lastDoneMicros: number;
}

export interface SendAnswer {
  sent: number;
  /** How late sends went out after they were due, microseconds. */
  lagMicros: HistogramJson;
  firstSentMicros: number;
  lastSentMicros: number;
}

export interface StatsAnswer {
  delivered: number;
  deliveredBytes: number;
  acked: number;
  ackErrors: Record<string, number>;
  /** From a message's due time to its delivery to another user, microseconds. */
  dueToDeliverMicros: HistogramJson;
  /** From the send call to delivery. */
  sentToDeliverMicros: HistogramJson;
  /** From the send call to the durable acknowledgement. */
  ackMicros: HistogramJson;
  lastDeliveredMicros: number;
  rawReceived: number;
  rawFirstMicros: number;
  rawLastMicros: number;
  open: number;
}

export interface ReconnectAnswer {
  reconnected: number;
  failed: number;
  /** Messages fetched with getDifference, per client (in the order the client was connected). */
  caughtUpMessages: number[];
  /** Connect attempts repeated after a failure, and why they failed. */
  retries: number;
  errors: Record<string, number>;
  /** Duplicated message ids seen by any client. */
  duplicates: number;
  /** Clients whose pts sequence had a gap. */
  gaps: number;
  firstStartMicros: number;
  lastDoneMicros: number;
  catchUpMicros: HistogramJson;
}

export interface HelloAnswer {
  /** The WebSocket payload of the update the receiver got, in bytes. */
  payloadBytes: number;
}

/** The random ids (decimal) of the messages acknowledged, in the order the acks came. */
export type AckedAnswer = string[];

/** Each message's slowest delivery in this worker: [sender.dueMicros, due-to-deliver micros]. */
export type SlowestAnswer = [string, number][];

export type Answer = { id: number; error?: string; value?: unknown };
