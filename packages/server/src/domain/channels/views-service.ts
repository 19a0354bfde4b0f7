import { create } from '@bufbuild/protobuf';
import { ChatKind, ErrorCode, Limits, type MessageViews, MessageViewsSchema } from '@peyk/protocol';
import type { Store } from '../../store/store.js';
import type { Caller } from '../caller.js';
import { requireMembership } from '../chats/access.js';
import { DomainError, invalidInput } from '../errors.js';
import type { ViewBatcher } from './view-batcher.js';

/** View counters of channel posts. */
export class ViewsService {
  constructor(
    private readonly store: Store,
    private readonly batcher: ViewBatcher,
  ) {}

  /** Counts the caller's views of these posts (when `increment`) and answers their counts. */
  async view(
    caller: Caller,
    chatId: number,
    ids: readonly number[],
    increment: boolean,
  ): Promise<MessageViews> {
    if (ids.length > Limits.historyPage) throw invalidInput(`at most ${Limits.historyPage} ids`);
    const repos = this.store.read;
    const { chat } = await requireMembership(repos, chatId, caller.userId);
    if (chat.kind !== ChatKind.CHANNEL)
      throw new DomainError(ErrorCode.CHAT_KIND_INVALID, 'Only channel posts have views');
    const seen = (await repos.messages.visibleByIds(chatId, caller.userId, ids)).filter((m) => !m.service);
    if (increment && seen.length > 0) {
      await this.batcher.add(
        seen.map((m) => ({ chat_id: chatId, message_id: m.id, user_id: caller.userId })),
      );
    }
    const counted = new Map(
      (await repos.messages.visibleByIds(chatId, caller.userId, ids)).map((m) => [m.id, m.views]),
    );
    return create(MessageViewsSchema, { views: ids.map((id) => counted.get(id) ?? 0) });
  }
}
