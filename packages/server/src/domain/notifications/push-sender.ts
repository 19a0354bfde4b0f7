/** Where a push goes: a browser's push service endpoint and the subscription's keys (base64url). */
export interface PushTarget {
  endpoint: string;
  p256dh: string;
  auth: string;
}

/** `gone`: the push service says the subscription no longer exists; forget it. */
export type PushOutcome = 'delivered' | 'gone' | 'failed';

/**
 * Sends an encrypted Web Push message (RFC 8291, aes128gcm) with VAPID (RFC 8292). The
 * implementation lives outside the domain (src/push): it speaks HTTP to the push services.
 */
export interface PushSender {
  readonly publicKey: string;
  send(target: PushTarget, payload: string): Promise<PushOutcome>;
}
