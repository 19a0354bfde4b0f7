import type { User } from '@peyk/protocol';
import { useState } from 'preact/hooks';
import { currentClient } from '../../app/session';
import { t } from '../../i18n/i18n';
import { CreateChatDialog } from './create-chat-dialog';
import { UserPicker } from './user-picker';

/** Creates a group: a title and the first members. */
export function NewGroupDialog({ onClose }: { onClose: () => void }) {
  const [members, setMembers] = useState<User[]>([]);
  return (
    <CreateChatDialog
      heading={t('groups.new')}
      titleLabel={t('groups.title')}
      submitLabel={t('groups.create', { count: members.length })}
      create={async (title) =>
        currentClient().request('createGroup', { title, memberIds: members.map((u) => u.id) })
      }
      onClose={onClose}
    >
      <UserPicker picked={members} onChange={setMembers} />
    </CreateChatDialog>
  );
}
