import { create } from '@bufbuild/protobuf';
import { type UserSettings, UserSettingsSchema } from '@peyk/protocol';
import type { UserSettingsRow } from '../../store/schema.js';
import type { Store } from '../../store/store.js';
import type { Caller } from '../caller.js';
import type { Clock } from '../clock.js';
import { invalidInput } from '../errors.js';
import type { Fanout } from '../updates/fanout.js';
import { LANGUAGES } from './languages.js';

/** The values each setting may take; '' follows the device. */
const CHOICES = {
  language: LANGUAGES,
  calendar: ['gregory', 'persian', 'islamic-umalqura'],
  digits: ['native', 'latn', 'arabext', 'arab'],
  weekStart: ['saturday', 'sunday', 'monday'],
  hourCycle: ['h12', 'h23'],
} as const satisfies Record<keyof Omit<UserSettings, '$typeName' | '$unknown'>, readonly string[]>;

/** A person's settings, kept for the account and told to all of its devices. */
export class SettingsService {
  constructor(private readonly deps: { store: Store; clock: Clock; fanout: Fanout }) {}

  async get(caller: Caller): Promise<UserSettings> {
    return viewSettings(await this.deps.store.read.settings.settingsOf(caller.userId));
  }

  /** Replaces every setting; INPUT_INVALID (and nothing saved) for a value not offered. */
  async set(caller: Caller, input: UserSettings | undefined): Promise<UserSettings> {
    const settings = create(UserSettingsSchema, input ?? {});
    for (const [field, allowed] of Object.entries(CHOICES)) {
      const value = settings[field as keyof typeof CHOICES];
      if (value !== '' && !(allowed as readonly string[]).includes(value)) {
        throw invalidInput(`${field} must be one of: ${allowed.join(', ')} (or empty)`);
      }
    }
    const now = this.deps.clock.now();
    const delivery = await this.deps.store.write(async (tx) => {
      await tx.settings.save({
        user_id: caller.userId,
        language: settings.language,
        calendar: settings.calendar,
        digits: settings.digits,
        week_start: settings.weekStart,
        hour_cycle: settings.hourCycle,
        updated_at: now,
      });
      return this.deps.fanout.userEvent(tx, caller.userId, { case: 'settingsChanged', value: settings }, now);
    });
    this.deps.fanout.publish([delivery]);
    return settings;
  }
}

export function viewSettings(row: UserSettingsRow | undefined): UserSettings {
  return create(UserSettingsSchema, {
    language: row?.language ?? '',
    calendar: row?.calendar ?? '',
    digits: row?.digits ?? '',
    weekStart: row?.week_start ?? '',
    hourCycle: row?.hour_cycle ?? '',
  });
}
