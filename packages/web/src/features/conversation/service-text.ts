import type { ClientState } from '@peyk/client';
import { type Message, ServiceKind } from '@peyk/protocol';
import type { ComponentChildren } from 'preact';
import { userName } from '../../app/names';
import { t } from '../../i18n/i18n';
import { tIsolated } from '../../i18n/isolated-text';
import { mediaLabel } from '../media/media-format';

interface ServiceSentence {
  key: string;
  /** Names and titles, which may be in any script. */
  names: Record<string, string>;
  /** `self` lets a language conjugate for "you" (Turkish "oluşturdunuz", Russian "Вы создали"). */
  self: 'yes' | 'no';
}

function serviceSentence(state: ClientState, message: Message): ServiceSentence | undefined {
  const service = message.service;
  if (!service) return undefined;
  const mine = message.senderId === state.selfId;
  const actor = mine ? t('service.you') : userName(state.user(message.senderId));
  const self = mine ? 'yes' : 'no';
  const users = service.userIds.map((id) => userName(state.user(id))).join(t('common.listSeparator'));
  switch (service.kind) {
    case ServiceKind.GROUP_CREATED:
      return { key: 'service.groupCreated', names: { actor, title: service.title }, self };
    case ServiceKind.MEMBERS_ADDED:
      return { key: 'service.membersAdded', names: { actor, users }, self };
    case ServiceKind.MEMBER_REMOVED:
      return { key: 'service.memberRemoved', names: { actor, users }, self };
    case ServiceKind.MEMBER_LEFT:
      return { key: 'service.memberLeft', names: { actor }, self };
    case ServiceKind.MEMBER_JOINED:
      return { key: 'service.memberJoined', names: { actor }, self };
    case ServiceKind.CHANNEL_CREATED:
      return { key: 'service.channelCreated', names: { title: service.title }, self };
    case ServiceKind.TITLE_CHANGED:
      return { key: 'service.titleChanged', names: { actor, title: service.title }, self };
    case ServiceKind.MESSAGE_PINNED:
      return { key: 'service.messagePinned', names: { actor }, self };
    default:
      return { key: 'service.unknown', names: {}, self };
  }
}

/** The sentence for a service message: "Sara added Ali", "Reza changed the group name to …". */
function serviceText(state: ClientState, message: Message): string {
  const sentence = serviceSentence(state, message);
  return sentence ? t(sentence.key, { ...sentence.names, self: sentence.self }) : '';
}

/** The same sentence for the conversation, each name in a `<bdi>` so another script cannot reorder it. */
export function serviceNodes(state: ClientState, message: Message): ComponentChildren {
  const sentence = serviceSentence(state, message);
  return sentence ? tIsolated(sentence.key, sentence.names, { self: sentence.self }) : '';
}

/** A one-line summary of a message for lists, notifications and reply quotes. */
export function messagePreview(state: ClientState, message: Message): string {
  if (message.service) return serviceText(state, message);
  if (message.poll) return `${t('polls.poll')}: ${message.poll.question}`;
  const caption = message.text.replace(/\s+/g, ' ').trim();
  const text = message.media ? [mediaLabel(message), caption].filter(Boolean).join(' · ') : caption;
  return message.forward ? `${t('message.forwardedShort')} ${text}` : text;
}
