import type { ExportProgress } from '@peyk/client';
import { useState } from 'preact/hooks';
import { errorText } from '../../app/error-text';
import { currentClient } from '../../app/session';
import { n, t } from '../../i18n/i18n';

/** Saves a file in the browser's downloads. */
function download(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** "Export my data": the account's profile, contacts and every chat's history as one JSON file. */
export function ExportSection() {
  const [progress, setProgress] = useState<ExportProgress | undefined>(undefined);
  const [error, setError] = useState('');

  const start = async () => {
    setError('');
    setProgress({ chatsDone: 0, chats: 0 });
    try {
      const client = currentClient();
      // The JSON encoder comes with it: loaded only when someone exports.
      const { exportAccount } = await import('@peyk/client/export');
      const data = await exportAccount(client, setProgress);
      const day = data.exportedAt.slice(0, 10);
      download(
        `peyk-export-${client.user?.username || client.user?.id}-${day}.json`,
        JSON.stringify(data, null, 2),
      );
    } catch (failure) {
      setError(errorText(failure));
    } finally {
      setProgress(undefined);
    }
  };

  return (
    <section class="settings-section" aria-labelledby="export-title">
      <h2 id="export-title">{t('settings.exportData')}</h2>
      <p class="muted-text">{t('settings.exportInfo')}</p>
      {error && (
        <p class="form-error" role="alert">
          {error}
        </p>
      )}
      <button
        type="button"
        class="button wide"
        disabled={progress !== undefined}
        onClick={() => void start()}
      >
        {progress
          ? t('settings.exporting', { done: n(progress.chatsDone), total: n(progress.chats) })
          : t('settings.exportData')}
      </button>
    </section>
  );
}
