import { t } from '../../i18n/i18n';
import { Field } from '../../ui/field';

/** The second-factor password, asked for once the server answered SECOND_FACTOR_REQUIRED. */
export function SecondFactorField({ value, onInput }: { value: string; onInput: (value: string) => void }) {
  return (
    <Field
      label={t('auth.secondFactor')}
      type="password"
      value={value}
      onInput={onInput}
      autoComplete="one-time-code"
      dir="ltr"
    />
  );
}
