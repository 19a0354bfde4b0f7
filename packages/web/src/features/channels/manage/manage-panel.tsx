import { type Chat, MemberRole } from '@peyk/protocol';
import { useState } from 'preact/hooks';
import { t } from '../../../i18n/i18n';
import { Icon, type IconName } from '../../../ui/icon';
import { AdminLogDialog } from './admin-log';
import { BannedDialog } from './banned-list';
import { ChatSettings } from './chat-settings';
import { InviteLinksDialog } from './invite-links';
import { JoinRequestsDialog } from './join-requests';

type Screen = 'links' | 'requests' | 'banned' | 'log';

/**
 * An admin's part of a channel's or supergroup's info page: its settings, and the screens for
 * invite links, join requests, bans and the admin log, each offered only with the right it needs.
 */
export function ManagePanel({ chat }: { chat: Chat }) {
  const [open, setOpen] = useState<Screen | undefined>(undefined);
  const owner = chat.myRole === MemberRole.OWNER;
  const may = (right: 'changeInfo' | 'inviteUsers' | 'banUsers') => owner || chat.myRights?.[right] === true;
  const screens: [Screen, string, IconName][] = [];
  if (may('inviteUsers')) {
    screens.push(
      ['links', t('channels.inviteLinks'), 'link'],
      ['requests', t('channels.joinRequests'), 'user'],
    );
  }
  if (may('banUsers')) screens.push(['banned', t('channels.banned'), 'close']);
  screens.push(['log', t('channels.adminLog'), 'clock']);
  const close = () => setOpen(undefined);
  return (
    <section class="manage-panel" aria-label={t('channels.manage')}>
      <h3 class="section-title">{t('channels.manage')}</h3>
      {may('changeInfo') && <ChatSettings chat={chat} />}
      <div class="manage-buttons">
        {screens.map(([screen, label, icon]) => (
          <button key={screen} type="button" class="button" onClick={() => setOpen(screen)}>
            <Icon name={icon} size={18} /> {label}
          </button>
        ))}
      </div>
      {open === 'links' && <InviteLinksDialog chat={chat} onClose={close} />}
      {open === 'requests' && <JoinRequestsDialog chat={chat} onClose={close} />}
      {open === 'banned' && <BannedDialog chat={chat} onClose={close} />}
      {open === 'log' && <AdminLogDialog chat={chat} onClose={close} />}
    </section>
  );
}
