import type { Poll } from '@peyk/protocol';
import type { MessageRow } from '../../store/schema.js';
import type { Repositories } from '../../store/store.js';
import { pollFromJson, toPoll } from './stored-poll.js';

/** The poll with its counts as anyone sees it: no viewer's choice, a quiz's answer only once closed. */
export async function pollForEveryone(repos: Repositories, row: MessageRow): Promise<Poll | undefined> {
  if (!row.poll) return undefined;
  const counts = await repos.polls.counts(row.chat_id, [row.id]);
  return toPoll(pollFromJson(row.poll), counts.get(row.id));
}

/** The poll as one person sees it: their choice, and a quiz's answer once they have answered. */
export async function pollForViewer(
  repos: Repositories,
  row: MessageRow,
  viewerId: number,
): Promise<Poll | undefined> {
  if (!row.poll) return undefined;
  const [counts, chosen] = await Promise.all([
    repos.polls.counts(row.chat_id, [row.id]),
    repos.polls.choices(row.chat_id, [row.id], viewerId),
  ]);
  return toPoll(pollFromJson(row.poll), counts.get(row.id), chosen.get(row.id), row.sender_id === viewerId);
}
