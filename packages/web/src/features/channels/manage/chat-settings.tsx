import { type Chat, ChatKind, MemberRole } from '@peyk/protocol';
import { currentClient, useAppState } from '../../../app/session';
import { t } from '../../../i18n/i18n';
import { SelectField, SwitchField } from '../../settings/select-field';
import { attempt } from '../../conversation/message-actions';
import { formatPeriod, SLOW_MODE_PERIODS } from '../durations';

/**
 * What an admin with change_info sets on a channel or supergroup: slow mode (supergroups);
 * signed posts and the discussion group for comments (channels).
 */
export function ChatSettings({ chat }: { chat: Chat }) {
  const state = useAppState();
  const client = currentClient();
  if (chat.kind === ChatKind.SUPERGROUP) {
    return (
      <SelectField
        label={t('channels.slowModeSetting')}
        value={String(chat.slowModeSeconds)}
        options={SLOW_MODE_PERIODS.map((seconds) => [
          String(seconds),
          seconds === 0 ? t('channels.off') : formatPeriod(seconds),
        ])}
        onChange={(value) =>
          void attempt(() => client.request('setSlowMode', { chatId: chat.id, seconds: Number(value) }))
        }
      />
    );
  }
  // Supergroups where I may change the info: the candidates for this channel's comments.
  const groups = state
    .dialogs()
    .map((dialog) => dialog.chat)
    .filter(
      (group): group is Chat =>
        group?.kind === ChatKind.SUPERGROUP &&
        (group.myRole === MemberRole.OWNER || group.myRights?.changeInfo === true) &&
        (group.linkedChatId === '0' || group.linkedChatId === chat.id),
    );
  return (
    <>
      <SwitchField
        label={t('channels.signPosts')}
        checked={chat.signatures}
        onChange={(enabled) =>
          void attempt(() => client.request('setSignatures', { chatId: chat.id, enabled }))
        }
      />
      <SelectField
        label={t('channels.discussion')}
        value={chat.linkedChatId}
        options={[['0', t('channels.noDiscussion')], ...groups.map((g): [string, string] => [g.id, g.title])]}
        onChange={(groupId) =>
          void attempt(() => client.request('setDiscussionGroup', { channelId: chat.id, groupId }))
        }
      />
    </>
  );
}
