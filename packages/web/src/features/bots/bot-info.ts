import type { BotInfo } from '@peyk/protocol';
import { signal } from '@preact/signals';
import { currentClient } from '../../app/session';

/** Bot profiles by user id: a BotInfo, null for a person (or a failed lookup), absent while unknown. */
const profiles = signal(new Map<string, BotInfo | null>());
const asked = new Set<string>();

/** The bot's command menu and descriptions; undefined until known or when `userId` is a person. */
export function botInfo(userId: string): BotInfo | undefined {
  const known = profiles.value.get(userId);
  if (known !== undefined || asked.has(userId) || userId === '0') return known ?? undefined;
  asked.add(userId);
  // A person answers USER_NOT_FOUND: remembered as null, so each peer is asked once per session.
  currentClient()
    .request('getBotInfo', { userId })
    .then(
      (info) => remember(userId, info),
      () => remember(userId, null),
    );
  return undefined;
}

function remember(userId: string, info: BotInfo | null): void {
  profiles.value = new Map(profiles.value).set(userId, info);
}
