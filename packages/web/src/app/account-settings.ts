import type { PeykClient } from '@peyk/client';
import type { UserSettings } from '@peyk/protocol';
import { language, loadCatalog } from '../i18n/i18n';
import { type Prefs, prefs, setPrefs } from './prefs';
import { onClient } from './session';

/**
 * The preferences kept for the account on the server (language, calendar, digits, week, clock),
 * so every device of the person follows them. Before sign-in they live in this browser only;
 * at sign-in the account's values win, unless the account has none yet: then this browser's
 * choices become the account's.
 */
export type AccountPrefs = Pick<Prefs, 'language' | 'calendar' | 'digits' | 'weekStart' | 'hourCycle'>;

type SettingsFields = Omit<UserSettings, '$typeName' | '$unknown'>;

const FIELDS = ['language', 'calendar', 'digits', 'weekStart', 'hourCycle'] as const;

// The server says '' where the app says 'auto' (follow the device).
function toSettings(p: AccountPrefs): SettingsFields {
  return Object.fromEntries(FIELDS.map((f) => [f, p[f] === 'auto' ? '' : p[f]])) as SettingsFields;
}

function toPrefs(s: SettingsFields): AccountPrefs {
  return Object.fromEntries(FIELDS.map((f) => [f, s[f] === '' ? 'auto' : s[f]])) as AccountPrefs;
}

const isEmpty = (s: SettingsFields) => Object.values(s).every((value) => value === '');

let signedInClient: PeykClient | undefined;

function apply(settings: SettingsFields): void {
  setPrefs(toPrefs(settings));
  void loadCatalog(language.value);
}

/** Changes account preferences here and, when signed in, for all of the account's devices. */
export function setAccountPrefs(change: Partial<AccountPrefs>): void {
  setPrefs(change);
  // A failure (offline) leaves the choice on this device; the next change sends all of them.
  void signedInClient?.request('setSettings', { settings: toSettings(prefs.peek()) }).catch(() => {});
}

onClient((client) => {
  const reconcile = async () => {
    signedInClient = client;
    try {
      const stored = await client.request('getSettings', {});
      const local = toSettings(prefs.peek());
      if (isEmpty(stored) && !isEmpty(local)) await client.request('setSettings', { settings: local });
      else apply(stored);
    } catch {
      // Offline again: this browser's choices hold until the next sign-in or change.
    }
  };
  // Hooks run once the first sign-in (or resume) is done; later ones are reconnections.
  if (client.user) void reconcile();
  const offAuthenticated = client.on('authenticated', reconcile);
  const offUpdate = client.on('update', (update) => {
    if (update.kind.case === 'settingsChanged') apply(update.kind.value);
  });
  return () => {
    if (signedInClient === client) signedInClient = undefined;
    offAuthenticated();
    offUpdate();
  };
});
