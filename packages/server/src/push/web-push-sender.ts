import type { Agent } from 'node:https';
import webpush from 'web-push';
import type { PushOutcome, PushSender, PushTarget } from '../domain/notifications/push-sender.js';
import type { Store } from '../store/store.js';

export interface VapidKeys {
  publicKey: string;
  privateKey: string;
  /** A mailto: or https: contact for the push services. */
  subject: string;
}

/**
 * The VAPID key pair every node signs with: from the environment when set, else made once and
 * kept in the store, so all nodes of a cluster (and restarts) share it.
 */
export async function vapidKeys(
  store: Store,
  env: Partial<VapidKeys> & { subject: string },
): Promise<VapidKeys> {
  if (env.publicKey && env.privateKey)
    return { publicKey: env.publicKey, privateKey: env.privateKey, subject: env.subject };
  const made = webpush.generateVAPIDKeys();
  const stored = await store.write((tx) => tx.push.settingOnce('vapid', JSON.stringify(made)));
  const keys = JSON.parse(stored) as { publicKey: string; privateKey: string };
  return { ...keys, subject: env.subject };
}

/** Web Push over HTTPS with the `web-push` library (RFC 8291 encryption, RFC 8292 VAPID). */
export class WebPushSender implements PushSender {
  constructor(
    private readonly keys: VapidKeys,
    /** Tests pass an agent that trusts their local push service. */
    private readonly agent?: Agent,
  ) {}

  get publicKey(): string {
    return this.keys.publicKey;
  }

  async send(target: PushTarget, payload: string): Promise<PushOutcome> {
    try {
      await webpush.sendNotification(
        { endpoint: target.endpoint, keys: { p256dh: target.p256dh, auth: target.auth } },
        payload,
        {
          vapidDetails: this.keys,
          TTL: 24 * 60 * 60,
          urgency: 'high',
          contentEncoding: 'aes128gcm',
          timeout: 10_000,
          ...(this.agent ? { agent: this.agent } : {}),
        },
      );
      return 'delivered';
    } catch (error) {
      const status = (error as { statusCode?: number }).statusCode;
      return status === 404 || status === 410 ? 'gone' : 'failed';
    }
  }
}
