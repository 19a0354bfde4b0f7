import { type AdminRights, ChatKind } from '@peyk/protocol';
import type { BotStanding } from '../../domain/index.js';
import type { Json } from './objects.js';

export function isLargeKind(kind: ChatKind): boolean {
  return kind === ChatKind.CHANNEL || kind === ChatKind.SUPERGROUP;
}

/** Telegram's ChatMemberAdministrator rights; COMPAT: a small group's admins have every right. */
function adminRightsJson(rights: AdminRights | undefined, kind: ChatKind): Json {
  const all = !isLargeKind(kind);
  const has = (value: boolean | undefined) => all || value === true;
  const json: Json = {
    can_be_edited: false,
    is_anonymous: !all && rights?.postAnonymously === true,
    can_manage_chat: true,
    can_delete_messages: has(rights?.deleteMessages),
    can_manage_video_chats: false,
    can_restrict_members: has(rights?.banUsers),
    can_promote_members: has(rights?.manageAdmins),
    can_change_info: has(rights?.changeInfo),
    can_invite_users: has(rights?.inviteUsers),
    can_post_stories: false,
    can_edit_stories: false,
    can_delete_stories: false,
  };
  if (kind === ChatKind.CHANNEL) {
    json.can_post_messages = has(rights?.postMessages);
    json.can_edit_messages = has(rights?.editMessages);
  } else {
    json.can_pin_messages = has(rights?.pinMessages);
  }
  return json;
}

/** A ChatMember object as Telegram's: creator, administrator, member, restricted, left or kicked. */
export function chatMemberJson(user: Json, standing: BotStanding, kind: ChatKind): Json {
  switch (standing.status) {
    case 'creator':
      return { status: 'creator', user, is_anonymous: false };
    case 'administrator':
      return { status: 'administrator', user, ...adminRightsJson(standing.rights, kind) };
    case 'kicked':
      return { status: 'kicked', user, until_date: standing.until ?? 0 };
    case 'restricted': {
      const r = standing.restrictions;
      const messages = !r?.noMessages;
      const media = messages && !r?.noMedia;
      return {
        status: 'restricted',
        user,
        is_member: true,
        can_send_messages: messages,
        can_send_audios: media,
        can_send_documents: media,
        can_send_photos: media,
        can_send_videos: media,
        can_send_video_notes: media,
        can_send_voice_notes: media,
        can_send_polls: messages,
        can_send_other_messages: messages,
        can_add_web_page_previews: messages && !r?.noLinks,
        can_change_info: false,
        can_invite_users: true,
        can_pin_messages: false,
        can_manage_topics: false,
        until_date: r?.until ?? 0,
      };
    }
    default:
      return { status: standing.status, user };
  }
}
