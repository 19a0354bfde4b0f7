import { signal } from '@preact/signals';
import { currentClient } from '../../app/session';
import { serverUrl } from '../../app/server-url';

/** The HTTP origin of the server the app talks to (its WebSocket URL names it). */
export function httpOrigin(): string {
  const url = new URL(serverUrl());
  return `${url.protocol === 'wss:' ? 'https:' : 'http:'}//${url.host}`;
}

interface Link {
  url: string;
  expiresAt: number;
}

/** Signed download URLs by variant key; components reading it re-render when links arrive. */
const links = signal<ReadonlyMap<string, Link>>(new Map());
const wanted = new Map<string, Set<number>>();
let flushScheduled = false;
/** A link is renewed when it has less than this left. */
const RENEW_SECONDS = 10 * 60;

/**
 * The URL of a variant of a message's media, or undefined while it is being fetched (links are
 * asked for in batches per chat, with get_file_links).
 */
export function mediaUrl(chatId: string, messageId: number, key: string): string | undefined {
  const link = links.value.get(key);
  if (link && link.expiresAt - Date.now() / 1000 > RENEW_SECONDS) return link.url;
  const ids = wanted.get(chatId) ?? new Set<number>();
  ids.add(messageId);
  wanted.set(chatId, ids);
  if (!flushScheduled) {
    flushScheduled = true;
    setTimeout(flush, 10);
  }
  return link?.url;
}

function flush(): void {
  flushScheduled = false;
  const batches = [...wanted];
  wanted.clear();
  for (const [chatId, ids] of batches) {
    currentClient()
      .request('getFileLinks', { chatId, messageIds: [...ids].slice(0, 100) })
      .then((answer) => {
        const next = new Map(links.peek());
        const origin = httpOrigin();
        for (const [key, path] of Object.entries(answer.urls)) {
          next.set(key, { url: `${origin}${path}`, expiresAt: answer.expiresAt });
        }
        links.value = next;
      })
      .catch(() => {
        // Offline or the message is gone: the placeholder stays; the next render asks again.
      });
  }
}
