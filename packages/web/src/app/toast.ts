import { signal } from '@preact/signals';

/** A short message at the bottom of the screen (copied, failed to send, ...), read by screen readers. */
export const toastText = signal('');
let timer: ReturnType<typeof setTimeout> | undefined;

export function toast(text: string): void {
  toastText.value = text;
  clearTimeout(timer);
  timer = setTimeout(() => {
    toastText.value = '';
  }, 4000);
}
