import { ClientState, type HistoryRange } from '@peyk/client';
import type { DialogList, MemberList, MessageList, Update, User } from '@peyk/protocol';

/**
 * The SDK's ClientState, telling the app when it changed: every way the state changes (updates,
 * fetches, user lookups in the background) goes through these methods.
 */
export class ObservableState extends ClientState {
  onChange: () => void = () => {};

  override apply(update: Update): void {
    super.apply(update);
    this.onChange();
  }

  override loadDialogs(list: DialogList): void {
    super.loadDialogs(list);
    this.onChange();
  }

  override loadHistory(chatId: string, list: MessageList, range?: HistoryRange): void {
    super.loadHistory(chatId, list, range);
    this.onChange();
  }

  override loadMembers(chatId: string, list: MemberList): void {
    super.loadMembers(chatId, list);
    this.onChange();
  }

  override loadUsers(users: readonly User[]): void {
    super.loadUsers(users);
    this.onChange();
  }

  override clear(): void {
    super.clear();
    this.onChange();
  }
}
