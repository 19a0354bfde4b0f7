import { dayKey } from '../../lib/dates';

/** What the grouping needs of a message (a stored one or a pending send). */
export interface GroupableMessage {
  key: string;
  senderId: string;
  date: number;
  service: boolean;
}

export type Row<M extends GroupableMessage> =
  | { kind: 'day'; key: string; date: number }
  | { kind: 'unread'; key: string }
  | { kind: 'message'; key: string; message: M; first: boolean; last: boolean };

/** Messages of one sender closer than this stay in one group. */
const GROUP_GAP_SECONDS = 10 * 60;

/**
 * Lays out a chat: a date separator before each new day, an "unread messages" line before the
 * first unread one, and consecutive messages of one sender grouped (the name shows on the
 * first of a group, the avatar on the last).
 */
export function groupMessages<M extends GroupableMessage>(
  messages: readonly M[],
  options: { timeZone?: string; unreadKey?: string } = {},
): Row<M>[] {
  const rows: Row<M>[] = [];
  let previous: M | undefined;
  let previousDay = '';
  for (const message of messages) {
    const day = dayKey(message.date, options);
    const newDay = day !== previousDay;
    if (newDay) rows.push({ kind: 'day', key: `day-${day}`, date: message.date });
    const unread = message.key === options.unreadKey;
    if (unread) rows.push({ kind: 'unread', key: 'unread' });
    const continues =
      previous !== undefined &&
      !newDay &&
      !unread &&
      !message.service &&
      !previous.service &&
      previous.senderId === message.senderId &&
      message.date - previous.date < GROUP_GAP_SECONDS;
    if (continues) {
      const last = rows[rows.length - 1];
      if (last?.kind === 'message') last.last = false;
    }
    rows.push({ kind: 'message', key: message.key, message, first: !continues, last: true });
    previous = message;
    previousDay = day;
  }
  return rows;
}
