import { request as httpRequest, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Logger } from 'pino';
import type { Bus, Subscription } from '../../bus/bus.js';
import { subjects } from '../../bus/subjects.js';
import type { Domain } from '../../domain/index.js';
import { guardedLookup } from './guarded-lookup.js';
import { updateJson } from './objects.js';

/** Runs a method named in a webhook's reply, as the bot. */
export type ReplyExecutor = (botId: number, body: Record<string, unknown>) => Promise<void>;

const LEASE_MS = 60_000;
const BATCH = 100;
const TIMEOUT_MS = 10_000;
const MAX_BACKOFF_MS = 60_000;
const SWEEP_MS = 5_000;
const MAX_REPLY = 1024 * 1024;

/**
 * Sends bots' updates to their webhooks: one update per POST, in order, the same update again
 * (same update_id) until the webhook answers 2xx. One node at a time delivers a bot (a lease in
 * the store); every node hears the wake-ups and sweeps now and then for updates nobody took.
 * COMPAT: max_connections is stored but deliveries to one bot are sequential, which keeps order.
 */
export class WebhookSender {
  private readonly active = new Map<number, Promise<void>>();
  private readonly again = new Set<number>();
  private readonly backoff = new Map<number, { delayMs: number; timer?: NodeJS.Timeout }>();
  private subscription?: Subscription;
  private sweeper?: NodeJS.Timeout;
  private closed = false;

  constructor(
    private readonly domain: Domain,
    private readonly bus: Bus,
    private readonly execute: ReplyExecutor,
    private readonly log: Logger,
    private readonly allowPrivate: boolean,
  ) {}

  start(): void {
    this.subscription = this.bus.subscribe(subjects.botWebhooks(), (payload) => {
      this.schedule(Number(new TextDecoder().decode(payload)));
    });
    this.sweeper = setInterval(() => void this.sweep(), SWEEP_MS);
    this.sweeper.unref();
    void this.sweep();
  }

  async close(): Promise<void> {
    this.closed = true;
    this.subscription?.unsubscribe();
    clearInterval(this.sweeper);
    for (const { timer } of this.backoff.values()) clearTimeout(timer);
    await Promise.allSettled([...this.active.values()]);
  }

  private async sweep(): Promise<void> {
    try {
      for (const botId of await this.domain.bots.webhooksWithPending()) this.schedule(botId);
    } catch (error) {
      this.log.warn({ err: error }, 'webhook sweep failed');
    }
  }

  private schedule(botId: number): void {
    if (this.closed || !Number.isSafeInteger(botId) || botId <= 0 || this.backoff.get(botId)?.timer) return;
    if (this.active.has(botId)) {
      this.again.add(botId);
      return;
    }
    const run = this.deliver(botId)
      .catch((error) => this.log.warn({ err: error, botId }, 'webhook delivery failed'))
      .finally(() => {
        this.active.delete(botId);
        if (this.again.delete(botId)) this.schedule(botId);
      });
    this.active.set(botId, run);
  }

  private async deliver(botId: number): Promise<void> {
    let lease = await this.domain.bots.leaseWebhook(botId, LEASE_MS);
    if (!lease) return;
    try {
      for (;;) {
        const batch = await this.domain.bots.webhookBatch(botId, BATCH);
        if (!batch || batch.updates.length === 0 || this.closed) return;
        for (const update of batch.updates) {
          const outcome = await this.post(batch.url, batch.secretToken, updateJson(update));
          if (!outcome.ok) {
            await this.domain.bots.webhookFailed(botId, outcome.error);
            this.retryLater(botId);
            return;
          }
          this.backoff.delete(botId);
          await this.domain.bots.webhookDelivered(botId, update.updateId);
          if (outcome.reply) await this.execute(botId, outcome.reply).catch(() => {});
          if (this.closed) return;
          // Renewed halfway, so a slow webhook never lets another node start on the same queue.
          if (Date.now() > lease - LEASE_MS / 2) {
            lease = await this.domain.bots.leaseWebhook(botId, LEASE_MS, lease);
            if (!lease) return;
          }
        }
      }
    } finally {
      if (lease) await this.domain.bots.releaseWebhook(botId);
    }
  }

  /** The same update again after 1 s, 2 s, 4 s... up to a minute. */
  private retryLater(botId: number): void {
    const delayMs = Math.min((this.backoff.get(botId)?.delayMs ?? 500) * 2, MAX_BACKOFF_MS);
    const timer = setTimeout(() => {
      this.backoff.set(botId, { delayMs });
      this.schedule(botId);
    }, delayMs);
    timer.unref();
    this.backoff.set(botId, { delayMs, timer });
  }

  private post(
    url: string,
    secretToken: string,
    body: unknown,
  ): Promise<{ ok: true; reply?: Record<string, unknown> } | { ok: false; error: string }> {
    const target = new URL(url);
    const payload = Buffer.from(JSON.stringify(body));
    const headers: Record<string, string | number> = {
      'content-type': 'application/json',
      'content-length': payload.length,
    };
    if (secretToken) headers['x-telegram-bot-api-secret-token'] = secretToken;
    const options: RequestOptions = {
      method: 'POST',
      headers,
      timeout: TIMEOUT_MS,
      // Checked on every connection, so a name that now resolves to a private address is refused.
      lookup: guardedLookup(this.allowPrivate),
    };
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise((resolve) => {
      const request = send(target, options, (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size <= MAX_REPLY) chunks.push(chunk);
        });
        response.on('end', () => {
          const status = response.statusCode ?? 0;
          if (status < 200 || status >= 300) {
            resolve({
              ok: false,
              error: `Wrong response from the webhook: ${status} ${response.statusMessage ?? ''}`.trim(),
            });
            return;
          }
          resolve({ ok: true, reply: methodCall(Buffer.concat(chunks), response.headers['content-type']) });
        });
        response.on('error', (error) => resolve({ ok: false, error: error.message }));
      });
      request.on('timeout', () => request.destroy(new Error('Connection timed out')));
      request.on('error', (error) => resolve({ ok: false, error: error.message }));
      request.end(payload);
    });
  }
}

/** A webhook's answer `{method, ...params}`, executed as a call, as Telegram does. */
function methodCall(body: Buffer, type: string | undefined): Record<string, unknown> | undefined {
  if (body.length === 0 || !type?.toLowerCase().startsWith('application/json')) return undefined;
  try {
    const parsed = JSON.parse(body.toString('utf8'));
    return parsed && typeof parsed === 'object' && typeof parsed.method === 'string' ? parsed : undefined;
  } catch {
    return undefined;
  }
}
