import type { Chat, InviteLink } from '@peyk/protocol';
import { useState } from 'preact/hooks';
import { errorText } from '../../../app/error-text';
import { currentClient } from '../../../app/session';
import { dateSettings, n, t } from '../../../i18n/i18n';
import { formatDateTime } from '../../../lib/dates';
import { Icon } from '../../../ui/icon';
import { Modal } from '../../../ui/modal';
import { attempt, copyText } from '../../conversation/message-actions';
import { SwitchField } from '../../settings/select-field';
import { DURATIONS, formatPeriod, untilFromNow } from '../durations';
import { useFetched } from './use-fetched';

/** The address that opens an invite link in this web app. */
export function inviteUrl(link: string): string {
  return `${window.location.origin}${window.location.pathname}#/+${link}`;
}

/** Invite links of a chat: the list (uses, expiry, revoked), a form for a new one, copy and revoke. */
export function InviteLinksDialog({ chat, onClose }: { chat: Chat; onClose: () => void }) {
  const [expiry, setExpiry] = useState(0);
  const [limit, setLimit] = useState(0);
  const [approval, setApproval] = useState(false);
  const client = currentClient();
  const listed = useFetched(() => client.request('listInviteLinks', { chatId: chat.id }), chat.id);
  const links = listed.value?.links;
  const [failed, setError] = useState('');
  const error = failed || listed.error;
  const create = async (event: Event) => {
    event.preventDefault();
    setError('');
    try {
      const made = await client.request('createInviteLink', {
        chatId: chat.id,
        expiresAt: untilFromNow(expiry),
        usageLimit: limit,
        requiresApproval: approval,
      });
      await listed.reload();
      await copyText(inviteUrl(made.link));
    } catch (failure) {
      setError(errorText(failure));
    }
  };
  const revoke = async (link: string) => {
    if (await attempt(() => client.request('revokeInviteLink', { chatId: chat.id, link })))
      await listed.reload();
  };
  return (
    <Modal title={t('channels.inviteLinks')} onClose={onClose} wide>
      <form class="form invite-form" onSubmit={create}>
        <div class="field inline">
          <label for="invite-expiry">{t('channels.expiresAfter')}</label>
          <select
            id="invite-expiry"
            value={expiry}
            onChange={(e) => setExpiry(Number(e.currentTarget.value))}
          >
            {DURATIONS.map((seconds) => (
              <option key={seconds} value={seconds}>
                {seconds === 0 ? t('channels.never') : formatPeriod(seconds)}
              </option>
            ))}
          </select>
        </div>
        <div class="field inline">
          <label for="invite-limit">{t('channels.usageLimit')}</label>
          <input
            id="invite-limit"
            type="number"
            min={0}
            max={100000}
            value={limit}
            onInput={(e) => setLimit(Math.max(0, Math.floor(Number(e.currentTarget.value) || 0)))}
          />
        </div>
        <SwitchField label={t('channels.requiresApproval')} checked={approval} onChange={setApproval} />
        {error && (
          <p class="form-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" class="button primary">
          <Icon name="link" size={18} /> {t('channels.newLink')}
        </button>
      </form>
      {links?.length === 0 && <p class="muted-text">{t('channels.linksEmpty')}</p>}
      <ul class="manage-list invite-links">
        {links?.map((link) => (
          <InviteLinkRow key={link.link} link={link} onRevoke={() => revoke(link.link)} />
        ))}
      </ul>
    </Modal>
  );
}

function InviteLinkRow({ link, onRevoke }: { link: InviteLink; onRevoke: () => void }) {
  const now = Math.floor(Date.now() / 1000);
  const expired = link.expiresAt !== 0 && link.expiresAt <= now;
  const facts = [
    link.usageLimit
      ? t('channels.linkUsedOf', { used: n(link.usageCount), limit: n(link.usageLimit) })
      : t('channels.linkUsed', { used: n(link.usageCount) }),
  ];
  if (link.requiresApproval) facts.push(t('channels.needsApproval'));
  if (link.revoked) facts.push(t('channels.revoked'));
  else if (expired) facts.push(t('channels.expired'));
  else if (link.expiresAt)
    facts.push(t('channels.expiresAt', { date: formatDateTime(link.expiresAt, dateSettings.value) }));
  const usable = !link.revoked && !expired;
  return (
    <li class={usable ? 'manage-row' : 'manage-row inactive'} data-link={link.link}>
      <span class="result-main">
        <span dir="ltr" class="invite-url">
          {inviteUrl(link.link)}
        </span>
        <span class="result-sub">{facts.join(' · ')}</span>
      </span>
      {usable && (
        <>
          <button
            type="button"
            class="icon-button small"
            aria-label={t('channels.copyLink')}
            onClick={() => void copyText(inviteUrl(link.link))}
          >
            <Icon name="copy" size={18} />
          </button>
          <button type="button" class="button small danger" onClick={onRevoke}>
            {t('channels.revoke')}
          </button>
        </>
      )}
    </li>
  );
}
