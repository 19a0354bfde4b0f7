import { create } from '@bufbuild/protobuf';
import { ChatKind, ErrorCode, type PushConfig, PushConfigSchema, ServiceKind } from '@peyk/protocol';
import type { ChatMemberRow, ChatRow, MessageRow } from '../../store/schema.js';
import type { Store } from '../../store/store.js';
import type { Caller } from '../caller.js';
import { isLarge } from '../chats/large-chats.js';
import type { Clock } from '../clock.js';
import { DomainError } from '../errors.js';
import type { StoredService } from '../messages/message-view.js';
import type { OnlineCheck } from '../people/user-view.js';
import { pollFromJson } from '../polls/stored-poll.js';
import type { PushSender } from './push-sender.js';
import { pushTexts, withActor } from './push-texts.js';

const PREVIEW_LENGTH = 120;

export interface RegisterPushInput {
  endpoint: string;
  p256dh: string;
  auth: string;
  hidePreview: boolean;
}

/** What a push carries; the web app's service worker shows it as a notification. */
export interface PushPayload {
  type: 'message';
  chatId: string;
  messageId: number;
  /** The chat's title or the sender's name; empty when the subscription hides previews. */
  title: string;
  /** The text, or for a hidden preview "New message", in the recipient's language. */
  body: string;
}

export interface NotificationsDeps {
  store: Store;
  clock: Clock;
  online: OnlineCheck;
  sender: PushSender;
  log: (error: unknown, message: string) => void;
}

/** Web Push for people with no device online: registration, and a push per new message. */
export class NotificationsService {
  constructor(private readonly deps: NotificationsDeps) {}

  pushConfig(): PushConfig {
    return create(PushConfigSchema, { vapidPublicKey: this.deps.sender.publicKey });
  }

  async registerPush(caller: Caller, input: RegisterPushInput): Promise<void> {
    checkSubscription(input);
    await this.deps.store.write((tx) =>
      tx.push.save({
        endpoint: input.endpoint,
        user_id: caller.userId,
        session_id: caller.sessionId,
        p256dh: input.p256dh,
        auth: input.auth,
        hide_preview: input.hidePreview ? 1 : 0,
        created_at: this.deps.clock.now(),
      }),
    );
  }

  async unregisterPush(caller: Caller, endpoint: string): Promise<void> {
    await this.deps.store.write((tx) => tx.push.remove(endpoint, caller.userId));
  }

  /**
   * After a message is stored: pushes it to each member who has no device online and has not
   * muted the chat. Service messages are pushed only to whom they concern: the people added to a
   * group (or a group made with them), and everyone for a pinned message. The texts the server
   * writes (service sentences, "New message" for hidden previews) are in each recipient's
   * language. Runs after the reply to the sender; failures are logged, never thrown.
   */
  async messagePosted(chat: ChatRow, members: readonly ChatMemberRow[], message: MessageRow): Promise<void> {
    if (message.silent) return;
    const service = message.service ? (JSON.parse(message.service) as StoredService) : undefined;
    const concerned = service ? serviceAudience(service) : undefined;
    if (service && !concerned) return;
    try {
      const repos = this.deps.store.read;
      const offline = (id: number) =>
        id !== message.sender_id && !this.deps.online.isOnline(id) && (!concerned || concerned(id));
      // Most people have no subscription: one query finds those who do (a large chat's members
      // are never all loaded).
      const subscriptions = isLarge(chat)
        ? (await repos.push.forChatMembers(chat.id)).filter((s) => offline(s.user_id))
        : await repos.push.forUsers(members.map((m) => m.user_id).filter(offline));
      if (subscriptions.length === 0) return;
      const sender = await repos.accounts.userById(message.sender_id);
      const senderName = sender?.display_name ?? '';
      const recipients = [...new Set(subscriptions.map((s) => s.user_id))];
      const languages = await repos.settings.languagesOf(recipients);
      const muted = new Set<number>();
      for (const userId of recipients) {
        const dialog = await repos.chats.dialog(userId, chat.id);
        if (!dialog || dialog.muted) muted.add(userId);
      }
      for (const subscription of subscriptions) {
        if (muted.has(subscription.user_id)) continue;
        const texts = pushTexts(languages.get(subscription.user_id));
        const hide = subscription.hide_preview === 1;
        const payload: PushPayload = {
          type: 'message',
          chatId: String(chat.id),
          messageId: message.id,
          title: hide ? '' : chat.kind === ChatKind.PRIVATE ? senderName : chat.title,
          body: hide
            ? texts.newMessage
            : service
              ? withActor(
                  service.kind === ServiceKind.MESSAGE_PINNED ? texts.pinned : texts.addedYou,
                  senderName,
                )
              : preview(message, chat, senderName),
        };
        const outcome = await this.deps.sender.send(subscription, JSON.stringify(payload));
        if (outcome === 'gone') await this.deps.store.write((tx) => tx.push.remove(subscription.endpoint));
      }
    } catch (error) {
      this.deps.log(error, 'push notification failed');
    }
  }
}

/** Who a service message is pushed to, or undefined for the kinds that are not pushed. */
function serviceAudience(service: StoredService): ((userId: number) => boolean) | undefined {
  if (service.kind === ServiceKind.MESSAGE_PINNED) return () => true;
  if (service.kind === ServiceKind.MEMBERS_ADDED || service.kind === ServiceKind.GROUP_CREATED)
    return (userId) => service.userIds.includes(userId);
  return undefined;
}

function preview(message: MessageRow, chat: ChatRow, senderName: string): string {
  // A poll has no text: its question stands for it (the push has no language of its own).
  const source = message.poll ? `📊 ${pollFromJson(message.poll).question}` : message.text;
  const text = [...source].slice(0, PREVIEW_LENGTH).join('');
  // Group members see who wrote; a channel speaks as itself.
  return chat.kind === ChatKind.GROUP || chat.kind === ChatKind.SUPERGROUP ? `${senderName}: ${text}` : text;
}

const BASE64URL = /^[A-Za-z0-9_-]+={0,2}$/;

function checkSubscription(input: RegisterPushInput): void {
  const invalid = (why: string) => new DomainError(ErrorCode.PUSH_SUBSCRIPTION_INVALID, why);
  let url: URL;
  try {
    url = new URL(input.endpoint);
  } catch {
    throw invalid('endpoint is not a URL');
  }
  if (url.protocol !== 'https:' || input.endpoint.length > 2048)
    throw invalid('endpoint must be an https URL');
  const key = BASE64URL.test(input.p256dh) ? Buffer.from(input.p256dh, 'base64url') : Buffer.alloc(0);
  if (key.length !== 65 || key[0] !== 0x04) throw invalid('p256dh must be an uncompressed P-256 public key');
  const auth = BASE64URL.test(input.auth) ? Buffer.from(input.auth, 'base64url') : Buffer.alloc(0);
  if (auth.length !== 16) throw invalid('auth must be 16 bytes');
}
