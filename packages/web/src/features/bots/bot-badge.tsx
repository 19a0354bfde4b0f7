import type { User } from '@peyk/protocol';
import { t } from '../../i18n/i18n';

/** Marks a bot beside its name (chat header, dialog list, member list), as Telegram clients do. */
export function BotBadge({ user }: { user: User | undefined }) {
  return user?.isBot ? <span class="bot-badge">{t('user.bot')}</span> : null;
}
