import { signal } from '@preact/signals';

/** A file on its way: shown above the composer with its progress and a cancel button. */
export interface UploadItem {
  id: string;
  chatId: string;
  name: string;
  size: number;
  uploaded: number;
  /** An object URL of the picked image, for a preview while it uploads. */
  preview?: string;
  cancel: AbortController;
}

export const uploads = signal<readonly UploadItem[]>([]);

export function update(id: string, change: Partial<UploadItem>): void {
  uploads.value = uploads.peek().map((item) => (item.id === id ? { ...item, ...change } : item));
}

export function remove(item: UploadItem): void {
  if (item.preview) URL.revokeObjectURL(item.preview);
  uploads.value = uploads.peek().filter((other) => other.id !== item.id);
}
