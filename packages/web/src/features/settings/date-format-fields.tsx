import { setAccountPrefs } from '../../app/account-settings';
import { prefs } from '../../app/prefs';
import { dateSettings, t } from '../../i18n/i18n';
import {
  type CalendarChoice,
  type DigitsChoice,
  digitSample,
  formatTime,
  type HourCycleChoice,
  nativeDigits,
  type WeekStartChoice,
  weekdayName,
} from '../../lib/dates';
import { SelectField } from './select-field';

/** 13:45 on some day: a time that reads differently on a 12- and a 24-hour clock. */
const SAMPLE_TIME = Date.UTC(2024, 0, 1, 13, 45) / 1000;

/** Calendar, digits, first day of the week and clock: how dates and numbers are written. */
export function DateFormatFields() {
  const p = prefs.value;
  const settings = { ...dateSettings.value, timeZone: 'UTC' };
  const native = nativeDigits(settings.language);
  const sampleTime = (hourCycle: HourCycleChoice) => formatTime(SAMPLE_TIME, { ...settings, hourCycle });
  return (
    <>
      <SelectField<CalendarChoice>
        label={t('settings.calendar')}
        value={p.calendar}
        onChange={(calendar) => setAccountPrefs({ calendar })}
        options={[
          ['auto', t('settings.automatic')],
          ['gregory', t('settings.calendarGregorian')],
          ['persian', t('settings.calendarPersian')],
          ['islamic-umalqura', t('settings.calendarHijri')],
        ]}
      />
      <SelectField<DigitsChoice>
        label={t('settings.digits')}
        value={p.digits}
        onChange={(digits) => setAccountPrefs({ digits })}
        options={[
          ['auto', t('settings.automatic')],
          // Offered where the language has digits of its own (hi, ur, ...), or kept once chosen.
          ...(native !== 'latn' || p.digits === 'native'
            ? [
                ['native', t('settings.digitsNative', { digits: digitSample(native) })] as [
                  DigitsChoice,
                  string,
                ],
              ]
            : []),
          ['latn', digitSample('latn')],
          ['arabext', digitSample('arabext')],
          ['arab', digitSample('arab')],
        ]}
      />
      <SelectField<WeekStartChoice>
        label={t('settings.weekStart')}
        value={p.weekStart}
        onChange={(weekStart) => setAccountPrefs({ weekStart })}
        options={[
          ['auto', t('settings.automatic')],
          ['saturday', weekdayName(6, settings)],
          ['sunday', weekdayName(7, settings)],
          ['monday', weekdayName(1, settings)],
        ]}
      />
      <SelectField<HourCycleChoice>
        label={t('settings.clock')}
        value={p.hourCycle}
        onChange={(hourCycle) => setAccountPrefs({ hourCycle })}
        options={[
          ['auto', t('settings.automatic')],
          ['h12', t('settings.clock12', { time: sampleTime('h12') })],
          ['h23', t('settings.clock24', { time: sampleTime('h23') })],
        ]}
      />
    </>
  );
}
