import { type ClientState, isLargeChat } from '@peyk/client';
import { ChatKind, type Dialog, Limits, MemberRole, type User } from '@peyk/protocol';
import { useEffect, useState } from 'preact/hooks';
import { chatTitle, peerOf } from '../../app/names';
import { presenceText } from '../../app/presence';
import { goHome, navigate } from '../../app/router';
import { currentClient } from '../../app/session';
import { t } from '../../i18n/i18n';
import { Avatar } from '../../ui/avatar';
import { Icon } from '../../ui/icon';
import { Modal } from '../../ui/modal';
import { ManagePanel } from '../channels/manage/manage-panel';
import { memberCountOf } from '../channels/member-counts';
import { MemberDirectory } from '../channels/member-directory';
import { chatSubtitle } from '../conversation/chat-header';
import { attempt } from '../conversation/message-actions';
import { MemberRow } from './member-row';
import { reloadMembers } from './members';
import { UserPicker } from './user-picker';

const ROLE_ORDER: Record<number, number> = { [MemberRole.OWNER]: 0, [MemberRole.ADMIN]: 1 };

/** The side panel about a chat: a person's profile, or a group's title and members. */
export function ChatInfo({ state, dialog }: { state: ClientState; dialog: Dialog }) {
  const chat = dialog.chat;
  const [adding, setAdding] = useState(false);
  const [leaving, setLeaving] = useState(false);
  const [title, setTitle] = useState(chat?.title ?? '');
  useEffect(() => setTitle(chat?.title ?? ''), [chat?.title]);
  useEffect(() => {
    // A large chat's members are not pushed: its first page is fetched whenever the panel opens.
    if (!chat || chat.kind === ChatKind.PRIVATE || (!isLargeChat(chat) && state.members(chat.id))) return;
    void reloadMembers(chat.id);
  }, [chat?.id]);
  if (!chat) return null;
  const close = () => navigate(`/chat/${chat.id}`);
  const name = chatTitle(state, chat);
  const isGroup = chat.kind !== ChatKind.PRIVATE;
  const large = isLargeChat(chat);
  const leaveLabel = chat.kind === ChatKind.CHANNEL ? t('channels.leave') : t('groups.leave');
  const admin = chat.myRole === MemberRole.ADMIN || chat.myRole === MemberRole.OWNER;
  const peer = peerOf(state, chat);
  const members = [...(state.members(chat.id) ?? [])].sort(
    (a, b) => (ROLE_ORDER[a.role] ?? 2) - (ROLE_ORDER[b.role] ?? 2) || a.joinedAt - b.joinedAt,
  );
  const rename = (event: Event) => {
    event.preventDefault();
    if (title.trim() && title.trim() !== chat.title)
      void attempt(() => currentClient().request('renameChat', { chatId: chat.id, title: title.trim() }));
  };
  const leave = async () => {
    setLeaving(false);
    if (await attempt(() => currentClient().request('leaveChat', { chatId: chat.id }))) goHome();
  };
  return (
    <aside class="chat-info" aria-label={t('chat.info')}>
      <header class="panel-header">
        <button type="button" class="icon-button" aria-label={t('common.close')} onClick={close}>
          <Icon name="close" />
        </button>
        <h2>{isGroup ? t('groups.info') : t('chat.userInfo')}</h2>
      </header>
      <div class="info-hero">
        <Avatar id={chat.id} name={name} size={96} />
        <h3 dir="auto">{name}</h3>
        <p class="muted-text">{chatSubtitle(state, dialog)}</p>
      </div>
      {!isGroup && peer && <PersonDetails user={peer} />}
      {isGroup && admin && (
        <form class="form inline-form" onSubmit={rename}>
          <label for="group-title">{t('groups.title')}</label>
          <div class="inline-row">
            <input
              id="group-title"
              value={title}
              maxLength={Limits.chatTitleMax}
              onInput={(e) => setTitle(e.currentTarget.value)}
            />
            <button type="submit" class="button" disabled={!title.trim() || title.trim() === chat.title}>
              {t('groups.rename')}
            </button>
          </div>
        </form>
      )}
      {large && admin && <ManagePanel chat={chat} />}
      {isGroup && (
        <section class="members">
          <div class="section-head">
            <h3 class="section-title">
              {t('chat.members', {
                count: large ? memberCountOf(chat) : members.length || chat.memberCount,
              })}
            </h3>
            <button type="button" class="button small" onClick={() => setAdding(true)}>
              <Icon name="plus" size={18} /> {t('groups.addMembers')}
            </button>
          </div>
          {large ? (
            <MemberDirectory state={state} chat={chat} />
          ) : (
            <ul class="member-list">
              {members.map((member) => (
                <MemberRow key={member.userId} state={state} chat={chat} member={member} />
              ))}
            </ul>
          )}
          <button type="button" class="button danger wide" onClick={() => setLeaving(true)}>
            <Icon name="logout" size={18} /> {leaveLabel}
          </button>
        </section>
      )}
      {leaving && (
        <Modal title={leaveLabel} onClose={() => setLeaving(false)}>
          <p dir="auto">{t('groups.leaveConfirm', { title: name })}</p>
          <div class="modal-actions">
            <button type="button" class="button" onClick={() => setLeaving(false)}>
              {t('common.cancel')}
            </button>
            <button type="button" class="button danger" onClick={leave}>
              {leaveLabel}
            </button>
          </div>
        </Modal>
      )}
      {adding && (
        <AddMembersDialog
          chatId={chat.id}
          exclude={members.map((m) => m.userId)}
          onClose={() => setAdding(false)}
        />
      )}
    </aside>
  );
}

function PersonDetails({ user }: { user: User }) {
  return (
    <dl class="person-details">
      {user.username && (
        <>
          <dt>{t('settings.username')}</dt>
          <dd dir="ltr">@{user.username}</dd>
        </>
      )}
      {user.bio && (
        <>
          <dt>{t('settings.bio')}</dt>
          <dd dir="auto">{user.bio}</dd>
        </>
      )}
      <dt>{t('settings.lastSeen')}</dt>
      <dd>{presenceText(user)}</dd>
    </dl>
  );
}

function AddMembersDialog({
  chatId,
  exclude,
  onClose,
}: {
  chatId: string;
  exclude: string[];
  onClose: () => void;
}) {
  const [picked, setPicked] = useState<User[]>([]);
  const [busy, setBusy] = useState(false);
  const add = async () => {
    setBusy(true);
    const ok = await attempt(() =>
      currentClient().request('addMembers', { chatId, userIds: picked.map((u) => u.id) }),
    );
    setBusy(false);
    if (ok) onClose();
  };
  return (
    <Modal title={t('groups.addMembers')} onClose={onClose}>
      <UserPicker picked={picked} onChange={setPicked} exclude={exclude} />
      <div class="modal-actions">
        <button type="button" class="button" onClick={onClose}>
          {t('common.cancel')}
        </button>
        <button type="button" class="button primary" disabled={busy || picked.length === 0} onClick={add}>
          {t('groups.addCount', { count: picked.length })}
        </button>
      </div>
    </Modal>
  );
}
