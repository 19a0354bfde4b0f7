import type { Dialog } from '@peyk/protocol';
import { compareIds } from './ids.js';

/**
 * The dialog list's order: pinned dialogs first, then by `last_activity` descending, then by
 * chat id descending (so that the order is total and the same on every device).
 */
export function compareDialogs(a: Dialog, b: Dialog): number {
  if (a.pinned !== b.pinned) return a.pinned ? -1 : 1;
  if (a.lastActivity !== b.lastActivity) return b.lastActivity - a.lastActivity;
  return compareIds(b.chat?.id ?? '0', a.chat?.id ?? '0');
}
