import { PeykError } from '@peyk/client';
import { t } from '../i18n/i18n';

/** A translated sentence for an error: every stable error code has its own message. */
export function errorText(error: unknown): string {
  const code = error instanceof PeykError ? error.code : 'UNKNOWN';
  if (code === 'FLOOD_WAIT' && error instanceof PeykError) {
    return t('error.FLOOD_WAIT', { seconds: Math.max(1, error.retryAfter) });
  }
  const key = `error.${code}`;
  const text = t(key);
  return text === key ? t('error.generic') : text;
}

/** The stable code of an error, for branching. */
export function errorCode(error: unknown): string {
  return error instanceof PeykError ? error.code : 'UNKNOWN';
}
