import { create } from '@bufbuild/protobuf';
import { LastSeenPrivacy, PresenceKind, PresenceSchema, type User, UserSchema } from '@peyk/protocol';
import type { UserRow } from '../../store/schema.js';
import type { Repositories } from '../../store/store.js';
import { wireId } from '../ids.js';

/** Tells whether a user has a live connection right now. */
export interface OnlineCheck {
  isOnline(userId: number): boolean;
}

/**
 * Users as `viewerId` may see them: contact and block flags from the viewer's side, and presence
 * only where the user's privacy setting and blocks allow.
 */
export async function viewUsers(
  repos: Repositories,
  online: OnlineCheck,
  viewerId: number,
  rows: readonly UserRow[],
): Promise<User[]> {
  // Nobody is their own contact or blocks themselves: viewing oneself (every sign-in does)
  // needs no query.
  const ids = rows.map((r) => r.id).filter((id) => id !== viewerId);
  const [contacts, blocked, haveViewer, blockedViewer] = await Promise.all([
    repos.people.contactsAmong(viewerId, ids),
    repos.people.blockedAmong(viewerId, ids),
    repos.people.contactOfAmong(viewerId, ids),
    repos.people.blockersAmong(viewerId, ids),
  ]);
  return rows.map((row) =>
    create(UserSchema, {
      id: wireId(row.id),
      username: row.username ?? '',
      displayName: row.display_name,
      bio: row.bio,
      isSelf: row.id === viewerId,
      isContact: contacts.has(row.id),
      blocked: blocked.has(row.id),
      presence: presenceOf(row, online, {
        self: row.id === viewerId,
        viewerIsContact: haveViewer.has(row.id),
        viewerBlocked: blockedViewer.has(row.id),
      }),
      updatedAt: row.updated_at,
      deleted: row.deleted_at > 0,
      isBot: row.is_bot === 1,
    }),
  );
}

export async function viewUser(
  repos: Repositories,
  online: OnlineCheck,
  viewerId: number,
  row: UserRow,
): Promise<User> {
  const [user] = await viewUsers(repos, online, viewerId, [row]);
  return user as User;
}

interface Relation {
  self: boolean;
  viewerIsContact: boolean;
  viewerBlocked: boolean;
}

/** Whether the viewer may see this user's online state and last-seen time. */
export function presenceVisible(privacy: number, relation: Relation): boolean {
  if (relation.self) return true;
  if (relation.viewerBlocked) return false;
  if (privacy === LastSeenPrivacy.CONTACTS) return relation.viewerIsContact;
  return privacy !== LastSeenPrivacy.NOBODY;
}

function presenceOf(row: UserRow, online: OnlineCheck, relation: Relation) {
  if (row.deleted_at > 0) return create(PresenceSchema, {});
  if (!presenceVisible(row.last_seen_privacy, relation)) return create(PresenceSchema, {});
  if (online.isOnline(row.id)) return create(PresenceSchema, { kind: PresenceKind.ONLINE });
  return create(PresenceSchema, { kind: PresenceKind.OFFLINE, lastSeenAt: row.last_seen_at });
}
