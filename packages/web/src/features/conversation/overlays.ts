import { signal } from '@preact/signals';

/** The modal a conversation shows over itself, if any. */
export type Overlay =
  | { kind: 'delete'; chatId: string; ids: number[] }
  | { kind: 'forward'; chatId: string; ids: number[] }
  | { kind: 'reactors'; chatId: string; id: number }
  | { kind: 'new-chat' }
  | { kind: 'new-group' }
  | { kind: 'new-channel' }
  | { kind: 'new-poll'; chatId: string };

export const overlay = signal<Overlay | undefined>(undefined);

export const closeOverlay = () => {
  overlay.value = undefined;
};

/** Messages picked for a bulk action (forward, delete, copy). */
export const selection = signal<{ chatId: string; ids: ReadonlySet<number> } | undefined>(undefined);

export function toggleSelected(chatId: string, id: number): void {
  const current = selection.peek();
  const ids = new Set(current?.chatId === chatId ? current.ids : []);
  if (ids.has(id)) ids.delete(id);
  else ids.add(id);
  selection.value = ids.size > 0 ? { chatId, ids } : undefined;
}

export const clearSelection = () => {
  selection.value = undefined;
};
