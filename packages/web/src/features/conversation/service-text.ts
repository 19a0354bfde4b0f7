import type { ClientState } from '@peyk/client';
import { type Message, ServiceKind } from '@peyk/protocol';
import { userName } from '../../app/names';
import { t } from '../../i18n/i18n';
import { mediaLabel } from '../media/media-format';

/** The sentence for a service message: "Sara added Ali", "Reza changed the group name to …". */
export function serviceText(state: ClientState, message: Message): string {
  const service = message.service;
  if (!service) return '';
  const actor = message.senderId === state.selfId ? t('service.you') : userName(state.user(message.senderId));
  const targets = service.userIds.map((id) => userName(state.user(id))).join(t('common.listSeparator'));
  switch (service.kind) {
    case ServiceKind.GROUP_CREATED:
      return t('service.groupCreated', { actor, title: service.title });
    case ServiceKind.MEMBERS_ADDED:
      return t('service.membersAdded', { actor, users: targets });
    case ServiceKind.MEMBER_REMOVED:
      return t('service.memberRemoved', { actor, users: targets });
    case ServiceKind.MEMBER_LEFT:
      return t('service.memberLeft', { actor });
    case ServiceKind.TITLE_CHANGED:
      return t('service.titleChanged', { actor, title: service.title });
    case ServiceKind.MESSAGE_PINNED:
      return t('service.messagePinned', { actor });
    default:
      return t('service.unknown');
  }
}

/** A one-line summary of a message for lists, notifications and reply quotes. */
export function messagePreview(state: ClientState, message: Message): string {
  if (message.service) return serviceText(state, message);
  const caption = message.text.replace(/\s+/g, ' ').trim();
  const text = message.media ? [mediaLabel(message), caption].filter(Boolean).join(' · ') : caption;
  return message.forward ? `${t('message.forwardedShort')} ${text}` : text;
}
