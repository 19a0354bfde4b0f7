import type { ClientState } from '@peyk/client';
import { type Chat, ChatKind, type ChatMember, MemberRole } from '@peyk/protocol';
import { useState } from 'preact/hooks';
import { userName } from '../../app/names';
import { isOnline, presenceText } from '../../app/presence';
import { currentClient } from '../../app/session';
import { t } from '../../i18n/i18n';
import { Avatar } from '../../ui/avatar';
import { Icon } from '../../ui/icon';
import { Menu, type MenuItem, menuPointFor } from '../../ui/menu';
import { ModerateDialog } from '../channels/manage/moderate-dialog';
import { BotBadge } from '../bots/bot-badge';
import { RightsEditor } from '../channels/rights-editor';
import { attempt } from '../conversation/message-actions';

const ROLE_KEYS: Partial<Record<MemberRole, string>> = {
  [MemberRole.OWNER]: 'groups.owner',
  [MemberRole.ADMIN]: 'groups.admin',
};

/** One member: name, presence, role, and what I may do to them (owner: roles; admins: remove). */
export function MemberRow({ state, chat, member }: { state: ClientState; chat: Chat; member: ChatMember }) {
  const [menu, setMenu] = useState<{ x: number; y: number } | undefined>(undefined);
  const [editingRights, setEditingRights] = useState(false);
  const [moderating, setModerating] = useState<'ban' | 'restrict' | undefined>(undefined);
  const user = state.user(member.userId);
  const me = member.userId === state.selfId;
  const myRole = chat.myRole;
  const client = currentClient();
  const items: MenuItem[] = [];
  const large = chat.kind === ChatKind.CHANNEL || chat.kind === ChatKind.SUPERGROUP;
  // In a channel or supergroup: an admin's rights, for the owner or an admin who adds admins
  // (to plain members only: only the owner changes another admin's).
  const managesAdmins =
    myRole === MemberRole.OWNER ||
    (chat.myRights?.manageAdmins === true && member.role === MemberRole.MEMBER);
  if (!me && large && member.role !== MemberRole.OWNER && managesAdmins) {
    items.push({ label: t('channels.rights'), icon: 'settings', onSelect: () => setEditingRights(true) });
  }
  // Ban and restrict: who may ban users, on plain members (and, for the owner, on admins: a ban).
  const bans = myRole === MemberRole.OWNER || chat.myRights?.banUsers === true;
  const outranked =
    member.role === MemberRole.MEMBER || (member.role === MemberRole.ADMIN && myRole === MemberRole.OWNER);
  if (!me && large && bans && outranked) {
    if (member.role === MemberRole.MEMBER)
      items.push({
        label: t('channels.restrictMenu'),
        icon: 'muted',
        onSelect: () => setModerating('restrict'),
      });
    items.push({
      label: t('channels.banMenu'),
      icon: 'close',
      danger: true,
      onSelect: () => setModerating('ban'),
    });
  }
  if (!me && !large && myRole === MemberRole.OWNER && member.role !== MemberRole.OWNER) {
    const admin = member.role === MemberRole.ADMIN;
    items.push({
      label: admin ? t('groups.removeAdmin') : t('groups.makeAdmin'),
      icon: 'user',
      onSelect: () =>
        void attempt(() =>
          client.request('setMemberRole', {
            chatId: chat.id,
            userId: member.userId,
            role: admin ? MemberRole.MEMBER : MemberRole.ADMIN,
          }),
        ),
    });
  }
  const canRemove =
    !me &&
    member.role !== MemberRole.OWNER &&
    (myRole === MemberRole.OWNER || (myRole === MemberRole.ADMIN && member.role === MemberRole.MEMBER));
  if (canRemove) {
    items.push({
      label: t('groups.remove'),
      icon: 'delete',
      danger: true,
      onSelect: () =>
        void attempt(() => client.request('removeMember', { chatId: chat.id, userId: member.userId })),
    });
  }
  const roleKey = ROLE_KEYS[member.role];
  const restricted = isRestricted(member);
  return (
    <li class="member-row" data-user-id={member.userId}>
      <Avatar id={member.userId} name={userName(user)} size={40} online={isOnline(user)} />
      <span class="result-main">
        <span dir="auto">{me ? t('groups.you', { name: userName(user) }) : userName(user)}</span>
        <span class={isOnline(user) ? 'result-sub online' : 'result-sub'}>{presenceText(user)}</span>
      </span>
      <BotBadge user={user} />
      {roleKey && <span class="role">{t(roleKey)}</span>}
      {restricted && <span class="role restricted">{t('channels.restricted')}</span>}
      {items.length > 0 && (
        <button
          type="button"
          class="icon-button small"
          aria-label={t('groups.memberActions', { name: userName(user) })}
          aria-haspopup="menu"
          onClick={(event) => setMenu(menuPointFor(event.currentTarget))}
        >
          <Icon name="more" size={20} />
        </button>
      )}
      {menu && (
        <Menu
          x={menu.x}
          y={menu.y}
          items={items}
          label={t('groups.memberActions', { name: userName(user) })}
          onClose={() => setMenu(undefined)}
        />
      )}
      {moderating && (
        <ModerateDialog
          chat={chat}
          member={member}
          name={userName(user)}
          action={moderating}
          onClose={() => setModerating(undefined)}
        />
      )}
      {editingRights && (
        <RightsEditor
          chat={chat}
          userId={member.userId}
          name={userName(user)}
          current={member.rights}
          onClose={() => setEditingRights(false)}
        />
      )}
    </li>
  );
}

/** Whether a member's restrictions hold now. */
function isRestricted(member: ChatMember): boolean {
  const r = member.restrictions;
  if (!r || !(r.noMessages || r.noMedia || r.noLinks)) return false;
  return r.until === 0 || r.until > Date.now() / 1000;
}
