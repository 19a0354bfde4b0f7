/** Unsent text per chat, kept in localStorage so it survives reloads. */
const KEY = 'peyk.drafts';

function readAll(): Record<string, string> {
  try {
    return JSON.parse(localStorage.getItem(KEY) ?? '{}') as Record<string, string>;
  } catch {
    return {};
  }
}

export function loadDraft(chatId: string): string {
  return readAll()[chatId] ?? '';
}

export function saveDraft(chatId: string, text: string): void {
  const all = readAll();
  if (text.trim()) all[chatId] = text;
  else delete all[chatId];
  try {
    localStorage.setItem(KEY, JSON.stringify(all));
  } catch {
    // A full quota loses the draft, not the app.
  }
}
