import { signal } from '@preact/signals';
import type { CalendarChoice, DigitsChoice, HourCycleChoice, WeekStartChoice } from '../lib/dates';

export type ThemeChoice = 'system' | 'light' | 'dark';
export type LastSeenChoice = 'everybody' | 'contacts' | 'nobody';

/** Preferences of this browser, kept in localStorage. */
export interface Prefs {
  /** 'auto' follows the browser's languages. */
  language: string;
  theme: ThemeChoice;
  calendar: CalendarChoice;
  digits: DigitsChoice;
  weekStart: WeekStartChoice;
  /** 12- or 24-hour clock. */
  hourCycle: HourCycleChoice;
  /** Enter sends and Shift+Enter breaks the line; when false, Ctrl/Cmd+Enter sends. */
  enterSends: boolean;
  /** System notifications while the app is in a background tab. */
  notifications: boolean;
  /** Show the sender and text in notifications; else only that a message came. */
  notificationPreview: boolean;
  /** The last-seen privacy chosen here (the protocol has no way to read it back). */
  lastSeen: LastSeenChoice;
  /** Data saver: media larger than this many bytes is downloaded only on a tap (0: no limit). */
  autoDownloadBytes: number;
}

/** On a connection the browser reports as metered or slow, data saving starts on. */
function slowConnection(): boolean {
  // Node before 21 has no navigator: the unit tests load this module there.
  if (typeof navigator === 'undefined') return false;
  const connection = (navigator as { connection?: { saveData?: boolean; effectiveType?: string } })
    .connection;
  return connection?.saveData === true || ['slow-2g', '2g'].includes(connection?.effectiveType ?? '');
}

const KEY = 'peyk.prefs';

const DEFAULTS: Prefs = {
  language: 'auto',
  theme: 'system',
  calendar: 'auto',
  digits: 'auto',
  weekStart: 'auto',
  hourCycle: 'auto',
  enterSends: true,
  notifications: true,
  notificationPreview: true,
  lastSeen: 'everybody',
  autoDownloadBytes: slowConnection() ? 100 * 1024 : 0,
};

function load(): Prefs {
  try {
    return { ...DEFAULTS, ...(JSON.parse(localStorage.getItem(KEY) ?? '{}') as Partial<Prefs>) };
  } catch {
    return DEFAULTS;
  }
}

export const prefs = signal<Prefs>(load());

/** Changes some preferences and saves them. */
export function setPrefs(change: Partial<Prefs>): void {
  prefs.value = { ...prefs.value, ...change };
  try {
    localStorage.setItem(KEY, JSON.stringify(prefs.value));
  } catch {
    // Private mode or a full quota: the choice holds for this tab.
  }
}
