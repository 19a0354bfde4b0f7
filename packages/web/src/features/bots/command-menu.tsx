import type { BotCommand } from '@peyk/protocol';
import { useState } from 'preact/hooks';
import { t } from '../../i18n/i18n';

/** The "/" button of a chat with a bot: its commands, one click sends one. */
export function CommandMenu({
  commands,
  onSend,
}: {
  commands: readonly BotCommand[];
  onSend: (text: string) => void;
}) {
  const [open, setOpen] = useState(false);
  if (commands.length === 0) return null;
  return (
    <div class="command-menu">
      <button
        type="button"
        class="icon-button command-toggle"
        aria-label={t('bots.commands')}
        aria-expanded={open}
        onClick={() => setOpen(!open)}
      >
        <span aria-hidden="true">/</span>
      </button>
      {open && (
        <ul class="command-list" aria-label={t('bots.commands')}>
          {commands.map((command) => (
            <li key={command.command}>
              <button
                type="button"
                onClick={() => {
                  setOpen(false);
                  onSend(`/${command.command}`);
                }}
              >
                <span class="command-name">/{command.command}</span>
                <span class="command-description" dir="auto">
                  {command.description}
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
