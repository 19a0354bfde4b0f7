import { NewChannelDialog } from '../features/channels/new-channel-dialog';
import { DeleteDialog } from '../features/conversation/delete-dialog';
import { ForwardDialog } from '../features/conversation/forward-dialog';
import { closeOverlay, overlay } from '../features/conversation/overlays';
import { ReactorsDialog } from '../features/conversation/reactors-dialog';
import { NewChatDialog } from '../features/dialogs/new-chat-dialog';
import { NewGroupDialog } from '../features/groups/new-group-dialog';
import { toastText } from './toast';

/** The one modal at a time, and the toast line. */
export function OverlayHost() {
  const current = overlay.value;
  return (
    <>
      {current?.kind === 'delete' && (
        <DeleteDialog chatId={current.chatId} ids={current.ids} onClose={closeOverlay} />
      )}
      {current?.kind === 'forward' && (
        <ForwardDialog chatId={current.chatId} ids={current.ids} onClose={closeOverlay} />
      )}
      {current?.kind === 'reactors' && (
        <ReactorsDialog chatId={current.chatId} id={current.id} onClose={closeOverlay} />
      )}
      {current?.kind === 'new-chat' && <NewChatDialog onClose={closeOverlay} />}
      {current?.kind === 'new-group' && <NewGroupDialog onClose={closeOverlay} />}
      {current?.kind === 'new-channel' && <NewChannelDialog onClose={closeOverlay} />}
      <div class={toastText.value ? 'toast visible' : 'toast'} role="status" aria-live="polite">
        {toastText.value}
      </div>
    </>
  );
}
