import { signal } from '@preact/signals';

/** What the composer of a chat is doing besides writing a new message. */
export type ComposerMode = { kind: 'reply'; messageId: number } | { kind: 'edit'; messageId: number };

export const composerModes = signal<ReadonlyMap<string, ComposerMode>>(new Map());

/** Bumped to ask the composer to take focus (after choosing reply or edit). */
export const focusComposer = signal(0);

export function setComposerMode(chatId: string, mode: ComposerMode | undefined): void {
  const next = new Map(composerModes.peek());
  if (mode) next.set(chatId, mode);
  else next.delete(chatId);
  composerModes.value = next;
  focusComposer.value++;
}

/** Text put into a chat's composer from elsewhere (a bot's switch-inline button). */
export const composerFill = signal<{ chatId: string; text: string } | undefined>(undefined);

export function fillComposer(chatId: string, text: string): void {
  composerFill.value = { chatId, text };
  focusComposer.value++;
}
