import type { ClientState } from '@peyk/client';
import { type Chat, ChatKind, MemberRole } from '@peyk/protocol';
import { useEffect, useState } from 'preact/hooks';
import { t } from '../../i18n/i18n';

/** Seconds until slow mode lets me write again in this chat: 0 when it does now. */
export function slowModeWait(state: ClientState, chat: Chat, now: number): number {
  if (chat.kind !== ChatKind.SUPERGROUP || chat.slowModeSeconds === 0) return 0;
  if (chat.myRole === MemberRole.OWNER || chat.myRole === MemberRole.ADMIN) return 0;
  const mine = state.messages(chat.id).filter((m) => m.senderId === state.selfId && !m.service);
  const last = mine.at(-1);
  // `now` may lag a second behind the clock that dated the message: never show more than the mode.
  return last ? Math.min(chat.slowModeSeconds, Math.max(0, last.date + chat.slowModeSeconds - now)) : 0;
}

/** Above the composer in slow mode: the countdown to my next message. */
export function SlowModeNote({ state, chat }: { state: ClientState; chat: Chat }) {
  const [now, setNow] = useState(() => Math.floor(Date.now() / 1000));
  const wait = slowModeWait(state, chat, now);
  useEffect(() => {
    if (wait === 0) return;
    const timer = setInterval(() => setNow(Math.floor(Date.now() / 1000)), 1000);
    return () => clearInterval(timer);
  }, [wait === 0]);
  if (wait === 0) return null;
  return (
    <p class="composer-note slow-mode" role="status">
      {t('channels.slowMode', { seconds: wait })}
    </p>
  );
}
