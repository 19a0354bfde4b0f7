import { t } from '../../i18n/i18n';
import { Icon, type IconName } from '../../ui/icon';

export type FormatKind = 'bold' | 'italic' | 'strike' | 'code' | 'link';

const BUTTONS: { kind: FormatKind; icon?: IconName; text?: string; shortcut: string }[] = [
  { kind: 'bold', icon: 'bold', shortcut: 'Ctrl+B' },
  { kind: 'italic', icon: 'italic', shortcut: 'Ctrl+I' },
  { kind: 'strike', text: 'S', shortcut: 'Ctrl+Shift+X' },
  { kind: 'code', icon: 'code', shortcut: 'Ctrl+E' },
  { kind: 'link', icon: 'link', shortcut: 'Ctrl+K' },
];

/** Formatting buttons; each names its keyboard shortcut. */
export function FormatToolbar({ onFormat }: { onFormat: (kind: FormatKind) => void }) {
  return (
    <div class="format-toolbar" role="toolbar" aria-label={t('composer.formatting')}>
      {BUTTONS.map((button) => (
        <button
          key={button.kind}
          type="button"
          class="icon-button small"
          aria-label={`${t(`composer.${button.kind}`)} (${button.shortcut})`}
          title={`${t(`composer.${button.kind}`)} (${button.shortcut})`}
          // Keep the textarea's selection: the button must not take focus on mouse down.
          onMouseDown={(event) => event.preventDefault()}
          onClick={() => onFormat(button.kind)}
        >
          {button.icon ? <Icon name={button.icon} size={20} /> : <s class="format-letter">{button.text}</s>}
        </button>
      ))}
    </div>
  );
}
