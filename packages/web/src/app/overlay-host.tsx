import { closeOverlay, overlay } from '../features/conversation/overlays';
import { lazy } from '../ui/lazy';
import { loadScreens as screens } from './load-screens';
import { toastText } from './toast';

const DeleteDialog = lazy(() => screens().then((m) => m.DeleteDialog));
const ForwardDialog = lazy(() => screens().then((m) => m.ForwardDialog));
const ReactorsDialog = lazy(() => screens().then((m) => m.ReactorsDialog));
const NewChatDialog = lazy(() => screens().then((m) => m.NewChatDialog));
const NewGroupDialog = lazy(() => screens().then((m) => m.NewGroupDialog));
const NewChannelDialog = lazy(() => screens().then((m) => m.NewChannelDialog));
const NewPollDialog = lazy(() => screens().then((m) => m.NewPollDialog));

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
      {current?.kind === 'new-poll' && <NewPollDialog chatId={current.chatId} onClose={closeOverlay} />}
      <div class={toastText.value ? 'toast visible' : 'toast'} role="status" aria-live="polite">
        {toastText.value}
      </div>
    </>
  );
}
