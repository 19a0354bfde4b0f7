import { MediaKind } from '@peyk/protocol';
import { useEffect, useRef, useState } from 'preact/hooks';
import { toast } from '../../app/toast';
import { t } from '../../i18n/i18n';
import { Icon } from '../../ui/icon';
import { Menu } from '../../ui/menu';
import { formatBytes, formatDuration } from './media-format';
import { uploads } from './upload-state';
import type { Recording } from './voice-recorder';

/** Sends files with the uploader loaded on first use (it carries the protobuf JSON codec). */
export async function sendFilesLater(
  ...args: Parameters<typeof import('./uploads').sendFiles>
): Promise<void> {
  const { sendFiles } = await import('./uploads');
  return sendFiles(...args);
}

/** The files a paste or a drop carries, if any. */
export function filesOf(data: DataTransfer | null): File[] {
  return data ? [...data.files] : [];
}

/** The paperclip: a menu to pick files to send or to create a poll. */
export function AttachButton({ onFiles, onPoll }: { onFiles: (files: File[]) => void; onPoll: () => void }) {
  const input = useRef<HTMLInputElement>(null);
  const [menu, setMenu] = useState<{ x: number; y: number } | undefined>(undefined);
  return (
    <>
      <button
        type="button"
        class="icon-button attach-button"
        aria-label={t('media.attach')}
        aria-haspopup="menu"
        onClick={(event) => {
          const rect = event.currentTarget.getBoundingClientRect();
          setMenu({ x: rect.left, y: rect.top - 100 });
        }}
      >
        <Icon name="attach" />
      </button>
      {menu && (
        <Menu
          x={menu.x}
          y={menu.y}
          label={t('media.attach')}
          onClose={() => setMenu(undefined)}
          items={[
            { label: t('media.files'), icon: 'file', onSelect: () => input.current?.click() },
            { label: t('polls.poll'), icon: 'checks', onSelect: onPoll },
          ]}
        />
      )}
      <input
        ref={input}
        type="file"
        multiple
        hidden
        class="attach-input"
        onChange={(event) => {
          const files = [...(event.currentTarget.files ?? [])];
          event.currentTarget.value = '';
          if (files.length > 0) onFiles(files);
        }}
      />
    </>
  );
}

/** Files of this chat on their way, with progress, a preview and cancel. */
export function UploadList({ chatId }: { chatId: string }) {
  const items = uploads.value.filter((item) => item.chatId === chatId);
  if (items.length === 0) return null;
  return (
    <ul class="upload-list">
      {items.map((item) => (
        <li key={item.id} class="upload-item">
          {item.preview ? (
            <img class="upload-preview" src={item.preview} alt="" width={40} height={40} />
          ) : (
            <span class="upload-preview">
              <Icon name="file" />
            </span>
          )}
          <span class="upload-body">
            <span class="upload-name" dir="auto">
              {t('media.uploading', { name: item.name })}
            </span>
            <progress class="upload-progress" max={item.size || 1} value={item.uploaded} />
            <span class="upload-size">
              {formatBytes(item.uploaded)} / {formatBytes(item.size)}
            </span>
          </span>
          <button
            type="button"
            class="icon-button small"
            aria-label={t('media.cancelUpload')}
            onClick={() => item.cancel.abort()}
          >
            <Icon name="close" size={20} />
          </button>
        </li>
      ))}
    </ul>
  );
}

/** Hold-free voice notes: a tap starts recording, then send or cancel. */
export function VoiceButton({ chatId }: { chatId: string }) {
  const [recording, setRecordingState] = useState<Recording | undefined>(undefined);
  const [elapsed, setElapsed] = useState(0);
  // Leaving the chat while recording throws the recording away.
  const live = useRef<Recording | undefined>(undefined);
  const setRecording = (next: Recording | undefined) => {
    live.current = next;
    setRecordingState(next);
  };
  useEffect(() => () => live.current?.cancel(), []);

  useEffect(() => {
    if (!recording) return;
    const timer = setInterval(() => setElapsed(Date.now() - recording.startedAt), 250);
    return () => clearInterval(timer);
  }, [recording]);

  const start = async () => {
    try {
      const { startRecording } = await import('./voice-recorder');
      setElapsed(0);
      setRecording(await startRecording());
    } catch {
      toast(t('media.micDenied'));
    }
  };

  if (!recording) {
    return (
      <button
        type="button"
        class="icon-button voice-button"
        aria-label={t('media.record')}
        onClick={() => void start()}
      >
        <Icon name="mic" />
      </button>
    );
  }
  return (
    <span class="voice-recording">
      <span class="recording-dot" aria-hidden="true" />
      <span class="recording-time" role="timer">
        {t('media.recording', { time: formatDuration(elapsed) })}
      </span>
      <button
        type="button"
        class="icon-button small"
        aria-label={t('media.cancelRecording')}
        onClick={() => {
          recording.cancel();
          setRecording(undefined);
        }}
      >
        <Icon name="delete" size={20} />
      </button>
      <button
        type="button"
        class="icon-button send-button voice-send"
        aria-label={t('media.sendRecording')}
        onClick={async () => {
          setRecording(undefined);
          const file = await recording.stop();
          void sendFilesLater(chatId, [file], undefined, MediaKind.VOICE);
        }}
      >
        <Icon name="send" />
      </button>
    </span>
  );
}
